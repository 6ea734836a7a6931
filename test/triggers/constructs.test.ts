import { App, CfnParameter, Duration, Lazy, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PRE_SIGN_UP_CONFIG_ENV, parsePreSignUpConfig } from '../../lambda-triggers/pre-sign-up/config';
import {
  PRE_TOKEN_GENERATION_CONFIG_ENV,
  PreTokenGenerationVersion,
} from '../../lambda-triggers/pre-token-generation/config';
import {
  PreSignUp,
  PreSignUpOptions,
  PreTokenGeneration,
  PreTokenGenerationOptions,
  UserPoolTriggers,
  UserPoolTriggersProps,
  Triggers,
} from '../../lib/triggers';
import { packageRoot, triggerAssetPath } from '../../lib/triggers/trigger-function';
import { ensureTriggerAssets, testOutdirs } from './assets';

beforeAll(ensureTriggerAssets);
const outdirs = testOutdirs('triggers-constructs');
afterAll(outdirs.cleanup);

interface Fixture {
  stack: Stack;
  pool: cognito.UserPool;
  triggers: UserPoolTriggers;
}

/** GIVEN a stack with a plain user pool, WHEN the triggers are added. */
function withTriggers(
  props: UserPoolTriggersProps | ((stack: Stack) => UserPoolTriggersProps),
  featurePlan = cognito.FeaturePlan.ESSENTIALS,
  poolProps: cognito.UserPoolProps = {},
): Fixture {
  const app = new App({ outdir: outdirs.next() });
  const stack = new Stack(app, 'Stack', { env: { account: '123456789012', region: 'eu-west-1' } });
  const pool = new cognito.UserPool(stack, 'Pool', { featurePlan, ...poolProps });
  const triggers = Triggers.add(stack, pool, typeof props === 'function' ? props(stack) : props, {
    featurePlan,
  });
  return { stack, pool, triggers };
}

function inlineFunction(stack: Stack, id: string): lambda.Function {
  return new lambda.Function(stack, id, {
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async (event) => event;'),
  });
}

function logicalId(stack: Stack, construct: { node: { defaultChild?: unknown } } | lambda.IFunction): string {
  const child = (construct as lambda.Function).node.defaultChild as lambda.CfnFunction;
  return stack.getLogicalId(child);
}

