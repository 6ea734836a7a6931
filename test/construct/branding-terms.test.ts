import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, CfnParameter, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import {
  AppClient,
  AuthDomain,
  BrandingAsset,
  BrandingAssetCategory,
  BrandingColorMode,
  CognitoAuth,
  CognitoAuthProps,
  LoginBranding,
} from '../../lib';
import { expectDeployable } from '../template-checks';
import { synth, synthError, tmpDir } from '../util';

const web = AppClient.web({ callbackUrls: ['https://app.acme-corp.net/cb'] });
const domain = AuthDomain.cognitoPrefix('acme-shop');
const dir = tmpDir('branding');
const SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8"/></svg>';

/** A file under the test's scratch directory. */
function file(name: string, content: string | Buffer): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, content);
  return p;
}

const logo = file('logo.svg', SVG);
const settingsFile = file(
  'style.json',
  JSON.stringify({ components: { pageBackground: { image: { enabled: false } } } }),
);
const logoAsset = BrandingAsset.fromFile(BrandingAssetCategory.FORM_LOGO, BrandingColorMode.LIGHT, logo);
const terms = {
  termsOfUse: { default: 'https://acme-corp.net/terms', french: 'https://acme-corp.net/fr/conditions' },
  privacyPolicy: { default: 'https://acme-corp.net/privacy' },
};

function resources(template: Template, type: string): Array<{ Properties: Record<string, unknown> }> {
  return Object.values(template.findResources(type)) as Array<{ Properties: Record<string, unknown> }>;
}

