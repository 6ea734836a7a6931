import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import {
  AuthDomain,
  AuthEmail,
  AuthProfile,
  CognitoAuth,
  CustomAttribute,
  DeviceRemembering,
} from '../../lib';
import { newStack, only, synth } from '../util';

const ses = AuthEmail.ses({
  fromEmail: 'no-reply@auth.acme-corp.net',
  fromName: 'Acme',
  replyTo: 'help@acme-corp.net',
});

describe('user pool defaults', () => {
  test('GIVEN no props WHEN synthesized THEN a dev pool: email sign-in, case-insensitive, strong passwords, optional TOTP', () => {
    const { template } = synth();
    template.resourceCountIs('AWS::Cognito::UserPool', 1);
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      UsernameAttributes: ['email'],
      AutoVerifiedAttributes: ['email'],
      UsernameConfiguration: { CaseSensitive: false },
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: 'OPTIONAL',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      UserPoolTier: 'ESSENTIALS',
      DeletionProtection: 'INACTIVE',
      Policies: {
        PasswordPolicy: {
          MinimumLength: 8,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
          TemporaryPasswordValidityDays: 7,
        },
      },
      AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] },
      UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: ['email'] },
    });
    template.hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Delete',
      UpdateReplacePolicy: 'Delete',
    });
  });

  test('GIVEN no SMS feature WHEN synthesized THEN no SMS role and no SMS configuration', () => {
    const { template } = synth();
    const pool = only(template, 'AWS::Cognito::UserPool');
    expect(pool.Properties.SmsConfiguration).toBeUndefined();
    const roles = template.findResources('AWS::IAM::Role', {
      Properties: {
        AssumeRolePolicyDocument: { Statement: [{ Principal: { Service: 'cognito-idp.amazonaws.com' } }] },
      },
    });
    expect(Object.keys(roles)).toHaveLength(0);
  });

  test('GIVEN the prod profile WHEN synthesized THEN retained, protected, MFA required, Plus plan, threat protection enforced, SES', () => {
    const { template } = synth({ profile: AuthProfile.PROD, email: ses });
    template.hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      DeletionProtection: 'ACTIVE',
      MfaConfiguration: 'ON',
      UserPoolTier: 'PLUS',
      UserPoolAddOns: {
        AdvancedSecurityMode: 'ENFORCED',
        AdvancedSecurityAdditionalFlows: { CustomAuthMode: 'ENFORCED' },
      },
      EmailConfiguration: Match.objectLike({
        EmailSendingAccount: 'DEVELOPER',
        From: 'Acme <no-reply@auth.acme-corp.net>',
        ReplyToEmailAddress: 'help@acme-corp.net',
      }),
      Policies: {
        PasswordPolicy: Match.objectLike({
          MinimumLength: 12,
          TemporaryPasswordValidityDays: 3,
          PasswordHistorySize: 5,
        }),
      },
    });
  });
});

describe('sign-in', () => {
  test.each([
    [
      { username: true, email: true },
      { AliasAttributes: ['email'], UsernameAttributes: undefined },
    ],
    [
      { username: true, email: true, phone: true, preferredUsername: true },
      { AliasAttributes: ['email', 'phone_number', 'preferred_username'] },
    ],
    [
      { email: true, phone: true },
      { UsernameAttributes: ['email', 'phone_number'], AliasAttributes: undefined },
    ],
    [{ phone: true }, { UsernameAttributes: ['phone_number'] }],
  ])('signInAliases %j → %j', (signInAliases, expected) => {
    const { template } = synth({ signInAliases });
    const pool = only(template, 'AWS::Cognito::UserPool');
    for (const [key, value] of Object.entries(expected)) expect(pool.Properties[key]).toEqual(value);
  });

  test('case-sensitive sign-in can be chosen', () => {
    const { template } = synth({ signInCaseSensitive: true });
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      UsernameConfiguration: { CaseSensitive: true },
    });
  });

  test('self sign-up can be turned on', () => {
    const { template } = synth({ selfSignUpEnabled: true });
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: false },
    });
  });

  test('phone sign-in creates the SMS role, trusted only with the pool external id', () => {
    const { template } = synth({ signInAliases: { phone: true } });
    const pool = only(template, 'AWS::Cognito::UserPool');
    const sms = pool.Properties.SmsConfiguration as { ExternalId: string };
    expect(sms.ExternalId).toEqual(expect.any(String));
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({
            Principal: { Service: 'cognito-idp.amazonaws.com' },
            Condition: { StringEquals: { 'sts:ExternalId': sms.ExternalId } },
          }),
        ],
      },
    });
  });

  test('an SMS role of your own is used with its external id, and no role is created', () => {
    const stack = newStack();
    const role = new iam.Role(stack, 'MySmsRole', {
      assumedBy: new iam.ServicePrincipal('cognito-idp.amazonaws.com'),
    });
    new CognitoAuth(stack, 'Auth', {
      signInAliases: { phone: true },
      sms: { role, externalId: 'acme-external-id' },
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      SmsConfiguration: {
        ExternalId: 'acme-external-id',
        SnsCallerArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^MySmsRole'), 'Arn'] },
      },
    });
    const smsRoles = Object.keys(template.findResources('AWS::IAM::Role')).filter((id) =>
      id.includes('smsRole'),
    );
    expect(smsRoles).toEqual([]);
  });

  test('account recovery follows the sign-in options unless given', () => {
    const phoneOnly = only(synth({ signInAliases: { phone: true } }).template, 'AWS::Cognito::UserPool');
    expect(phoneOnly.Properties.AccountRecoverySetting).toEqual({
      RecoveryMechanisms: [
        { Name: 'verified_phone_number', Priority: 1 },
        { Name: 'verified_email', Priority: 2 },
      ],
    });
    const { template } = synth({ accountRecovery: cognito.AccountRecovery.NONE });
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'admin_only', Priority: 1 }] },
    });
  });
});

