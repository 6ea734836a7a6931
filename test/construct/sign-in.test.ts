import { App, Stack, Token } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import {
  AppClient,
  AuthDomain,
  AuthEmail,
  AuthProfile,
  CognitoAuth,
  CognitoAuthError,
  CognitoAuthProps,
} from '../../lib';
import { allowTemplateFindings, expectDeployable } from '../template-checks';
import { clientProps, newStack, only, synth, synthError, tmpDir } from '../util';

const ses = AuthEmail.ses({ fromEmail: 'no-reply@acme-corp.net' });
const prefix = AuthDomain.cognitoPrefix('acme-shop');
const prefixHost = 'acme-shop.auth.eu-west-1.amazoncognito.com';

function warnings(props: CognitoAuthProps): string[] {
  const stack = newStack();
  new CognitoAuth(stack, 'Auth', props);
  return Annotations.fromStack(stack)
    .findWarning('*', Match.anyValue())
    .map((w) => String(w.entry.data));
}

describe('choice-based sign-in', () => {
  test('e-mail codes and passkeys: first factors, relying party from the domain, USER_AUTH on web clients', () => {
    const { template, auth } = synth({
      email: ses,
      signInFactors: { emailOtp: true, passkey: true },
      domain: prefix,
      clients: {
        web: AppClient.web({ callbackUrls: ['https://shop.acme-corp.net/cb'] }),
        scripts: AppClient.password(),
      },
    });
    const pool = only(template, 'AWS::Cognito::UserPool').Properties;
    expect((pool.Policies as { SignInPolicy: unknown }).SignInPolicy).toEqual({
      AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP', 'WEB_AUTHN'],
    });
    expect(pool.WebAuthnRelyingPartyID).toBe(prefixHost);
    expect(pool.WebAuthnUserVerification).toBe('preferred');
    expect(pool.WebAuthnFactorConfiguration).toBe('SINGLE_FACTOR');
    expect(clientProps(template, 'web').ExplicitAuthFlows).toEqual([
      'ALLOW_USER_SRP_AUTH',
      'ALLOW_USER_AUTH',
      'ALLOW_REFRESH_TOKEN_AUTH',
    ]);
    // Scripts sign in with e-mailed codes too.
    expect(clientProps(template, 'scripts').ExplicitAuthFlows).toContain('ALLOW_USER_AUTH');

    const config = auth.clientConfiguration;
    expect(config.auth.passwordless).toEqual({
      email_otp_enabled: true,
      sms_otp_enabled: false,
      web_authn: { relying_party_id: prefixHost, user_verification: 'preferred' },
    });
    expect(config.custom.cognito_auth.sign_in_factors).toEqual(['PASSWORD', 'EMAIL_OTP', 'WEB_AUTHN']);
    expect(config.custom.cognito_auth.passkeys).toEqual({
      relying_party_id: prefixHost,
      user_verification: 'preferred',
      satisfies_mfa: false,
    });
  });

  test('password only (the default): no sign-in policy, no USER_AUTH, no passwordless output', () => {
    const { template, auth } = synth();
    const pool = only(template, 'AWS::Cognito::UserPool').Properties;
    expect((pool.Policies as Record<string, unknown>).SignInPolicy).toBeUndefined();
    expect(pool.WebAuthnRelyingPartyID).toBeUndefined();
    expect(clientProps(template, 'web').ExplicitAuthFlows).not.toContain('ALLOW_USER_AUTH');
    expect(auth.clientConfiguration.auth.passwordless).toBeUndefined();
    expect(auth.clientConfiguration.custom.cognito_auth.sign_in_factors).toEqual(['PASSWORD']);
  });

  test('explicit authFlows win over the USER_AUTH default', () => {
    const { template, auth } = synth({
      signInFactors: { passkey: true },
      passkeys: { relyingPartyId: 'shop.acme-corp.net' },
      clients: { web: AppClient.web({ authFlows: { userSrp: true } }) },
    });
    expect(clientProps(template, 'web').ExplicitAuthFlows).toEqual([
      'ALLOW_USER_SRP_AUTH',
      'ALLOW_REFRESH_TOKEN_AUTH',
    ]);
    // The default client cannot choose a factor: no passwordless section for Amplify.
    expect(auth.clientConfiguration.auth.passwordless).toBeUndefined();
  });

  test('prod: e-mail codes make MFA optional by default, passkeys require user verification', () => {
    const { template } = synth({
      profile: AuthProfile.PROD,
      email: ses,
      signInFactors: { emailOtp: true, passkey: true },
      domain: prefix,
    });
    const pool = only(template, 'AWS::Cognito::UserPool').Properties;
    expect(pool.MfaConfiguration).toBe('OPTIONAL');
    expect(pool.WebAuthnUserVerification).toBe('required');
  });

  test('SMS codes create the SMS role and use the one SMS text for codes', () => {
    const { template } = synth({
      signInAliases: { email: true, phone: true },
      signInFactors: { smsOtp: true },
      signInCodeMessages: { smsMessage: 'Your Acme code: {####}' },
    });
    const pool = only(template, 'AWS::Cognito::UserPool').Properties;
    expect(pool.SmsConfiguration).toBeDefined();
    expect(pool.SmsAuthenticationMessage).toBe('Your Acme code: {####}');
    template.resourceCountIs('AWS::IAM::Role', 2); // the SMS role and the identity pool's authenticated role
  });

  test('e-mail code texts and passkeys as MFA go to the pool', () => {
    const { template } = synth({
      email: ses,
      signInFactors: { passkey: true },
      passkeys: {
        relyingPartyId: 'acme-corp.net',
        userVerification: cognito.PasskeyUserVerification.REQUIRED,
        satisfiesMfa: true,
      },
      mfa: { mode: cognito.Mfa.REQUIRED, totp: true, email: true },
      accountRecovery: cognito.AccountRecovery.NONE,
      signInCodeMessages: { emailSubject: 'Your Acme code', emailBody: 'Your code is {####}.' },
    });
    const pool = only(template, 'AWS::Cognito::UserPool').Properties;
    expect(pool.WebAuthnFactorConfiguration).toBe('MULTI_FACTOR_WITH_USER_VERIFICATION');
    expect(pool.EmailAuthenticationSubject).toBe('Your Acme code');
    expect(pool.EmailAuthenticationMessage).toBe('Your code is {####}.');
  });

  test.each<[string, CognitoAuthProps, RegExp]>([
    [
      'the Lite plan',
      { featurePlan: cognito.FeaturePlan.LITE, signInFactors: { passkey: true }, domain: prefix },
      /signInFactors needs passwordless sign-in \(choice-based first factors\), which the LITE feature plan lacks/,
    ],
    [
      "e-mail codes with Cognito's sender",
      { signInFactors: { emailOtp: true } },
      /signInFactors\.emailOtp is true but e-mail is sent by Cognito; e-mailed sign-in codes need email: AuthEmail\.ses/,
    ],
    [
      'e-mail codes without an e-mail address',
      {
        email: ses,
        signInAliases: { username: true },
        autoVerify: { email: false },
        keepOriginal: {},
        signInFactors: { emailOtp: true },
      },
      /signInFactors\.emailOtp is true but e-mail is neither a sign-in alias nor auto-verified/,
    ],
    [
      'SMS codes without a phone number',
      { signInFactors: { smsOtp: true } },
      /signInFactors\.smsOtp is true but phone_number is neither a sign-in alias nor auto-verified/,
    ],
    [
      'e-mail codes with MFA required',
      { email: ses, mfa: { mode: cognito.Mfa.REQUIRED }, signInFactors: { emailOtp: true } },
      /signInFactors\.emailOtp is true but mfa\.mode is REQUIRED: Cognito offers one-time-code sign-in only to users without MFA/,
    ],
    [
      'passkeys without a domain or relying-party id',
      { signInFactors: { passkey: true } },
      /passkeys\.relyingPartyId is missing; without a domain there is no default/,
    ],
    [
      'a relying-party id with a scheme',
      { signInFactors: { passkey: true }, passkeys: { relyingPartyId: 'https://acme-corp.net' } },
      /passkeys\.relyingPartyId "https:\/\/acme-corp\.net" is not a host name; give a bare host/,
    ],
    [
      'a relying-party id of 64 characters',
      { signInFactors: { passkey: true }, passkeys: { relyingPartyId: `${'a'.repeat(50)}.acme-corp.net` } },
      /passkeys\.relyingPartyId "a+\.acme-corp\.net" has 64 characters; CloudFormation allows 1 to 63/,
    ],
    [
      'a prefix host longer than 63 characters',
      {
        signInFactors: { passkey: true },
        domain: AuthDomain.cognitoPrefix('acme-shop-customer-portal-production'),
      },
      /passkeys\.relyingPartyId defaults to the domain host "acme-shop-customer-portal-production\.auth\.eu-west-1\.amazoncognito\.com", which has 69 characters/,
    ],
    [
      'passkeys as MFA with preferred verification',
      {
        signInFactors: { passkey: true },
        passkeys: {
          relyingPartyId: 'acme-corp.net',
          userVerification: cognito.PasskeyUserVerification.PREFERRED,
          satisfiesMfa: true,
        },
      },
      /passkeys\.satisfiesMfa is true but userVerification is "preferred"; only user-verified passkeys satisfy MFA/,
    ],
    [
      'passkey options without the passkey factor',
      { passkeys: { relyingPartyId: 'acme-corp.net' } },
      /passkeys is set but signInFactors\.passkey is not true/,
    ],
    [
      'a code text without {####}',
      { email: ses, signInFactors: { emailOtp: true }, signInCodeMessages: { emailBody: 'Your code' } },
      /signInCodeMessages\.emailBody "Your code" lacks \{####\}/,
    ],
    [
      'an SMS text without SMS codes or SMS MFA',
      { signInCodeMessages: { smsMessage: 'Code {####}' } },
      /signInCodeMessages\.smsMessage is set but neither signInFactors\.smsOtp nor mfa\.sms is on/,
    ],
    [
      'USER_AUTH on a Lite client',
      {
        featurePlan: cognito.FeaturePlan.LITE,
        clients: { web: AppClient.web({ authFlows: { user: true } }) },
      },
      /clients\.web\.authFlows\.user needs choice-based sign-in \(the USER_AUTH flow\), which the LITE feature plan lacks/,
    ],
    [
      'a factor that is not a boolean',
      { signInFactors: { passkey: 'yes' as unknown as boolean } },
      /signInFactors\.passkey "yes" is not allowed; use true or false/,
    ],
  ])('refused: %s', (_name, props, message) => {
    const error = synthError(props);
    expect(error).toBeInstanceOf(CognitoAuthError);
    expect(error.message).toMatch(message);
  });

  test('with a custom domain the relying-party id must be its name', () => {
    const stack = newStack();
    const certificate = acm.Certificate.fromCertificateArn(
      stack,
      'Cert',
      'arn:aws:acm:us-east-1:123456789012:certificate/abc',
    );
    const domain = AuthDomain.custom({ domainName: 'auth.acme-corp.net', certificate });
    expect(
      () =>
        new CognitoAuth(stack, 'Auth', {
          domain,
          signInFactors: { passkey: true },
          passkeys: { relyingPartyId: 'acme-corp.net' },
        }),
    ).toThrow(
      /passkeys\.relyingPartyId "acme-corp\.net" is not the custom domain "auth\.acme-corp\.net"; with a custom domain, Cognito needs the custom domain's name/,
    );
    const ok = newStack();
    const cert = acm.Certificate.fromCertificateArn(
      ok,
      'Cert',
      'arn:aws:acm:us-east-1:123456789012:certificate/abc',
    );
    new CognitoAuth(ok, 'Auth', {
      domain: AuthDomain.custom({ domainName: 'auth.acme-corp.net', certificate: cert }),
      signInFactors: { passkey: true },
    });
    expect(only(Template.fromStack(ok), 'AWS::Cognito::UserPool').Properties.WebAuthnRelyingPartyID).toBe(
      'auth.acme-corp.net',
    );
  });

  test('a relying-party id that is a token skips the checks', () => {
    allowTemplateFindings(
      ['E1020', 'E6101', 'F6101'],
      'the token is a Ref to a parameter the test stack does not declare',
    );
    const { template } = synth({
      signInFactors: { passkey: true },
      passkeys: { relyingPartyId: Token.asString({ Ref: 'RpId' }) },
    });
    expect(only(template, 'AWS::Cognito::UserPool').Properties.WebAuthnRelyingPartyID).toEqual({
      Ref: 'RpId',
    });
  });

  test('warnings: passkeys that required MFA blocks, factors no client offers, an RP id that misses managed login', () => {
    expect(
      warnings({
        mfa: { mode: cognito.Mfa.REQUIRED },
        signInFactors: { passkey: true },
        passkeys: { relyingPartyId: 'acme-corp.net' },
      }).join('\n'),
    ).toMatch(/mfa\.mode is REQUIRED and passkeys\.satisfiesMfa is false/);
    expect(
      warnings({
        signInFactors: { passkey: true },
        passkeys: { relyingPartyId: 'acme-corp.net' },
        clients: { web: AppClient.web({ authFlows: { userSrp: true } }) },
      }).join('\n'),
    ).toMatch(
      /signInFactors allows WEB_AUTHN but no client offers USER_AUTH \(authFlows\.user\); nobody can use them/,
    );
    expect(
      warnings({
        signInFactors: { passkey: true },
        domain: prefix,
        passkeys: { relyingPartyId: 'shop.acme-corp.net' },
      }).join('\n'),
    ).toMatch(/passkeys\.relyingPartyId "shop\.acme-corp\.net" does not cover the managed login host/);
    expect(
      warnings({
        signInFactors: { passkey: true },
        domain: prefix,
        managedLoginVersion: cognito.ManagedLoginVersion.CLASSIC_HOSTED_UI,
      }).join('\n'),
    ).toMatch(/the domain uses the classic hosted UI, which offers neither one-time codes nor passkeys/);
  });

  test('the template passes cfn-lint and aws-cdk-lib template validation', () => {
    const outdir = tmpDir('cdk-out');
    const app = new App({ outdir });
    const stack = new Stack(app, 'SignIn', { env: { account: '123456789012', region: 'eu-west-1' } });
    new CognitoAuth(stack, 'Auth', {
      profile: AuthProfile.PROD,
      email: ses,
      signInAliases: { email: true, phone: true },
      signInFactors: { emailOtp: true, smsOtp: true, passkey: true },
      signInCodeMessages: {
        emailSubject: 'Your code',
        emailBody: 'Your code is {####}',
        smsMessage: 'Code {####}',
      },
      domain: prefix,
      clients: { web: AppClient.web({ callbackUrls: ['https://shop.acme-corp.net/cb'] }) },
    });
    app.synth();
    expectDeployable(outdir);
  });
});
