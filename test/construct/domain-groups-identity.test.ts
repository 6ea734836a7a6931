import { Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { AppClient, AuthDomain, CognitoAuth } from '../../lib';
import { newStack, only, synth } from '../util';

const web = AppClient.web({
  callbackUrls: ['https://app.acme-corp.net/cb'],
  logoutUrls: ['https://app.acme-corp.net/'],
});

/** The trust conditions every role assumable through the identity pool must carry. */
function expectIdentityPoolTrust(role: { Properties: Record<string, unknown> }, amr: string): void {
  expect(role.Properties.AssumeRolePolicyDocument).toEqual({
    Version: '2012-10-17',
    Statement: [
      {
        Action: 'sts:AssumeRoleWithWebIdentity',
        Effect: 'Allow',
        Principal: { Federated: 'cognito-identity.amazonaws.com' },
        Condition: {
          StringEquals: {
            'cognito-identity.amazonaws.com:aud': { Ref: expect.stringMatching(/^AuthIdentityPool/) },
          },
          'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': amr },
        },
      },
    ],
  });
}

describe('domain', () => {
  test('a Cognito prefix domain with managed login and a branding style for the web client', () => {
    const { template } = synth({ clients: { web }, domain: AuthDomain.cognitoPrefix('acme-shop') });
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', {
      Domain: 'acme-shop',
      ManagedLoginVersion: 2,
    });
    template.hasResourceProperties('AWS::Cognito::ManagedLoginBranding', {
      UseCognitoProvidedValues: true,
      ClientId: { Ref: Match.stringLikeRegexp('Clientweb') },
    });
  });

  test('the classic hosted UI on request, with no branding style', () => {
    const { template } = synth({
      clients: { web },
      domain: AuthDomain.cognitoPrefix('acme-shop'),
      managedLoginVersion: cognito.ManagedLoginVersion.CLASSIC_HOSTED_UI,
    });
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', { ManagedLoginVersion: 1 });
    template.resourceCountIs('AWS::Cognito::ManagedLoginBranding', 0);
  });

  test('a custom domain with a certificate and alias records', () => {
    const stack = newStack();
    const certificate = acm.Certificate.fromCertificateArn(
      stack,
      'Cert',
      'arn:aws:acm:us-east-1:123456789012:certificate/abc',
    );
    const hostedZone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', {
      hostedZoneId: 'Z123',
      zoneName: 'acme-corp.net',
    });
    new CognitoAuth(stack, 'Auth', {
      clients: { web },
      domain: AuthDomain.custom({ domainName: 'login.acme-corp.net', certificate, hostedZone }),
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', {
      Domain: 'login.acme-corp.net',
      CustomDomainConfig: { CertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc' },
    });
    template.hasResourceProperties('AWS::Route53::RecordSet', {
      Name: 'login.acme-corp.net.',
      Type: 'A',
      AliasTarget: Match.anyValue(),
    });
    template.hasResourceProperties('AWS::Route53::RecordSet', { Name: 'login.acme-corp.net.', Type: 'AAAA' });
  });

  test('outputs the base URL and the sign-in page of the web client', () => {
    const { template } = synth({ clients: { web }, domain: AuthDomain.cognitoPrefix('acme-shop') });
    template.hasOutput('DomainBaseUrl', {});
    const signIn = JSON.stringify(template.findOutputs('SignInUrl'));
    expect(signIn).toContain('.auth.eu-west-1.amazoncognito.com/login?client_id=');
    expect(signIn).toContain('redirect_uri=https://app.acme-corp.net/cb');
  });
});