describe('attributes', () => {
  test('standard attributes are emitted where they differ from the defaults, each with its data type', () => {
    const { template } = synth({
      standardAttributes: {
        email: { required: true, mutable: true },
        givenName: { required: false, mutable: false },
        familyName: { required: false, mutable: true },
      },
    });
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      Schema: [
        { Name: 'email', AttributeDataType: 'String', Required: true, Mutable: true },
        { Name: 'given_name', AttributeDataType: 'String', Required: false, Mutable: false },
      ],
    });
  });

  test('custom attributes of every type with constraints, mutable by default', () => {
    const { template } = synth({
      customAttributes: {
        tenant_id: CustomAttribute.string({ minLength: 1, maxLength: 64, mutable: false }),
        seats: CustomAttribute.number({ min: 1, max: 500 }),
        beta: CustomAttribute.boolean(),
        trial_end: CustomAttribute.dateTime(),
      },
    });
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      Schema: [
        { Name: 'beta', AttributeDataType: 'Boolean', Mutable: true },
        {
          Name: 'seats',
          AttributeDataType: 'Number',
          Mutable: true,
          NumberAttributeConstraints: { MinValue: '1', MaxValue: '500' },
        },
        {
          Name: 'tenant_id',
          AttributeDataType: 'String',
          Mutable: false,
          StringAttributeConstraints: { MinLength: '1', MaxLength: '64' },
        },
        { Name: 'trial_end', AttributeDataType: 'DateTime', Mutable: true },
      ],
    });
  });
});

describe('password policy', () => {
  test('every setting is passed through', () => {
    const { template } = synth({
      featurePlan: cognito.FeaturePlan.ESSENTIALS,
      passwordPolicy: {
        minLength: 14,
        requireSymbols: false,
        requireDigits: true,
        requireLowercase: true,
        requireUppercase: false,
        tempPasswordValidity: Duration.days(2),
        passwordHistorySize: 10,
      },
    });
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      Policies: {
        PasswordPolicy: {
          MinimumLength: 14,
          RequireSymbols: false,
          RequireNumbers: true,
          RequireLowercase: true,
          RequireUppercase: false,
          TemporaryPasswordValidityDays: 2,
          PasswordHistorySize: 10,
        },
      },
    });
  });
});