describe('PreSignUp.bundled', () => {
  const options = { allowedDomains: ['example.com', '*.example.com'], autoConfirmDomains: ['example.com'] };

  test('attaches a function running the bundled code with the pinned runtime', () => {
    const { stack, triggers } = withTriggers({ preSignUp: PreSignUp.bundled(options) });
    const template = Template.fromStack(stack);
    const fnId = logicalId(stack, triggers.preSignUp!);
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      LambdaConfig: { PreSignUp: { 'Fn::GetAtt': [fnId, 'Arn'] } },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      MemorySize: 256,
      Timeout: 3,
    });
  });

  test('carries its options as JSON that the handler reads back', () => {
    const { stack } = withTriggers({ preSignUp: PreSignUp.bundled({ ...options, memorySize: 512 }) });
    const fns = Template.fromStack(stack).findResources('AWS::Lambda::Function');
    const env = Object.values(fns)[0].Properties.Environment.Variables as Record<string, string>;
    expect(Object.keys(env)).toEqual([PRE_SIGN_UP_CONFIG_ENV]);
    expect(parsePreSignUpConfig(env)).toEqual(options);
  });

  test('writes to its own log group, kept one month and retained', () => {
    const { stack } = withTriggers({ preSignUp: PreSignUp.bundled(options) });
    const template = Template.fromStack(stack);
    const groups = template.findResources('AWS::Logs::LogGroup');
    expect(Object.values(groups)).toEqual([
      expect.objectContaining({ Properties: { RetentionInDays: 30 }, DeletionPolicy: 'Retain' }),
    ]);
    template.hasResourceProperties('AWS::Lambda::Function', {
      LoggingConfig: { LogGroup: { Ref: Object.keys(groups)[0] } },
    });
  });

  test('has a role whose only permission is writing to that log group', () => {
    const { stack } = withTriggers({ preSignUp: PreSignUp.bundled(options) });
    const template = Template.fromStack(stack);
    const groupId = Object.keys(template.findResources('AWS::Logs::LogGroup'))[0];
    const policies = template.findResources('AWS::IAM::ManagedPolicy');
    expect(Object.keys(policies)).toHaveLength(1);
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: [
          {
            Effect: 'Allow',
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
            Resource: { 'Fn::GetAtt': [groupId, 'Arn'] },
          },
        ],
      },
    });
    const roles = template.findResources('AWS::IAM::Role');
    expect(Object.values(roles)).toEqual([
      expect.objectContaining({
        Properties: expect.objectContaining({
          AssumeRolePolicyDocument: expect.objectContaining({
            Statement: [expect.objectContaining({ Principal: { Service: 'lambda.amazonaws.com' } })],
          }),
          ManagedPolicyArns: [{ Ref: Object.keys(policies)[0] }],
        }),
      }),
    ]);
    expect(JSON.stringify(roles)).not.toContain('arn:');
    template.resourceCountIs('AWS::IAM::Policy', 0);
  });

  test('may be invoked by Amazon Cognito for this pool only', () => {
    const { stack, pool, triggers } = withTriggers({ preSignUp: PreSignUp.bundled(options) });
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'cognito-idp.amazonaws.com',
      FunctionName: { 'Fn::GetAtt': [logicalId(stack, triggers.preSignUp!), 'Arn'] },
      SourceArn: { 'Fn::GetAtt': [stack.getLogicalId(pool.node.defaultChild as cognito.CfnUserPool), 'Arn'] },
    });
  });

  test('takes the function settings', () => {
    let key: kms.Key | undefined;
    const { stack } = withTriggers((s) => {
      key = new kms.Key(s, 'LogsKey');
      return {
        preSignUp: PreSignUp.bundled({
          memorySize: 1024,
          timeout: Duration.seconds(5),
          logRetention: logs.RetentionDays.ONE_WEEK,
          logRemovalPolicy: RemovalPolicy.DESTROY,
          logEncryptionKey: key,
        }),
      };
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::Function', { MemorySize: 1024, Timeout: 5 });
    template.hasResource('AWS::Logs::LogGroup', {
      Properties: {
        RetentionInDays: 7,
        KmsKeyId: { 'Fn::GetAtt': [stack.getLogicalId(key!.node.defaultChild as kms.CfnKey), 'Arn'] },
      },
      DeletionPolicy: 'Delete',
    });
  });

  test('with a log key: a fixed log group name, and a key policy that admits CloudWatch Logs for that group only', () => {
    let key: kms.Key | undefined;
    const { stack } = withTriggers((s) => {
      key = new kms.Key(s, 'LogsKey');
      return { preSignUp: PreSignUp.bundled({ logEncryptionKey: key }) };
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: '/cognito-auth/Stack/Triggers/PreSignUp',
    });
    const policy = JSON.stringify(template.findResources('AWS::KMS::Key'));
    expect(policy).toContain('"kms:EncryptionContext:aws:logs:arn"');
    expect(policy).toContain(':log-group:/cognito-auth/Stack/Triggers/PreSignUp"');
    expect(policy).not.toContain('log-group:*');
    expect(policy).toContain('"Service":"logs.eu-west-1.amazonaws.com"');
  });

  test('with an imported log key: a warning says which statement to add to its policy', () => {
    const { stack } = withTriggers((s) => ({
      preSignUp: PreSignUp.bundled({
        logEncryptionKey: kms.Key.fromKeyArn(
          s,
          'Imported',
          'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
        ),
      }),
    }));
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('imported key'));
    expect(warnings.map((w) => String(w.entry.data))).toEqual([
      expect.stringMatching(
        /kms:EncryptionContext:aws:logs:arn = the ARN of log group \/cognito-auth\/Stack\/Triggers\/PreSignUp,/,
      ),
    ]);
  });

  test('produces the same asset, hence the same code, from one synth to the next', () => {
    const key = () => {
      const { stack } = withTriggers({ preSignUp: PreSignUp.bundled(options) });
      const fn = Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Function'))[0];
      return JSON.stringify(fn.Properties.Code);
    };
    expect(key()).toBe(key());
  });
});