describe('groups', () => {
  test('groups with precedence, description and a role trusted only by this identity pool for signed-in users', () => {
    const { template } = synth({
      groups: [
        { name: 'admins', description: 'Administrators', precedence: 0 },
        { name: 'readers', precedence: 5 },
      ],
    });
    template.resourceCountIs('AWS::Cognito::UserPoolGroup', 2);
    template.hasResourceProperties('AWS::Cognito::UserPoolGroup', {
      GroupName: 'admins',
      Description: 'Administrators',
      Precedence: 0,
      RoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('GroupRoleadmins'), 'Arn'] },
    });
    const roles = template.findResources('AWS::IAM::Role');
    const adminRole = Object.entries(roles).find(([id]) => id.includes('GroupRoleadmins'))![1] as {
      Properties: Record<string, unknown>;
    };
    expectIdentityPoolTrust(adminRole, 'authenticated');
  });

  test('group policies, and inheriting the base authenticated permissions as a shared managed policy', () => {
    const read = new iam.PolicyStatement({
      actions: ['s3:GetObject'],
      resources: ['arn:aws:s3:::acme-docs/*'],
    });
    const { template } = synth({
      identityPool: { authenticatedPolicyStatements: [read] },
      groups: [
        {
          name: 'editors',
          precedence: 1,
          inheritAuthenticatedPermissions: true,
          policyStatements: [
            new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: ['arn:aws:s3:::acme-docs/*'] }),
          ],
        },
        { name: 'auditors', precedence: 2 },
      ],
    });
    template.resourceCountIs('AWS::IAM::ManagedPolicy', 2);
    const roles = template.findResources('AWS::IAM::Role');
    const role = (part: string) =>
      Object.entries(roles).find(([id]) => id.includes(part))![1] as { Properties: Record<string, unknown> };
    expect(JSON.stringify(role('GroupRoleeditors').Properties.ManagedPolicyArns)).toContain(
      'AuthenticatedPolicy',
    );
    expect(role('GroupRoleauditors').Properties.ManagedPolicyArns).toBeUndefined();
    expect(JSON.stringify(role('AuthenticatedRole').Properties.ManagedPolicyArns)).toContain(
      'AuthenticatedPolicy',
    );
    // The group's own statements are a customer-managed policy attached to its role, never an inline policy.
    template.resourceCountIs('AWS::IAM::Policy', 0);
    const groupPolicy = Object.entries(template.findResources('AWS::IAM::ManagedPolicy')).find(([id]) =>
      id.includes('GroupPolicyeditors'),
    )!;
    expect(groupPolicy[1].Properties.PolicyDocument.Statement).toEqual([
      { Action: 's3:PutObject', Effect: 'Allow', Resource: 'arn:aws:s3:::acme-docs/*' },
    ]);
    expect(JSON.stringify(role('GroupRoleeditors').Properties.ManagedPolicyArns)).toContain(groupPolicy[0]);
  });

  test('without the identity pool, groups have no roles', () => {
    const { template } = synth({
      identityPool: { enabled: false },
      groups: [{ name: 'admins', precedence: 0 }],
    });
    template.resourceCountIs('AWS::Cognito::IdentityPool', 0);
    const group = only(template, 'AWS::Cognito::UserPoolGroup');
    expect(group.Properties.RoleArn).toBeUndefined();
  });

  test('addGroup after construction', () => {
    const stack = newStack();
    const auth = new CognitoAuth(stack, 'Auth', { groups: [{ name: 'admins', precedence: 0 }] });
    auth.addGroup({ name: 'late', precedence: 9 });
    Template.fromStack(stack).resourceCountIs('AWS::Cognito::UserPoolGroup', 2);
    expect(() => auth.addGroup({ name: 'other', precedence: 0 })).toThrow(
      /precedence 0 is already used by group "admins"/,
    );
  });
});

describe('identity pool', () => {
  test('enhanced flow only, guest access off, no guest role, server-side token check', () => {
    const { template } = synth();
    template.hasResourceProperties('AWS::Cognito::IdentityPool', {
      AllowUnauthenticatedIdentities: false,
      AllowClassicFlow: false,
      CognitoIdentityProviders: [
        {
          ClientId: { Ref: Match.stringLikeRegexp('Clientweb') },
          ProviderName: { 'Fn::GetAtt': [Match.stringLikeRegexp('UserPool'), 'ProviderName'] },
          ServerSideTokenCheck: true,
        },
      ],
    });
    const attachment = only(template, 'AWS::Cognito::IdentityPoolRoleAttachment');
    expect(Object.keys(attachment.Properties.Roles as object)).toEqual(['authenticated']);
    const roles = template.findResources('AWS::IAM::Role');
    expect(Object.keys(roles)).toHaveLength(1);
    expectIdentityPoolTrust(
      Object.values(roles)[0] as { Properties: Record<string, unknown> },
      'authenticated',
    );
  });

  test('token-based role mapping per client; ambiguous tokens get the authenticated role', () => {
    const { template } = synth();
    const attachment = only(template, 'AWS::Cognito::IdentityPoolRoleAttachment');
    expect(attachment.Properties.RoleMappings).toEqual({
      web: {
        Type: 'Token',
        AmbiguousRoleResolution: 'AuthenticatedRole',
        IdentityProvider: {
          'Fn::Join': [
            '',
            [
              { 'Fn::GetAtt': [expect.stringMatching(/UserPool/), 'ProviderName'] },
              ':',
              { Ref: expect.stringMatching(/Clientweb/) },
            ],
          ],
        },
      },
    });
  });

  test('guest access with a reason: a guest role with its own trust and permissions', () => {
    const { template } = synth({
      identityPool: {
        allowGuestAccess: true,
        guestAccessReason: 'Anonymous visitors upload crash reports',
        guestPolicyStatements: [
          new iam.PolicyStatement({
            actions: ['firehose:PutRecord'],
            resources: ['arn:aws:firehose:eu-west-1:123456789012:deliverystream/crash'],
          }),
        ],
      },
    });
    template.hasResourceProperties('AWS::Cognito::IdentityPool', { AllowUnauthenticatedIdentities: true });
    const roles = template.findResources('AWS::IAM::Role');
    const guest = Object.entries(roles).find(([id]) => id.includes('UnauthenticatedRole'))![1] as {
      Properties: Record<string, unknown>;
    };
    expectIdentityPoolTrust(guest, 'unauthenticated');
    template.resourceCountIs('AWS::IAM::Policy', 0);
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: { Statement: [Match.objectLike({ Action: 'firehose:PutRecord' })] },
      Roles: [{ Ref: Match.stringLikeRegexp('UnauthenticatedRole') }],
    });
    template.hasResource('AWS::Cognito::IdentityPool', {
      Metadata: { 'cognito-auth:guest-access-reason': 'Anonymous visitors upload crash reports' },
    });
  });
});