describe('MFA', () => {
  test.each([
    [{ mode: cognito.Mfa.OFF }, 'OFF', undefined],
    [{ mode: cognito.Mfa.OPTIONAL, totp: true }, 'OPTIONAL', ['SOFTWARE_TOKEN_MFA']],
    [{ mode: cognito.Mfa.REQUIRED, totp: true, sms: true }, 'ON', ['SMS_MFA', 'SOFTWARE_TOKEN_MFA']],
  ])('mfa %j → %s %j', (mfa, configuration, enabled) => {
    const pool = only(synth({ mfa }).template, 'AWS::Cognito::UserPool');
    expect(pool.Properties.MfaConfiguration).toBe(configuration);
    expect(pool.Properties.EnabledMfas).toEqual(enabled);
  });

  test('SMS MFA creates the SMS role and uses the MFA message', () => {
    const { template } = synth({
      mfa: { mode: cognito.Mfa.OPTIONAL, sms: true, smsMessage: 'Your Acme code: {####}' },
    });
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      SmsAuthenticationMessage: 'Your Acme code: {####}',
      SmsConfiguration: Match.objectLike({ SnsCallerArn: Match.anyValue() }),
    });
  });

  test('email MFA with SES on Essentials', () => {
    const { template } = synth({
      email: ses,
      mfa: { mode: cognito.Mfa.REQUIRED, email: true, totp: true },
      accountRecovery: cognito.AccountRecovery.NONE,
    });
    const pool = only(template, 'AWS::Cognito::UserPool');
    expect([...(pool.Properties.EnabledMfas as string[])].sort()).toEqual([
      'EMAIL_OTP',
      'SOFTWARE_TOKEN_MFA',
    ]);
  });
});

describe('messages', () => {
  test('verification by link and custom invitation', () => {
    const { template } = synth({
      domain: AuthDomain.cognitoPrefix('acme-shop'),
      userVerification: {
        emailStyle: cognito.VerificationEmailStyle.LINK,
        emailSubject: 'Confirm your Acme account',
        emailBody: 'Click {##here##} to confirm',
      },
      userInvitation: {
        emailSubject: 'Welcome to Acme',
        emailBody: 'Hello {username}, your temporary password is {####}',
        smsMessage: 'Acme: {username} / {####}',
      },
    });
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      VerificationMessageTemplate: {
        DefaultEmailOption: 'CONFIRM_WITH_LINK',
        EmailSubjectByLink: 'Confirm your Acme account',
        EmailMessageByLink: 'Click {##here##} to confirm',
      },
      AdminCreateUserConfig: Match.objectLike({
        InviteMessageTemplate: {
          EmailSubject: 'Welcome to Acme',
          EmailMessage: 'Hello {username}, your temporary password is {####}',
          SMSMessage: 'Acme: {username} / {####}',
        },
      }),
    });
  });
});

describe('devices, tags, removal, plan', () => {
  test.each([
    [
      DeviceRemembering.ALWAYS,
      { ChallengeRequiredOnNewDevice: false, DeviceOnlyRememberedOnUserPrompt: false },
    ],
    [
      DeviceRemembering.USER_OPT_IN,
      { ChallengeRequiredOnNewDevice: false, DeviceOnlyRememberedOnUserPrompt: true },
    ],
  ])('device tracking %s', (remember, expected) => {
    const { template } = synth({ deviceTracking: { remember } });
    template.hasResourceProperties('AWS::Cognito::UserPool', { DeviceConfiguration: expected });
  });

  test('device tracking NEVER leaves DeviceConfiguration out', () => {
    const pool = only(
      synth({ deviceTracking: { remember: DeviceRemembering.NEVER } }).template,
      'AWS::Cognito::UserPool',
    );
    expect(pool.Properties.DeviceConfiguration).toBeUndefined();
  });

  test('tags go to the pool and to roles', () => {
    const { template } = synth({ tags: { team: 'identity' }, stage: 'qa' });
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      UserPoolTags: { team: 'identity', 'cognito-auth:stage': 'qa' },
    });
    template.hasResourceProperties('AWS::IAM::Role', {
      Tags: Match.arrayWith([{ Key: 'team', Value: 'identity' }]),
    });
  });

  test('removal policy and deletion protection can be overridden', () => {
    const { template } = synth({ removalPolicy: RemovalPolicy.RETAIN, deletionProtection: true });
    template.hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    template.hasResourceProperties('AWS::Cognito::UserPool', { DeletionProtection: 'ACTIVE' });
  });

  test('Lite plan leaves threat protection out', () => {
    const pool = only(synth({ featurePlan: cognito.FeaturePlan.LITE }).template, 'AWS::Cognito::UserPool');
    expect(pool.Properties.UserPoolTier).toBe('LITE');
    expect(pool.Properties.UserPoolAddOns).toBeUndefined();
  });

  test('a prod pool that weakens MFA or removal is warned about, not refused', () => {
    const { stack } = synth({
      profile: AuthProfile.PROD,
      email: ses,
      mfa: { mode: cognito.Mfa.OPTIONAL },
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('prod stage'));
    expect(warnings.map((w) => String(w.entry.data))).toEqual(
      expect.arrayContaining([
        expect.stringContaining('mfa.mode OPTIONAL'),
        expect.stringContaining('RemovalPolicy.DESTROY'),
      ]),
    );
  });
});
