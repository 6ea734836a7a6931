/**
 * `cognito-admin local` on a CDK app of its own, not the reference app: an app folder with cdk.json,
 * two stacks (one with a CognitoAuth whose pre sign-up trigger is the app's own code, one without), and
 * context that changes what it synthesizes. The app runs in its own process, as the CDK CLI runs it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import { emulatorClient, LocalStack, startLocal, StartLocalOptions } from '../../src/local/start-local';
import { REPO, START_TIMEOUT, tempDir } from '../e2e/helpers';
import { startLocalCli } from './helpers';

let app: string;
const running: LocalStack[] = [];

/** The app's own pre sign-up function: refuses blocked.test, confirms everyone else. */
const GATEKEEPER = `exports.handler = async (event) => {
  const email = event.request.userAttributes.email || '';
  if (email.endsWith('@blocked.test')) throw new Error('sign-ups from blocked.test are closed');
  event.response.autoConfirmUser = true;
  return event;
};
`;

function appSource(repoLib: string): string {
  return `import * as path from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { AwsSolutionsChecks } from 'cdk-nag';
import { CognitoAuth, PreSignUp } from ${JSON.stringify(repoLib)};

const app = new App();
const ctx = (key: string): string | undefined => app.node.tryGetContext(key);
if (ctx('explode')) throw new Error('boom from the app');
if (ctx('nag') === 'on') Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
const name = ctx('appName') ?? 'Shop';

const auth = new Stack(app, name + 'Auth', { env: { region: 'eu-central-1' } });
const gatekeeper = new lambda.Function(auth, 'Gatekeeper', {
  runtime: lambda.Runtime.NODEJS_22_X,
  handler: 'index.handler',
  code: lambda.Code.fromAsset(path.join(__dirname, 'gatekeeper')),
});
new CognitoAuth(auth, 'Auth', { selfSignUpEnabled: true, triggers: { preSignUp: PreSignUp.fromFunction(gatekeeper) } });

const data = new Stack(app, name + 'Data');
new ssm.StringParameter(data, 'Setting', { stringValue: 'on' });

if (ctx('second') === 'yes') new CognitoAuth(new Stack(app, name + 'Admin'), 'Auth');
app.synth();
`;
}

beforeAll(() => {
  app = tempDir('own-app');
  fs.mkdirSync(path.join(app, 'gatekeeper'));
  fs.writeFileSync(path.join(app, 'gatekeeper', 'index.js'), GATEKEEPER);
  fs.writeFileSync(path.join(app, 'app.ts'), appSource(path.join(REPO, 'lib')));
  fs.writeFileSync(
    path.join(app, 'cdk.json'),
    JSON.stringify({ app: 'node --import tsx app.ts', context: { appName: 'Shop' } }),
  );
});

afterEach(async () => {
  await Promise.all(running.splice(0).map((l) => l.stop()));
});

afterAll(() => {
  if (app) fs.rmSync(app, { recursive: true, force: true });
});

async function start(options: Partial<StartLocalOptions> = {}): Promise<LocalStack> {
  const local = await startLocal({
    appDir: app,
    dir: path.join(app, '.local'),
    port: 0,
    quiet: true,
    ...options,
  });
  running.push(local);
  return local;
}

test(
  "synthesizes the app of cdk.json, runs the stack with the CognitoAuth, and the app's own trigger code decides sign-ups",
  async () => {
    const local = await start({ reset: true });
    expect(local.stackName).toBe('ShopAuth');
    expect(local.region).toBe('eu-central-1');
    expect(local.stage).toBe('dev');
    expect(local.triggers.map((t) => t.trigger)).toEqual(['PreSignUp']);

    const cognito = emulatorClient(local.endpoint, local.region);
    const clientId = local.outputs.auth.user_pool_client_id;
    const signUp = (email: string) =>
      cognito.send(
        new SignUpCommand({
          ClientId: clientId,
          Username: email,
          Password: 'Corr3ct-horse!',
          UserAttributes: [{ Name: 'email', Value: email }],
        }),
      );
    await expect(signUp('eve@blocked.test')).rejects.toMatchObject({
      name: 'UserLambdaValidationException',
      message: expect.stringContaining('sign-ups from blocked.test are closed'),
    });
    await expect(signUp('ana@welcome.test')).resolves.toMatchObject({ UserConfirmed: true });
    cognito.destroy();
  },
  START_TIMEOUT,
);

test(
  'several stacks with a CognitoAuth: without --stack they are named; --stack chooses',
  async () => {
    await expect(start({ context: { second: 'yes' } })).rejects.toThrow(
      '2 stacks hold a CognitoAuth (ShopAuth, ShopAdmin); choose one with --stack <name>',
    );
    const admin = await start({ context: { second: 'yes' }, stackName: 'ShopAdmin' });
    expect(admin.stackName).toBe('ShopAdmin');
    expect(admin.triggers).toEqual([]);
  },
  START_TIMEOUT,
);

test(
  '--stack of a stack without a user pool, or of no stack, is refused with the stacks there are',
  async () => {
    await expect(start({ stackName: 'ShopData' })).rejects.toThrow(
      'stack ShopData has no user pool; stacks with a CognitoAuth: ShopAuth',
    );
    await expect(start({ stackName: 'Nope' })).rejects.toThrow(
      '--stack Nope is not a stack of the app; its stacks: ShopAuth, ShopData',
    );
  },
  START_TIMEOUT,
);

test(
  'validation errors (cdk-nag) stop start-up as cdk synth would, listing the findings',
  async () => {
    await expect(start({ context: { nag: 'on' } })).rejects.toThrow(
      /the app does not pass its validation checks \(\d+ unacknowledged errors?; report: .*validation-report\.json\):\n\s+AwsSolutions-\S+ error ShopAuth\//,
    );
  },
  START_TIMEOUT,
);

test(
  'an app that fails says so with its own message; a folder without cdk.json says what to do',
  async () => {
    await expect(start({ context: { explode: 'yes' } })).rejects.toThrow(
      /the app \(node --import tsx app\.ts\) exited with code 1:[\s\S]*boom from the app/,
    );
    const empty = tempDir('no-app');
    await expect(startLocal({ appDir: empty, port: 0 })).rejects.toThrow(
      /no CDK app to run: .*cdk\.json does not exist; run this in the folder of your CDK app, or pass --app "<command>" or --assembly/,
    );
    fs.rmSync(empty, { recursive: true, force: true });
  },
  START_TIMEOUT,
);

test(
  'the CLI in the app folder: -c context reaches the app, .local/ is written there, Ctrl-C stops it',
  async () => {
    const cli = startLocalCli(['-c', 'appName=Cli', '--port', '0', '--quiet', '--reset'], { cwd: app });
    try {
      await cli.waitFor(/Ready in/);
      expect(cli.output()).toContain('Local mode: CliAuth (stage dev, region eu-central-1)');
      const outputs = JSON.parse(fs.readFileSync(path.join(app, '.local', 'outputs.json'), 'utf8')) as {
        custom: { cognito_auth: { endpoint: string } };
      };
      expect(cli.output()).toContain(outputs.custom.cognito_auth.endpoint);
      cli.child.kill('SIGINT');
      expect(await cli.exited()).toEqual({ code: 0, signal: null });
      expect(cli.output()).toContain('Stopped. Data kept in .local/.');
    } finally {
      cli.child.kill('SIGKILL');
    }
  },
  START_TIMEOUT,
);
