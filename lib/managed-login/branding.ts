import * as fs from 'node:fs';
import * as path from 'node:path';
import { Token } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import type { Construct } from 'constructs';
import { CognitoAuthError } from '../errors';
import { show } from '../private/show';
import {
  BRANDING_ASSET_CATEGORIES,
  BRANDING_COLOR_MODES,
  BRANDING_LIMITS,
  brandingExtension,
  brandingSettingsProblem,
} from '../shared/branding';

/**
 * What an image asset of managed login stands for.
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AssetType.html
 */
export enum BrandingAssetCategory {
  /** The favicon, as an .ico file. */
  FAVICON_ICO = 'FAVICON_ICO',
  /** The favicon, as an .svg file. */
  FAVICON_SVG = 'FAVICON_SVG',
  /** The graphic of the e-mail code step. */
  EMAIL_GRAPHIC = 'EMAIL_GRAPHIC',
  /** The graphic of the SMS code step. */
  SMS_GRAPHIC = 'SMS_GRAPHIC',
  /** The graphic of the authenticator-app step. */
  AUTH_APP_GRAPHIC = 'AUTH_APP_GRAPHIC',
  /** The graphic of the password step. */
  PASSWORD_GRAPHIC = 'PASSWORD_GRAPHIC',
  /** The graphic of the passkey step. */
  PASSKEY_GRAPHIC = 'PASSKEY_GRAPHIC',
  /** The logo in the page header. */
  PAGE_HEADER_LOGO = 'PAGE_HEADER_LOGO',
  /** The background of the page header. */
  PAGE_HEADER_BACKGROUND = 'PAGE_HEADER_BACKGROUND',
  /** The logo in the page footer. */
  PAGE_FOOTER_LOGO = 'PAGE_FOOTER_LOGO',
  /** The background of the page footer. */
  PAGE_FOOTER_BACKGROUND = 'PAGE_FOOTER_BACKGROUND',
  /** The background of the page. */
  PAGE_BACKGROUND = 'PAGE_BACKGROUND',
  /** The background of the form. */
  FORM_BACKGROUND = 'FORM_BACKGROUND',
  /** The logo above the form. */
  FORM_LOGO = 'FORM_LOGO',
  /** The icon of identity-provider buttons. */
  IDP_BUTTON_ICON = 'IDP_BUTTON_ICON',
}

/** The display mode an asset is for: light, dark, or both (browser-adaptive). */
export enum BrandingColorMode {
  /** Shown in light mode. */
  LIGHT = 'LIGHT',
  /** Shown in dark mode only. */
  DARK = 'DARK',
  /** Shown in every mode. */
  DYNAMIC = 'DYNAMIC',
}

/** An image of a managed login branding style. */
export class BrandingAsset {
  /**
   * An image file, read and Base64-encoded at synth. The file-name extension (`ico`, `jpeg`/`jpg`, `png`,
   * `svg`, `webp`) gives its type. A relative path is taken from the directory the CDK app runs in.
   */
  public static fromFile(
    category: BrandingAssetCategory,
    colorMode: BrandingColorMode,
    file: string,
  ): BrandingAsset {
    return new BrandingAsset(category, colorMode, file);
  }

  private constructor(
    /** What the image stands for. */
    public readonly category: BrandingAssetCategory,
    /** The display mode it is for. */
    public readonly colorMode: BrandingColorMode,
    /** The image file. */
    public readonly file: string,
  ) {}
}

/** Settings and images of a custom branding style. */
export interface CustomBrandingOptions {
  /**
   * The style's settings as JSON text: a JSON object, such as the `Settings` of the branding editor's export
   * (`aws cognito-idp describe-managed-login-branding-by-client --return-merged-resources`).
   * @see https://docs.aws.amazon.com/cognito/latest/developerguide/managed-login-brandingdesigner.html
   * @default - Cognito's settings
   */
  readonly settingsJson?: string;
  /** Images: at most 40, one per category and colour mode. @default - none */
  readonly assets?: BrandingAsset[];
}

/**
 * The look of managed login (version 2) for an app client: Cognito's, or settings and images of your own.
 *
 * ```ts
 * branding: LoginBranding.fromFile('branding/style.json', [
 *   BrandingAsset.fromFile(BrandingAssetCategory.FORM_LOGO, BrandingColorMode.LIGHT, 'branding/logo.svg'),
 * ]),
 * ```
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/managed-login-brandingdesigner.html
 */