describe('managed login branding', () => {
  test("Cognito's look by default, as before", () => {
    const { template } = synth({ clients: { web }, domain });
    const [style] = resources(template, 'AWS::Cognito::ManagedLoginBranding');
    expect(style.Properties).toEqual({
      UserPoolId: { Ref: expect.stringMatching(/^AuthUserPool/) },
      ClientId: { Ref: expect.stringMatching(/^AuthUserPoolClientweb/) },
      UseCognitoProvidedValues: true,
    });
  });

  test('settings from a file and an SVG asset, Base64-encoded, under the same logical id as the default style', () => {
    const before = synth({ clients: { web }, domain });
    const after = synth({
      clients: { web },
      domain,
      branding: LoginBranding.fromFile(settingsFile, [logoAsset]),
    });
    const idOf = (t: Template) => Object.keys(t.findResources('AWS::Cognito::ManagedLoginBranding'));
    expect(idOf(after.template)).toEqual(idOf(before.template));
    expect(idOf(after.template)[0]).toMatch(/^AuthManagedLoginBrandingweb/);
    const [style] = resources(after.template, 'AWS::Cognito::ManagedLoginBranding');
    expect(style.Properties).toMatchObject({
      UseCognitoProvidedValues: false,
      Settings: { components: { pageBackground: { image: { enabled: false } } } },
      Assets: [
        {
          Category: 'FORM_LOGO',
          ColorMode: 'LIGHT',
          Extension: 'SVG',
          Bytes: Buffer.from(SVG).toString('base64'),
        },
      ],
    });
  });

  test("a client's own branding overrides the construct's", () => {
    const portal = AppClient.server({
      callbackUrls: ['https://portal.acme-corp.net/cb'],
      branding: LoginBranding.cognitoDefaults(),
    });
    const { template } = synth({
      clients: { web, portal },
      domain,
      branding: LoginBranding.custom({ settingsJson: '{"categories":{}}' }),
    });
    template.hasResourceProperties('AWS::Cognito::ManagedLoginBranding', {
      ClientId: { Ref: Match.stringLikeRegexp('Clientweb') },
      UseCognitoProvidedValues: false,
      Settings: { categories: {} },
    });
    template.hasResourceProperties('AWS::Cognito::ManagedLoginBranding', {
      ClientId: { Ref: Match.stringLikeRegexp('Clientportal') },
      UseCognitoProvidedValues: true,
    });
  });

  test('the style is exposed per client', () => {
    const { auth } = synth({ clients: { web }, domain });
    expect(auth.brandingStyles.web).toBeInstanceOf(cognito.CfnManagedLoginBranding);
  });

  const many = Array.from({ length: 41 }, (_, i) =>
    BrandingAsset.fromFile(
      Object.values(BrandingAssetCategory)[i % 15],
      Object.values(BrandingColorMode)[Math.floor(i / 15)] ?? BrandingColorMode.LIGHT,
      logo,
    ),
  );
  test.each<[string, () => CognitoAuthProps, RegExp]>([
    [
      'settings that are not JSON',
      () => ({ clients: { web }, domain, branding: LoginBranding.custom({ settingsJson: '{"a":' }) }),
      /branding\.settingsJson is not JSON: /,
    ],
    [
      'settings that are not an object',
      () => ({ clients: { web }, domain, branding: LoginBranding.custom({ settingsJson: '[1]' }) }),
      /branding\.settingsJson must be a JSON object \(\{\.\.\.\}\); got an array/,
    ],
    [
      'a settings file that is missing',
      () => ({ clients: { web }, domain, branding: LoginBranding.fromFile(path.join(dir, 'nope.json')) }),
      /branding\.settingsFile ".*nope\.json" cannot be read: ENOENT/,
    ],
    [
      'more than 40 assets',
      () => ({ clients: { web }, domain, branding: LoginBranding.custom({ assets: many }) }),
      /branding\.assets has 41 assets; a branding style takes at most 40/,
    ],
    [
      'two assets of one category and colour mode',
      () => ({
        clients: { web },
        domain,
        branding: LoginBranding.custom({ assets: [logoAsset, logoAsset] }),
      }),
      /branding\.assets\[1\] \(FORM_LOGO, LIGHT\) appears twice \(also branding\.assets\[0\]\)/,
    ],
    [
      'a file type Cognito does not take',
      () => ({
        clients: { web },
        domain,
        branding: LoginBranding.custom({
          assets: [
            BrandingAsset.fromFile(
              BrandingAssetCategory.FORM_LOGO,
              BrandingColorMode.DARK,
              file('logo.gif', 'GIF89a'),
            ),
          ],
        }),
      }),
      /branding\.assets\[0\] file ".*logo\.gif": extension \.gif is not allowed; use ico, jpeg, jpg, png, svg, webp/,
    ],
    [
      'an asset over 1,000,000 Base64 characters',
      () => ({
        clients: { web },
        domain,
        branding: LoginBranding.custom({
          assets: [
            BrandingAsset.fromFile(
              BrandingAssetCategory.PAGE_BACKGROUND,
              BrandingColorMode.LIGHT,
              file('big.png', Buffer.alloc(800_000)),
            ),
          ],
        }),
      }),
      /branding\.assets\[0\] file ".*big\.png" is 1,066,668 Base64 characters; an asset takes at most 1,000,000/,
    ],
    [
      'settings and assets over 2 MB',
      () => ({
        clients: { web },
        domain,
        branding: LoginBranding.custom({
          assets: [BrandingColorMode.LIGHT, BrandingColorMode.DARK, BrandingColorMode.DYNAMIC].map((mode) =>
            BrandingAsset.fromFile(
              BrandingAssetCategory.PAGE_BACKGROUND,
              mode,
              file('bg.png', Buffer.alloc(700_000)),
            ),
          ),
        }),
      }),
      /branding \(settings and assets\) is 2,800,008 bytes; Cognito takes a branding style in one request of at most 2 MB/,
    ],
    [
      'no domain',
      () => ({ clients: { web }, branding: LoginBranding.fromFile(settingsFile) }),
      /branding is set but there is no domain/,
    ],
    [
      'the classic hosted UI',
      () => ({
        clients: { web },
        domain,
        managedLoginVersion: cognito.ManagedLoginVersion.CLASSIC_HOSTED_UI,
        branding: LoginBranding.fromFile(settingsFile),
      }),
      /branding is set but the domain uses CLASSIC_HOSTED_UI/,
    ],
    [
      'the Lite plan (classic hosted UI by default)',
      () => ({
        clients: { web },
        domain,
        featurePlan: cognito.FeaturePlan.LITE,
        branding: LoginBranding.fromFile(settingsFile),
      }),
      /branding is set but the domain uses CLASSIC_HOSTED_UI/,
    ],
    [
      'a client without managed login',
      () => ({
        clients: { cli: AppClient.password({ branding: LoginBranding.fromFile(settingsFile) }) },
        domain,
      }),
      /clients\.cli\.branding is set but the client does not use managed login \(a password client without callback URLs\)/,
    ],
  ])('refuses %s', (_name, props, message) => {
    expect(synthError(props()).message).toMatch(message);
  });

  test('custom() with nothing in it is refused where it is written', () => {
    expect(() => LoginBranding.custom({})).toThrow(/gives neither settingsJson nor assets/);
  });
});