describe('PreTokenGeneration', () => {
  const claims = { claimsFromAttributes: { 'custom:tenant_id': 'tenant_id' } };

  test.each([
    [PreTokenGenerationVersion.V1_0, cognito.FeaturePlan.LITE],
    [PreTokenGenerationVersion.V1_0, cognito.FeaturePlan.ESSENTIALS],
    [PreTokenGenerationVersion.V2_0, cognito.FeaturePlan.ESSENTIALS],
    [PreTokenGenerationVersion.V2_0, cognito.FeaturePlan.PLUS],
    [PreTokenGenerationVersion.V3_0, cognito.FeaturePlan.PLUS],
  ])('bundled %s on %s sets PreTokenGenerationConfig with that event version', (version, plan) => {
    const { stack, triggers } = withTriggers(
      { preTokenGeneration: PreTokenGeneration.bundled({ ...claims, version }) },
      plan,
    );
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      LambdaConfig: {
        PreTokenGenerationConfig: {
          LambdaArn: { 'Fn::GetAtt': [logicalId(stack, triggers.preTokenGeneration!), 'Arn'] },
          LambdaVersion: version,
        },
      },
    });
    const fn = Object.values(template.findResources('AWS::Lambda::Function'))[0];
    expect(JSON.parse(fn.Properties.Environment.Variables[PRE_TOKEN_GENERATION_CONFIG_ENV])).toEqual({
      ...claims,
      version,
    });
  });

  test('bundled defaults to version 1', () => {
    const { stack } = withTriggers({ preTokenGeneration: PreTokenGeneration.bundled(claims) });
    Template.fromStack(stack).hasResourceProperties('AWS::Cognito::UserPool', {
      LambdaConfig: { PreTokenGenerationConfig: { LambdaVersion: 'V1_0' } },
    });
  });

  test.each([PreTokenGenerationVersion.V2_0, PreTokenGenerationVersion.V3_0])(
    'bundled %s on the Lite plan is refused',
    (version) => {
      expect(() =>
        withTriggers(
          { preTokenGeneration: PreTokenGeneration.bundled({ version }) },
          cognito.FeaturePlan.LITE,
        ),
      ).toThrow(
        new RegExp(
          `^triggers.preTokenGeneration.version "${version}" needs the Essentials or Plus feature plan, but featurePlan is LITE`,
        ),
      );
    },
  );

  test('fromFunction attaches the function with the version given', () => {
    const { stack, triggers } = withTriggers((s) => ({
      preTokenGeneration: PreTokenGeneration.fromFunction(
        inlineFunction(s, 'Mine'),
        PreTokenGenerationVersion.V2_0,
      ),
    }));
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      LambdaConfig: {
        PreTokenGenerationConfig: {
          LambdaArn: { 'Fn::GetAtt': [logicalId(stack, triggers.preTokenGeneration!), 'Arn'] },
          LambdaVersion: 'V2_0',
        },
      },
    });
    expect(logicalId(stack, triggers.preTokenGeneration!)).toMatch(/^Mine/);
    template.resourceCountIs('AWS::Logs::LogGroup', 0);
  });

  test('fromFunction with version 2 on the Lite plan is refused', () => {
    expect(() =>
      withTriggers(
        (s) => ({
          preTokenGeneration: PreTokenGeneration.fromFunction(
            inlineFunction(s, 'Mine'),
            PreTokenGenerationVersion.V2_0,
          ),
        }),
        cognito.FeaturePlan.LITE,
      ),
    ).toThrow(/^triggers.preTokenGeneration "V2_0" needs the Essentials or Plus feature plan/);
  });
});

describe('any other trigger', () => {
  test.each([
    ['postConfirmation', 'PostConfirmation'],
    ['preAuthentication', 'PreAuthentication'],
    ['postAuthentication', 'PostAuthentication'],
    ['customMessage', 'CustomMessage'],
    ['defineAuthChallenge', 'DefineAuthChallenge'],
    ['createAuthChallenge', 'CreateAuthChallenge'],
    ['verifyAuthChallengeResponse', 'VerifyAuthChallengeResponse'],
    ['userMigration', 'UserMigration'],
  ] as const)('%s attaches the function given to LambdaConfig.%s, invocable by this pool', (prop, key) => {
    const { stack, pool, triggers } = withTriggers((s) => ({ [prop]: inlineFunction(s, 'Fn') }));
    const template = Template.fromStack(stack);
    const fnId = logicalId(stack, triggers[prop]!);
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      LambdaConfig: { [key]: { 'Fn::GetAtt': [fnId, 'Arn'] } },
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Principal: 'cognito-idp.amazonaws.com',
      FunctionName: { 'Fn::GetAtt': [fnId, 'Arn'] },
      SourceArn: { 'Fn::GetAtt': [stack.getLogicalId(pool.node.defaultChild as cognito.CfnUserPool), 'Arn'] },
    });
  });

  test('bundled and own triggers together', () => {
    const { stack, triggers } = withTriggers((s) => ({
      preSignUp: PreSignUp.bundled({ allowedDomains: ['example.com'] }),
      preTokenGeneration: PreTokenGeneration.bundled({ suppressClaims: ['phone_number'] }),
      postConfirmation: inlineFunction(s, 'Welcome'),
    }));
    expect(Object.keys(triggers).sort()).toEqual(['postConfirmation', 'preSignUp', 'preTokenGeneration']);
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Lambda::Function', 3);
    template.resourceCountIs('AWS::Lambda::Permission', 3);
    template.resourceCountIs('AWS::Logs::LogGroup', 2);
  });
});