export class LoginBranding {
  /** Cognito's own look (`UseCognitoProvidedValues`). */
  public static cognitoDefaults(): LoginBranding {
    return new LoginBranding(undefined, undefined, []);
  }

  /** Settings given as JSON text, and images. */
  public static custom(options: CustomBrandingOptions): LoginBranding {
    if (options === null || typeof options !== 'object') {
      throw new CognitoAuthError(
        'branding',
        `${show(options)} is not allowed; give { settingsJson?, assets? }`,
      );
    }
    if (options.settingsJson === undefined && (options.assets ?? []).length === 0) {
      throw new CognitoAuthError(
        'branding',
        'LoginBranding.custom({}) gives neither settingsJson nor assets; give one, or use LoginBranding.cognitoDefaults()',
      );
    }
    return new LoginBranding(options.settingsJson, undefined, options.assets ?? []);
  }

  /**
   * Settings read at synth from a JSON file (such as the branding editor's export, its `Settings` object),
   * and images. A relative path is taken from the directory the CDK app runs in.
   */
  public static fromFile(settingsFile: string, assets?: BrandingAsset[]): LoginBranding {
    return new LoginBranding(undefined, settingsFile, assets ?? []);
  }

  private constructor(
    /** @internal */ public readonly _settingsJson: string | undefined,
    /** @internal */ public readonly _settingsFile: string | undefined,
    /** @internal */ public readonly _assets: BrandingAsset[],
  ) {}

  /** True for Cognito's own look. @internal */
  public get _isDefault(): boolean {
    return this._settingsJson === undefined && this._settingsFile === undefined && this._assets.length === 0;
  }
}

/** A branding style, checked and ready for `CfnManagedLoginBranding`. */
export interface ResolvedBranding {
  readonly useCognitoProvidedValues: boolean;
  readonly settings?: unknown;
  readonly assets?: cognito.CfnManagedLoginBranding.AssetTypeProperty[];
}

/** The default style: Cognito's look. */
export const DEFAULT_BRANDING: ResolvedBranding = { useCognitoProvidedValues: true };

/**
 * Checks a branding style and reads its files: settings a JSON object, at most 40 assets of allowed types,
 * one per category and colour mode, each at most 1,000,000 Base64 characters, everything within the 2 MB
 * request limit.
 */
export function resolveBranding(prop: string, branding: LoginBranding): ResolvedBranding {
  if (!(branding instanceof LoginBranding)) {
    throw new CognitoAuthError(
      prop,
      `${show(branding)} is not allowed; use LoginBranding.cognitoDefaults(), custom(...) or fromFile(...)`,
    );
  }
  if (branding._isDefault) return DEFAULT_BRANDING;
  let settings: unknown;
  let settingsBytes = 0;
  if (branding._settingsFile !== undefined) {
    const file = branding._settingsFile;
    let text: string;
    try {
      text = fs.readFileSync(path.resolve(file), 'utf8');
    } catch (e) {
      throw new CognitoAuthError(
        `${prop}.settingsFile`,
        `${show(file)} cannot be read: ${(e as Error).message}`,
      );
    }
    const { settings: parsed, problem } = brandingSettingsProblem(text);
    if (problem) throw new CognitoAuthError(`${prop}.settingsFile`, `${show(file)} ${problem}`);
    settings = parsed;
    settingsBytes = Buffer.byteLength(JSON.stringify(parsed));
  } else if (branding._settingsJson !== undefined) {
    const json = branding._settingsJson;
    if (Token.isUnresolved(json)) {
      throw new CognitoAuthError(
        `${prop}.settingsJson`,
        'is a token; give the settings as JSON text known at synth (the Settings property is a JSON object, not a string)',
      );
    }
    const { settings: parsed, problem } = brandingSettingsProblem(json);
    if (problem) throw new CognitoAuthError(`${prop}.settingsJson`, problem);
    settings = parsed;
    settingsBytes = Buffer.byteLength(JSON.stringify(parsed));
  }
  const assets = resolveAssets(`${prop}.assets`, branding._assets);
  const total = settingsBytes + assets.reduce((sum, a) => sum + (a.bytes?.length ?? 0), 0);
  // https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cognito-managedloginbranding.html
  if (total > BRANDING_LIMITS.maxRequestBytes) {
    throw new CognitoAuthError(
      prop,
      `(settings and assets) is ${total.toLocaleString('en-US')} bytes; Cognito takes a branding style in one request of at most 2 MB (${BRANDING_LIMITS.maxRequestBytes.toLocaleString('en-US')} bytes): use smaller images`,
    );
  }
  return {
    useCognitoProvidedValues: false,
    ...(settings !== undefined ? { settings } : {}),
    ...(assets.length > 0 ? { assets } : {}),
  };
}

