/**
 * Managed login branding (`AWS::Cognito::ManagedLoginBranding`): CloudFormation's and Cognito's rules, each
 * with the page it comes from. Pure code, no aws-cdk-lib import.
 */

/**
 * Asset categories, colour modes and file types, as the registry schema and the API enumerate them.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-cognito-managedloginbranding-assettype.html
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AssetType.html
 */
export const BRANDING_ASSET_CATEGORIES = [
  'FAVICON_ICO',
  'FAVICON_SVG',
  'EMAIL_GRAPHIC',
  'SMS_GRAPHIC',
  'AUTH_APP_GRAPHIC',
  'PASSWORD_GRAPHIC',
  'PASSKEY_GRAPHIC',
  'PAGE_HEADER_LOGO',
  'PAGE_HEADER_BACKGROUND',
  'PAGE_FOOTER_LOGO',
  'PAGE_FOOTER_BACKGROUND',
  'PAGE_BACKGROUND',
  'FORM_BACKGROUND',
  'FORM_LOGO',
  'IDP_BUTTON_ICON',
] as const;

/** Colour modes an asset targets. @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AssetType.html */
export const BRANDING_COLOR_MODES = ['LIGHT', 'DARK', 'DYNAMIC'] as const;

/**
 * File types of assets (`Extension`), by the file-name extensions that give them.
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AssetType.html
 */
export const BRANDING_ASSET_EXTENSIONS: Readonly<Record<string, string>> = {
  ico: 'ICO',
  jpeg: 'JPEG',
  jpg: 'JPEG',
  png: 'PNG',
  svg: 'SVG',
  webp: 'WEBP',
};

/**
 * Limits of a branding style: at most 40 assets, each at most 1,000,000 Base64 characters; the settings and
 * assets travel in one request of at most 2 megabytes (taken as 2,000,000 bytes).
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ManagedLoginBrandingType.html
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-cognito-managedloginbranding-assettype.html
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cognito-managedloginbranding.html
 */
export const BRANDING_LIMITS = {
  maxAssets: 40,
  maxAssetBase64: 1_000_000,
  maxRequestBytes: 2_000_000,
} as const;

/** The `Extension` of a file name, or the problem with it. */
export function brandingExtension(fileName: string): { extension?: string; problem?: string } {
  const dot = fileName.lastIndexOf('.');
  const ext = dot >= 0 ? fileName.slice(dot + 1).toLowerCase() : '';
  const extension = BRANDING_ASSET_EXTENSIONS[ext];
  if (extension) return { extension };
  return {
    problem: `extension ${ext ? `.${ext}` : '(none)'} is not allowed; use ${Object.keys(BRANDING_ASSET_EXTENSIONS).join(', ')}`,
  };
}

/**
 * The problem with branding settings given as JSON text, or undefined: the `Settings` property is a JSON
 * object (registry schema `"type": "object"`).
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cognito-managedloginbranding.html#cfn-cognito-managedloginbranding-settings
 */
export function brandingSettingsProblem(json: string): {
  settings?: Record<string, unknown>;
  problem?: string;
} {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (e) {
    return { problem: `is not JSON: ${(e as Error).message}` };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return {
      problem: `must be a JSON object ({...}); got ${Array.isArray(parsed) ? 'an array' : String(parsed === null ? 'null' : typeof parsed)}`,
    };
  }
  return { settings: parsed as Record<string, unknown> };
}