describe('terms', () => {
  test('two Terms resources per managed-login client, with ClientId and links by language', () => {
    const { template } = synth({ clients: { web, cli: AppClient.password() }, domain, terms });
    const all = template.findResources('AWS::Cognito::Terms');
    expect(Object.keys(all).sort()).toEqual([
      expect.stringMatching(/^AuthTermswebPrivacyPolicy/),
      expect.stringMatching(/^AuthTermswebTermsOfUse/),
    ]);
    template.hasResourceProperties('AWS::Cognito::Terms', {
      UserPoolId: { Ref: Match.stringLikeRegexp('^AuthUserPool') },
      ClientId: { Ref: Match.stringLikeRegexp('Clientweb') },
      TermsName: 'terms-of-use',
      TermsSource: 'LINK',
      Enforcement: 'NONE',
      Links: {
        'cognito:default': 'https://acme-corp.net/terms',
        'cognito:french': 'https://acme-corp.net/fr/conditions',
      },
    });
    template.hasResourceProperties('AWS::Cognito::Terms', {
      TermsName: 'privacy-policy',
      Links: { 'cognito:default': 'https://acme-corp.net/privacy' },
    });
  });

  test('the client configuration lists them for apps with their own sign-up page', () => {
    const { auth, stack } = synth({ clients: { web }, domain, terms });
    const config = stack.resolve(auth.clientConfiguration) as {
      custom: { cognito_auth: { clients: Record<string, { terms?: unknown }> } };
    };
    expect(config.custom.cognito_auth.clients.web.terms).toEqual({
      terms_of_use: { default: 'https://acme-corp.net/terms', french: 'https://acme-corp.net/fr/conditions' },
      privacy_policy: { default: 'https://acme-corp.net/privacy' },
    });
  });

  test('a warning when self sign-up is off', () => {
    const { stack } = synth({ clients: { web }, domain, terms, selfSignUpEnabled: false });
    Annotations.fromStack(stack).hasWarning(
      '/TestStack/Auth',
      Match.stringLikeRegexp('clients.web has terms documents but selfSignUpEnabled is false'),
    );
  });

  test.each<[string, CognitoAuthProps, RegExp]>([
    [
      'a missing privacy policy',
      { clients: { web }, domain, terms: { termsOfUse: terms.termsOfUse } as never },
      /terms\.privacyPolicy is missing; Cognito shows the terms only when both/,
    ],
    [
      'no default link',
      {
        clients: { web },
        domain,
        terms: { ...terms, privacyPolicy: { english: 'https://acme-corp.net/p' } },
      },
      /terms\.privacyPolicy has no "default" link \(given: english\)/,
    ],
    [
      'a language managed login does not have',
      {
        clients: { web },
        domain,
        terms: {
          ...terms,
          termsOfUse: { default: 'https://a.acme-corp.net', de: 'https://b.acme-corp.net' },
        },
      },
      /terms\.termsOfUse key "de" is not a managed-login language; use default, english, french/,
    ],
    [
      'a link that is not https',
      {
        clients: { web },
        domain,
        terms: { ...terms, termsOfUse: { default: 'http://acme-corp.net/terms' } },
      },
      /terms\.termsOfUse\.default "http:\/\/acme-corp\.net\/terms" is not https/,
    ],
    [
      'a link over 1,024 characters',
      {
        clients: { web },
        domain,
        terms: { ...terms, termsOfUse: { default: `https://acme-corp.net/${'a'.repeat(1010)}` } },
      },
      /terms\.termsOfUse\.default ".*" has 1032 characters; allowed: 1 to 1024/,
    ],
    ['no domain', { clients: { web }, terms }, /terms is set but there is no domain/],
    [
      'terms on a machine-less client without callbacks',
      { clients: { app: AppClient.web({ terms }) }, domain },
      /clients\.app\.terms is set but the client does not use managed login \(a web client without callback URLs\)/,
    ],
  ])('refuses %s', (_name, props, message) => {
    expect(synthError(props).message).toMatch(message);
  });
});