describe('custom senders', () => {
  test('need customSenderKmsKey', () => {
    expect(() => withTriggers((s) => ({ customEmailSender: inlineFunction(s, 'Sender') }))).toThrow(
      /^triggers.customEmailSender is set but triggers.customSenderKmsKey is not/,
    );
  });

  test('need the pool to have been created with that key', () => {
    expect(() =>
      withTriggers((s) => ({
        customSmsSender: inlineFunction(s, 'Sender'),
        customSenderKmsKey: new kms.Key(s, 'Key'),
      })),
    ).toThrow(/^triggers.customSenderKmsKey is set but the user pool was created without it/);
  });

  test('are attached with the key, and may decrypt with it', () => {
    const app = new App({ outdir: outdirs.next() });
    const stack = new Stack(app, 'Stack');
    const key = new kms.Key(stack, 'Key');
    const pool = new cognito.UserPool(stack, 'Pool', { customSenderKmsKey: key });
    const sender = inlineFunction(stack, 'Sender');
    Triggers.add(
      stack,
      pool,
      { customEmailSender: sender, customSenderKmsKey: key },
      { featurePlan: cognito.FeaturePlan.ESSENTIALS },
    );
    const template = Template.fromStack(stack);
    const keyId = stack.getLogicalId(key.node.defaultChild as kms.CfnKey);
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      LambdaConfig: {
        CustomEmailSender: {
          LambdaArn: { 'Fn::GetAtt': [logicalId(stack, sender), 'Arn'] },
          LambdaVersion: 'V1_0',
        },
        KMSKeyID: { 'Fn::GetAtt': [keyId, 'Arn'] },
      },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [{ Action: 'kms:Decrypt', Effect: 'Allow', Resource: { 'Fn::GetAtt': [keyId, 'Arn'] } }],
      },
    });
  });
});