function resolveAssets(
  prop: string,
  assets: BrandingAsset[],
): cognito.CfnManagedLoginBranding.AssetTypeProperty[] {
  if (!Array.isArray(assets))
    throw new CognitoAuthError(prop, `${show(assets)} is not a list of BrandingAsset`);
  // https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ManagedLoginBrandingType.html
  if (assets.length > BRANDING_LIMITS.maxAssets) {
    throw new CognitoAuthError(
      prop,
      `has ${assets.length} assets; a branding style takes at most ${BRANDING_LIMITS.maxAssets}`,
    );
  }
  const seen = new Map<string, number>();
  return assets.map((asset, i) => {
    const p = `${prop}[${i}]`;
    if (!(asset instanceof BrandingAsset)) {
      throw new CognitoAuthError(
        p,
        `${show(asset)} is not allowed; use BrandingAsset.fromFile(category, colorMode, file)`,
      );
    }
    // https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AssetType.html
    if (!(BRANDING_ASSET_CATEGORIES as readonly string[]).includes(asset.category)) {
      throw new CognitoAuthError(
        `${p}.category`,
        `${show(asset.category)} is not allowed; use ${BRANDING_ASSET_CATEGORIES.join(', ')}`,
      );
    }
    if (!(BRANDING_COLOR_MODES as readonly string[]).includes(asset.colorMode)) {
      throw new CognitoAuthError(
        `${p}.colorMode`,
        `${show(asset.colorMode)} is not allowed; use ${BRANDING_COLOR_MODES.join(', ')}`,
      );
    }
    const key = `${asset.category}, ${asset.colorMode}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      throw new CognitoAuthError(
        p,
        `(${key}) appears twice (also ${prop}[${earlier}]); a style takes one image per category and colour mode`,
      );
    }
    seen.set(key, i);
    const { extension, problem } = brandingExtension(path.basename(asset.file));
    if (problem) throw new CognitoAuthError(p, `file ${show(asset.file)}: ${problem}`);
    let bytes: string;
    try {
      bytes = fs.readFileSync(path.resolve(asset.file)).toString('base64');
    } catch (e) {
      throw new CognitoAuthError(p, `file ${show(asset.file)} cannot be read: ${(e as Error).message}`);
    }
    // https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-cognito-managedloginbranding-assettype.html
    if (bytes.length > BRANDING_LIMITS.maxAssetBase64) {
      throw new CognitoAuthError(
        p,
        `file ${show(asset.file)} is ${bytes.length.toLocaleString('en-US')} Base64 characters; an asset takes at most ${BRANDING_LIMITS.maxAssetBase64.toLocaleString('en-US')}`,
      );
    }
    return { category: asset.category, colorMode: asset.colorMode, extension: extension!, bytes };
  });
}

/**
 * The branding style of one client (`ManagedLoginBranding-<client>`: a fixed id, so that switching from
 * Cognito's look to a custom one is an update in place), created after the domain. Managed login needs a
 * style for every client that uses it.
 */
export function brandClient(
  scope: Construct,
  name: string,
  userPool: cognito.IUserPool,
  client: cognito.UserPoolClient,
  domain: cognito.UserPoolDomain | undefined,
  branding: ResolvedBranding = DEFAULT_BRANDING,
): cognito.CfnManagedLoginBranding {
  const style = new cognito.CfnManagedLoginBranding(scope, `ManagedLoginBranding-${name}`, {
    userPoolId: userPool.userPoolId,
    clientId: client.userPoolClientId,
    useCognitoProvidedValues: branding.useCognitoProvidedValues,
    settings: branding.settings,
    assets: branding.assets,
  });
  if (domain) style.node.addDependency(domain);
  return style;
}