describe('user context data and Pinpoint', () => {
  const portal = (extra: object) =>
    AppClient.server({ callbackUrls: ['https://portal.acme-corp.net/cb'], ...extra });

  test('propagation on a confidential client, written and listed', () => {
    const { template, auth, stack } = synth({
      clients: { web, portal: portal({ propagateUserContextData: true }) },
      featurePlan: cognito.FeaturePlan.PLUS,
    });
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      ClientName: 'Auth-portal',
      EnablePropagateAdditionalUserContextData: true,
    });
    const config = stack.resolve(auth.clientConfiguration) as {
      custom: { cognito_auth: { clients: Record<string, { propagate_user_context_data?: boolean }> } };
    };
    expect(config.custom.cognito_auth.clients.portal.propagate_user_context_data).toBe(true);
    expect(config.custom.cognito_auth.clients.web.propagate_user_context_data).toBeUndefined();
  });

  test('propagation on a public client is refused', () => {
    expect(
      synthError({ clients: { web: AppClient.web({ propagateUserContextData: true }) } }).message,
    ).toMatch(
      /clients\.web\.propagateUserContextData is true but the client has no secret \(generateSecret false\); Cognito accepts user context data only from confidential clients/,
    );
  });

  test('propagation without threat protection is a warning', () => {
    const { stack } = synth({ clients: { portal: portal({ propagateUserContextData: true }) } });
    Annotations.fromStack(stack).hasWarning(
      '/TestStack/Auth',
      Match.stringLikeRegexp('propagateUserContextData is true but threat protection is off'),
    );
  });

  const arn = 'arn:aws:mobiletargeting:eu-west-1:123456789012:apps/0123456789abcdef0123456789abcdef';
  test('Pinpoint analytics by project ARN, in Amplify outputs, with an end-of-support warning', () => {
    const { template, auth, stack } = synth({
      clients: { web: AppClient.web({ pinpointAnalytics: { applicationArn: arn, shareUserData: true } }) },
    });
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      AnalyticsConfiguration: { ApplicationArn: arn, UserDataShared: true },
    });
    const config = stack.resolve(auth.clientConfiguration) as { analytics?: unknown };
    expect(config.analytics).toEqual({
      amazon_pinpoint: { aws_region: 'eu-west-1', app_id: '0123456789abcdef0123456789abcdef' },
    });
    Annotations.fromStack(stack).hasWarning(
      '/TestStack/Auth',
      Match.stringLikeRegexp('end of support on 2026-10-30'),
    );
  });

  test('a project in us-east-1 is allowed, another Region is refused', () => {
    const east = arn.replace('eu-west-1', 'us-east-1');
    expect(() =>
      synth({ clients: { web: AppClient.web({ pinpointAnalytics: { applicationArn: east } }) } }),
    ).not.toThrow();
    const west2 = arn.replace('eu-west-1', 'eu-west-2');
    expect(
      synthError({ clients: { web: AppClient.web({ pinpointAnalytics: { applicationArn: west2 } }) } })
        .message,
    ).toMatch(
      /clients\.web\.pinpointAnalytics\.applicationArn ".*" is in eu-west-2; a user pool in eu-west-1 sends events to a Pinpoint project in eu-west-1 \(or in us-east-1/,
    );
    expect(
      synthError({
        clients: { web: AppClient.web({ pinpointAnalytics: { applicationArn: 'arn:aws:s3:::bucket' } }) },
      }).message,
    ).toMatch(/"arn:aws:s3:::bucket" is not a Pinpoint project ARN/);
  });
});

