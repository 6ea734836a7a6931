/**
 * A small cloud assembly for the passwordless, passkey and developer-identity tests: a pool that allows
 * every first factor (password, e-mail and SMS codes, passkeys, with user verification required), a web
 * client with choice-based sign-in (USER_AUTH), a scripts client without it, and an identity pool with a
 * developer provider and principal tags from the ID token. Written as CloudFormation, as any CDK app
 * would synthesize it; local mode runs any app's template.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export const DEVELOPER_PROVIDER = 'login.example.app';
export const RELYING_PARTY_ID = 'auth.example.org';
export const HOSTED_CALLBACK = 'http://localhost:3000/callback';

/** Writes the assembly into `<dir>/assembly` and returns its path. */
export function writePasswordlessAssembly(dir: string): string {
  const assembly = path.join(dir, 'assembly');
  fs.mkdirSync(assembly, { recursive: true });
  fs.writeFileSync(
    path.join(assembly, 'manifest.json'),
    JSON.stringify({
      version: '36.0.0',
      artifacts: {
        Passwordless: {
          type: 'aws:cloudformation:stack',
          environment: 'aws://unknown-account/eu-west-1',
          properties: { templateFile: 'Passwordless.template.json' },
        },
      },
    }),
  );
  const role = (name: string) => ({
    Type: 'AWS::IAM::Role',
    Properties: {
      RoleName: name,
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Federated: 'cognito-identity.amazonaws.com' },
            Action: ['sts:AssumeRoleWithWebIdentity', 'sts:TagSession'],
          },
        ],
      },
    },
  });
  fs.writeFileSync(
    path.join(assembly, 'Passwordless.template.json'),
    JSON.stringify({
      Resources: {
        Pool: {
          Type: 'AWS::Cognito::UserPool',
          Properties: {
            UserPoolName: 'passwordless',
            UserPoolTags: { 'cognito-auth:stage': 'dev' },
            UsernameAttributes: ['email'],
            AutoVerifiedAttributes: ['email'],
            MfaConfiguration: 'OFF',
            Policies: {
              PasswordPolicy: { MinimumLength: 8 },
              SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP', 'SMS_OTP', 'WEB_AUTHN'] },
            },
            WebAuthnRelyingPartyID: RELYING_PARTY_ID,
            WebAuthnUserVerification: 'required',
            UserPoolTier: 'ESSENTIALS',
          },
        },
        Web: {
          Type: 'AWS::Cognito::UserPoolClient',
          Properties: {
            UserPoolId: { Ref: 'Pool' },
            ClientName: 'web',
            ExplicitAuthFlows: ['ALLOW_USER_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
          },
        },
        Hosted: {
          Type: 'AWS::Cognito::UserPoolClient',
          Properties: {
            UserPoolId: { Ref: 'Pool' },
            ClientName: 'hosted',
            ExplicitAuthFlows: ['ALLOW_USER_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
            AllowedOAuthFlows: ['code'],
            AllowedOAuthFlowsUserPoolClient: true,
            AllowedOAuthScopes: ['openid', 'email'],
            CallbackURLs: [HOSTED_CALLBACK],
            SupportedIdentityProviders: ['COGNITO'],
          },
        },
        Scripts: {
          Type: 'AWS::Cognito::UserPoolClient',
          Properties: {
            UserPoolId: { Ref: 'Pool' },
            ClientName: 'scripts',
            ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
          },
        },
        Identities: {
          Type: 'AWS::Cognito::IdentityPool',
          Properties: {
            AllowUnauthenticatedIdentities: false,
            DeveloperProviderName: DEVELOPER_PROVIDER,
            CognitoIdentityProviders: [
              { ProviderName: { 'Fn::GetAtt': ['Pool', 'ProviderName'] }, ClientId: { Ref: 'Web' } },
            ],
          },
        },
        Authenticated: role('passwordless-authenticated'),
        Roles: {
          Type: 'AWS::Cognito::IdentityPoolRoleAttachment',
          Properties: {
            IdentityPoolId: { Ref: 'Identities' },
            Roles: { authenticated: { 'Fn::GetAtt': ['Authenticated', 'Arn'] } },
          },
        },
        Tags: {
          Type: 'AWS::Cognito::IdentityPoolPrincipalTag',
          Properties: {
            IdentityPoolId: { Ref: 'Identities' },
            IdentityProviderName: { 'Fn::GetAtt': ['Pool', 'ProviderName'] },
            UseDefaults: false,
            PrincipalTags: { mail: 'email', client: 'aud' },
          },
        },
      },
    }),
  );
  return assembly;
}