describe('validation at synth', () => {
  test.each<[string, UserPoolTriggersProps, RegExp]>([
    [
      'a bad domain',
      { preSignUp: PreSignUp.bundled({ allowedDomains: ['example.com', 'exa mple.com'] }) },
      /^triggers.preSignUp.allowedDomains\[1\] "exa mple.com" is not valid; allowed: "example.com" \(that domain only\) or "\*.example.com" \(its subdomains\) \(at Stack\)$/,
    ],
    [
      'an auto-confirmed domain that is not allowed',
      {
        preSignUp: PreSignUp.bundled({ allowedDomains: ['example.com'], autoConfirmDomains: ['other.com'] }),
      },
      /^triggers.preSignUp.autoConfirmDomains\[0\] "other.com" is not in allowedDomains/,
    ],
    [
      'a timeout Cognito would not wait for',
      { preSignUp: PreSignUp.bundled({ timeout: Duration.seconds(6) }) },
      /^triggers.preSignUp.timeout 6 seconds is not allowed; use 1 to 5 seconds/,
    ],
    [
      'too little memory',
      { preTokenGeneration: PreTokenGeneration.bundled({ memorySize: 64 }) },
      /^triggers.preTokenGeneration.memorySize 64 is not allowed; use an integer from 128 to 10240/,
    ],
    [
      'a reserved claim',
      { preTokenGeneration: PreTokenGeneration.bundled({ claimsFromAttributes: { 'custom:id': 'sub' } }) },
      /^triggers.preTokenGeneration.claimsFromAttributes\["custom:id"\] "sub" is not valid; allowed: a claim name .* not acr, amr/,
    ],
    [
      'suppressing cognito:username',
      { preTokenGeneration: PreTokenGeneration.bundled({ suppressClaims: ['cognito:username'] }) },
      /^triggers.preTokenGeneration.suppressClaims\[0\] "cognito:username" is not valid/,
    ],
    [
      'scopes with version 1',
      {
        preTokenGeneration: PreTokenGeneration.bundled({ scopesByGroup: { admins: { add: ['api/admin'] } } }),
      },
      /^triggers.preTokenGeneration.scopesByGroup .* allowed: with version V2_0 or V3_0 only/,
    ],
    [
      'a configuration too large for the environment',
      {
        preTokenGeneration: PreTokenGeneration.bundled({
          groupClaims: [
            {
              claimName: 'permissions',
              valuesByGroup: Object.fromEntries(
                Array.from({ length: 150 }, (_, i) => [`group-${i}`, [`permission-number-${i}`]]),
              ),
            },
          ],
        }),
      },
      /^triggers.preTokenGeneration configuration is \d+ bytes of JSON .*Lambda allows 4 KB of environment variables/,
    ],
  ])('%s is refused', (_name, props, expected) => {
    expect(() => withTriggers(props)).toThrow(expected);
  });

  test.each<[string, () => UserPoolTriggersProps, RegExp]>([
    [
      'a misspelled pre sign-up option given in a variable',
      () => {
        const options = { allowDomains: ['example.com'] } as PreSignUpOptions;
        return { preSignUp: PreSignUp.bundled(options) };
      },
      /^triggers.preSignUp.allowDomains is not an option of this trigger \(did you mean allowedDomains\?\); allowed: allowedDomains, deniedDomains, .*memorySize/,
    ],
    [
      'a misspelled pre token generation option',
      () => {
        const options: Record<string, unknown> = { supressClaims: ['email'] };
        return { preTokenGeneration: PreTokenGeneration.bundled(options as PreTokenGenerationOptions) };
      },
      /^triggers.preTokenGeneration.supressClaims is not an option of this trigger \(did you mean suppressClaims\?\)/,
    ],
    [
      'a misspelled function option',
      () => ({ preSignUp: PreSignUp.bundled({ memorySzie: 512 } as PreSignUpOptions) }),
      /^triggers.preSignUp.memorySzie is not an option of this trigger \(did you mean memorySize\?\)/,
    ],
  ])('%s is refused at synth, not dropped', (_name, props, expected) => {
    expect(() => withTriggers(props())).toThrow(expected);
  });

  test('values that are tokens are not checked, and reach the function', () => {
    const { stack } = withTriggers((s) => {
      const domain = new CfnParameter(s, 'Domain').valueAsString;
      return {
        preSignUp: PreSignUp.bundled({
          allowedDomains: [domain],
          messages: { domainNotAllowed: Lazy.string({ produce: () => 'Use your work address.' }) },
          memorySize: Token.asNumber(new CfnParameter(s, 'Memory', { type: 'Number' }).valueAsNumber),
        }),
        preTokenGeneration: PreTokenGeneration.bundled({
          claimsFromAttributes: { 'custom:tenant': new CfnParameter(s, 'Claim').valueAsString },
          timeout: Duration.seconds(new CfnParameter(s, 'Timeout', { type: 'Number' }).valueAsNumber),
        }),
      };
    });
    const template = Template.fromStack(stack);
    const text = JSON.stringify(template.findResources('AWS::Lambda::Function'));
    expect(text).toContain('{"Ref":"Domain"}');
    expect(text).toContain('{"Ref":"Claim"}');
    expect(text).toContain('Use your work address.');
    template.hasResourceProperties('AWS::Lambda::Function', { MemorySize: { Ref: 'Memory' } });
  });
});

describe('bundled code location', () => {
  const root = path.resolve(__dirname, '..', '..');

  test('the package root is found from the compiled output folder too, and from a relative path', () => {
    expect(packageRoot(path.join(root, 'dist', 'lib', 'triggers'))).toBe(root);
    expect(packageRoot(path.relative(process.cwd(), path.join(root, 'dist', 'lib', 'triggers')) || '.')).toBe(
      root,
    );
  });

  test('the package root is found inside node_modules, past other package.json files', () => {
    const base = outdirs.next();
    const pkg = path.join(base, 'node_modules', 'cdk-cognito-auth');
    fs.mkdirSync(path.join(pkg, 'dist', 'lib', 'triggers'), { recursive: true });
    fs.writeFileSync(path.join(base, 'package.json'), JSON.stringify({ name: 'my-app' }));
    fs.writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ name: 'cdk-cognito-auth' }));
    fs.writeFileSync(path.join(pkg, 'dist', 'package.json'), '{not json');
    expect(packageRoot(path.join(pkg, 'dist', 'lib', 'triggers'))).toBe(pkg);
  });

  test('a missing bundle is reported with the command that makes it', () => {
    expect(() => triggerAssetPath('triggers.preSignUp', 'no-such-trigger')).toThrow(
      /^triggers.preSignUp needs the bundled handler assets\/no-such-trigger\/index.js, which is missing from .*; run "npm run bundle"/,
    );
  });
});