test('a kitchen-sink app with branding, terms, propagation and analytics passes aws-cdk-lib validation and cfn-lint', () => {
  const outdir = tmpDir('branding-lint');
  const app = new App({ outdir });
  const stack = new Stack(app, 'Branded', { env: { account: '123456789012', region: 'eu-west-1' } });
  new CognitoAuth(stack, 'Auth', {
    featurePlan: cognito.FeaturePlan.PLUS,
    domain,
    branding: LoginBranding.fromFile(settingsFile, [logoAsset]),
    terms,
    clients: {
      web: AppClient.web({
        callbackUrls: ['https://app.acme-corp.net/cb'],
        pinpointAnalytics: {
          applicationArn:
            'arn:aws:mobiletargeting:eu-west-1:123456789012:apps/0123456789abcdef0123456789abcdef',
        },
      }),
      portal: AppClient.server({
        callbackUrls: ['https://portal.acme-corp.net/cb'],
        propagateUserContextData: true,
      }),
    },
  });
  app.synth();
  expectDeployable(outdir);
});

describe('tokens skip the checks that need values', () => {
  test('a terms link known at deploy time only is written as given', () => {
    const stack = new Stack(new App({ outdir: tmpDir('terms-token') }), 'S', {
      env: { account: '123456789012', region: 'eu-west-1' },
    });
    const url = new CfnParameter(stack, 'TermsUrl').valueAsString;
    new CognitoAuth(stack, 'Auth', {
      clients: { web },
      domain,
      terms: { termsOfUse: { default: url }, privacyPolicy: { default: 'https://acme-corp.net/privacy' } },
    });
    Template.fromStack(stack).hasResourceProperties('AWS::Cognito::Terms', {
      TermsName: 'terms-of-use',
      Links: { 'cognito:default': { Ref: 'TermsUrl' } },
    });
  });

  test('a Pinpoint ARN known at deploy time only: no Region check, Amplify outputs split it in CloudFormation', () => {
    const stack = new Stack(new App({ outdir: tmpDir('pinpoint-token') }), 'S', {
      env: { account: '123456789012', region: 'eu-west-1' },
    });
    const arn = new CfnParameter(stack, 'ProjectArn').valueAsString;
    const auth = new CognitoAuth(stack, 'Auth', {
      clients: { web: AppClient.web({ pinpointAnalytics: { applicationArn: arn } }) },
    });
    Template.fromStack(stack).hasResourceProperties('AWS::Cognito::UserPoolClient', {
      AnalyticsConfiguration: { ApplicationArn: { Ref: 'ProjectArn' }, UserDataShared: false },
    });
    const config = stack.resolve(auth.clientConfiguration) as { analytics: { amazon_pinpoint: unknown } };
    expect(config.analytics.amazon_pinpoint).toEqual({
      aws_region: { 'Fn::Select': [3, { 'Fn::Split': [':', { Ref: 'ProjectArn' }] }] },
      app_id: { 'Fn::Select': [1, { 'Fn::Split': ['apps/', { Ref: 'ProjectArn' }] }] },
    });
  });

  test('branding settings as a token are refused: CloudFormation takes them as an object', () => {
    const stack = new Stack(new App({ outdir: tmpDir('branding-token') }), 'S', {
      env: { account: '123456789012', region: 'eu-west-1' },
    });
    const json = new CfnParameter(stack, 'Style').valueAsString;
    expect(
      () =>
        new CognitoAuth(stack, 'Auth', {
          clients: { web },
          domain,
          branding: LoginBranding.custom({ settingsJson: json }),
        }),
    ).toThrow(/branding\.settingsJson is a token; give the settings as JSON text known at synth/);
  });
});
