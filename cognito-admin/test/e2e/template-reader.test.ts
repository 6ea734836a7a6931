/**
 * How local mode reads a cloud assembly: which triggers it can run and which it cannot (and says why),
 * how template values resolve to local ones, and which gaps it reports.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { emulatorGaps } from '../../src/local/gaps';
import { CfnValue, IntrinsicLookup, resolveString, resolveValue } from '../../src/local/intrinsics';
import { formatFindings, readFindings } from '../../src/local/synth';
import { readStack } from '../../src/local/template';
import { planTriggers } from '../../src/local/triggers';
import { tempDir } from './helpers';

let dir: string;
const INLINE = 'exports.handler = async (event) => event;';

const fnArn = (id: string): CfnValue => ({ 'Fn::GetAtt': [id, 'Arn'] });

function lambda(runtime: string, asset: string | undefined): Record<string, CfnValue> {
  return {
    Type: 'AWS::Lambda::Function',
    Properties: {
      Runtime: runtime,
      Handler: 'index.handler',
      Timeout: 4,
      Code: { S3Bucket: 'cdk-assets', S3Key: `${asset ?? 'missing'}.zip` },
      Environment: { Variables: { TABLE: { Ref: 'Table' }, MODE: 'strict' } },
    },
    ...(asset ? { Metadata: { 'aws:asset:path': `asset.${asset}`, 'aws:asset:property': 'Code' } } : {}),
  };
}

beforeAll(() => {
  dir = tempDir('template-reader');
  const template = {
    Resources: {
      Pool: {
        Type: 'AWS::Cognito::UserPool',
        Properties: {
          UsernameAttributes: ['email'],
          EnabledMfas: ['SOFTWARE_TOKEN_MFA', 'SMS_MFA'],
          LambdaConfig: {
            PreSignUp: fnArn('SignUpFn'),
            PreTokenGeneration: fnArn('TokenFn'),
            PreTokenGenerationConfig: { LambdaArn: fnArn('TokenFn'), LambdaVersion: 'V2_0' },
            PreAuthentication: fnArn('SignUpFn'),
            PostConfirmation: fnArn('PythonFn'),
            CustomMessage: 'arn:aws:lambda:eu-west-1:111122223333:function:shared-messages',
            UserMigration: fnArn('NoCodeFn'),
            PostAuthentication: fnArn('InlineFn'),
          },
        },
      },
      Client: { Type: 'AWS::Cognito::UserPoolClient', Properties: { UserPoolId: { Ref: 'Pool' } } },
      OtherClient: {
        Type: 'AWS::Cognito::UserPoolClient',
        Properties: { UserPoolId: { Ref: 'ElsewherePool' } },
      },
      Group: {
        Type: 'AWS::Cognito::UserPoolGroup',
        Properties: { UserPoolId: { Ref: 'Pool' }, GroupName: 'admins', RoleArn: fnArn('Role') },
      },
      Domain: {
        Type: 'AWS::Cognito::UserPoolDomain',
        Properties: { UserPoolId: { Ref: 'Pool' }, Domain: 'my-app' },
      },
      Identity: { Type: 'AWS::Cognito::IdentityPool', Properties: {} },
      SignUpFn: lambda('nodejs24.x', 'aaa'),
      TokenFn: lambda('nodejs24.x', 'bbb'),
      PythonFn: lambda('python3.13', 'ccc'),
      NoCodeFn: lambda('nodejs24.x', undefined),
      InlineFn: {
        Type: 'AWS::Lambda::Function',
        Properties: { Runtime: 'nodejs22.x', Handler: 'index.handler', Code: { ZipFile: INLINE } },
      },
    },
    Outputs: { ClientConfiguration: { Value: '{}' } },
  };
  fs.writeFileSync(path.join(dir, 'Test.template.json'), JSON.stringify(template));
  for (const asset of ['aaa', 'bbb', 'ccc']) fs.mkdirSync(path.join(dir, `asset.${asset}`));
  fs.writeFileSync(
    path.join(dir, 'manifest.json'),
    JSON.stringify({
      version: '55.0.0',
      artifacts: {
        Test: {
          type: 'aws:cloudformation:stack',
          environment: 'aws://unknown-account/eu-central-1',
          properties: { templateFile: 'Test.template.json' },
          metadata: { '/Test/Pool': [{ type: 'aws:cdk:warning', data: 'a warning' }] },
        },
      },
    }),
  );
});

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('the model links clients, groups and domains to their pool, and reads region, functions and annotations', () => {
  const model = readStack(dir);
  expect(model).toMatchObject({ stackName: 'Test', region: 'eu-central-1', identityPools: ['Identity'] });
  const [pool] = model.userPools;
  expect(pool.clients.map((c) => c.logicalId)).toEqual(['Client']);
  expect(pool.groups.map((g) => g.logicalId)).toEqual(['Group']);
  expect(pool.domains.map((d) => d.logicalId)).toEqual(['Domain']);
  expect(model.functions.TokenFn).toMatchObject({
    handler: 'index.handler',
    timeoutSeconds: 4,
    memoryMb: 128,
    codeDir: path.join(dir, 'asset.bbb'),
  });
  expect(model.functions.NoCodeFn.codeProblem).toMatch(/not an asset of this cloud assembly/);
  expect(model.functions.InlineFn).toMatchObject({
    inlineCode: INLINE,
    timeoutSeconds: 3,
    runtime: 'nodejs22.x',
  });
  expect(model.annotations).toEqual([{ level: 'warning', path: '/Test/Pool', message: 'a warning' }]);
  expect(() => readStack(dir, 'Other')).toThrow(/stack Other is not in .*; stacks there: Test/);
});

test('only triggers that run locally, with Node.js code in the assembly, are wired; the rest say why', () => {
  const plan = planTriggers(readStack(dir));
  expect(plan.wired).toEqual([
    { trigger: 'PreSignUp', userPool: 'Pool', functionName: 'SignUpFn' },
    { trigger: 'PreTokenGeneration', userPool: 'Pool', functionName: 'TokenFn', version: 'V2_0' },
    { trigger: 'PreAuthentication', userPool: 'Pool', functionName: 'SignUpFn' },
    { trigger: 'PostAuthentication', userPool: 'Pool', functionName: 'InlineFn' },
  ]);
  expect(plan.functions.map((f) => f.logicalId)).toEqual(['SignUpFn', 'TokenFn', 'InlineFn']);
  const why = Object.fromEntries(plan.unwired.map((u) => [u.trigger, u.reason]));
  expect(why).toEqual({
    PostConfirmation: expect.stringMatching(/python3\.13; local mode runs Node\.js functions only/),
    CustomMessage: expect.stringMatching(/not defined in this stack/),
    UserMigration: expect.stringMatching(/NoCodeFn cannot run locally/),
  });
});

test('the gaps name what is left: key and issuer, fake credentials, SMS MFA, unwired triggers; not what the front provides', () => {
  const model = readStack(dir);
  const gaps = emulatorGaps(model, planTriggers(model)).map((g) => `${g.feature}: ${g.detail}`);
  const expected = [
    /^Token issuer and key: .*http:\/\/localhost:<port>\/<poolId>/,
    /^AWS credentials: .*plainly fake/,
    /^Hosted UI: /,
    /^Custom authentication and devices: /,
    /^MFA: SMS_MFA not available locally/,
    /^CustomMessage trigger: not run locally/,
    /^UserMigration trigger: not run locally/,
  ];
  for (const pattern of expected) expect(gaps.some((g) => pattern.test(g))).toBe(true);
  // SRP, refresh, the rules, V2 events, group roles, domains and identity pools work locally now.
  expect(gaps.join('\n')).not.toMatch(
    /SRP|AdminDisableUser|Password policy|V1 events|Group roles|not created|Identity pool: /,
  );
  for (const gap of gaps) expect(gap.length).toBeGreaterThan(40);
});

describe('intrinsic functions', () => {
  const lookup: IntrinsicLookup = {
    ref: (id) => ({ Pool: 'local_abc', 'AWS::Region': 'eu-west-1' })[id],
    getAtt: (id, attribute) => (id === 'Pool' && attribute === 'Arn' ? 'arn:local:pool' : undefined),
  };

  test('Ref, GetAtt, Join, Sub, Select and Split resolve with local values', () => {
    expect(
      resolveString({ 'Fn::Join': ['/', [{ Ref: 'Pool' }, { 'Fn::GetAtt': ['Pool', 'Arn'] }]] }, lookup)
        .value,
    ).toBe('local_abc/arn:local:pool');
    expect(
      resolveString({ 'Fn::Sub': 'https://${Pool}.${AWS::Region}/${Pool.Arn}/${!Literal}' }, lookup).value,
    ).toBe('https://local_abc.eu-west-1/arn:local:pool/${Literal}');
    expect(resolveString({ 'Fn::Sub': ['${X}-${Pool}', { X: { Ref: 'Pool' } }] }, lookup).value).toBe(
      'local_abc-local_abc',
    );
    expect(resolveString({ 'Fn::Select': [1, { 'Fn::Split': [',', 'a,b,c'] }] }, lookup).value).toBe('b');
  });

  test('what has no local value is left out and named; AWS::NoValue is left out silently', () => {
    const r = resolveValue(
      {
        Keep: { Ref: 'Pool' },
        Role: { 'Fn::GetAtt': ['Role', 'Arn'] },
        Gone: { Ref: 'AWS::NoValue' },
        List: ['a', { Ref: 'Table' }, { 'Fn::ImportValue': 'shared' }],
      },
      lookup,
    );
    expect(r.value).toEqual({ Keep: 'local_abc', List: ['a'] });
    expect(r.missing).toEqual([
      'Role (Fn::GetAtt Role.Arn)',
      'List[1] (Ref Table)',
      'List[2] (Fn::ImportValue (not supported locally))',
    ]);
    expect(resolveString({ 'Fn::Join': ['', ['x', { Ref: 'Table' }]] }, lookup)).toEqual({
      value: undefined,
      missing: ['Ref Table'],
    });
  });
});

test('cdk-nag findings are read from the validation report, one line per finding and construct', () => {
  const reportDir = path.join(dir, 'nag');
  fs.mkdirSync(reportDir, { recursive: true });
  fs.writeFileSync(
    path.join(reportDir, 'validation-report.json'),
    JSON.stringify({
      pluginReports: [
        {
          pluginName: 'AwsSolutions',
          violations: [
            {
              ruleName: 'AwsSolutions-COG1',
              description: 'The Cognito user pool does not have a password policy ...',
              severity: 'error',
              violatingConstructs: [
                { constructPath: 'S/Pool/Resource' },
                { constructPath: 'S/Other/Resource' },
              ],
            },
            {
              ruleName: 'AwsSolutions-COG2',
              description: 'MFA',
              severity: 'warning',
              violatingConstructs: [{ constructPath: 'S/Pool/Resource' }],
            },
          ],
        },
      ],
    }),
  );
  const findings = readFindings(reportDir);
  expect(findings.map((f) => `${f.rule} ${f.severity} ${f.path}`)).toEqual([
    'AwsSolutions-COG1 error S/Pool/Resource',
    'AwsSolutions-COG1 error S/Other/Resource',
    'AwsSolutions-COG2 warning S/Pool/Resource',
  ]);
  expect(formatFindings(findings.slice(0, 1))).toBe(
    '  AwsSolutions-COG1 error S/Pool/Resource: The Cognito user pool does not have a password policy ...',
  );
  expect(readFindings(path.join(dir, 'no-such-dir'))).toEqual([]);
});
