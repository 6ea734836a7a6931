/**
 * The local Lambda Invoke endpoint on its own, with small functions written for the test: each function
 * runs with its own environment, answers as Lambda does (results, function errors, timeouts, crashes),
 * and recovers.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LocalFunctionDefinition } from '../../src/local/function-process';
import { RunningLambdaEndpoint, startLambdaEndpoint } from '../../src/local/lambda-endpoint';
import { tempDir } from './helpers';

let dir: string;
let endpoint: RunningLambdaEndpoint;
const output: string[] = [];

const CODE: Record<string, string> = {
  // Reads its configuration once, at module load, like the bundled triggers.
  config: `const greeting = process.env.GREETING;
const leaked = process.env.LAMBDA_ENDPOINT_TEST_PARENT_ONLY;
let calls = 0;
exports.handler = async (event) => ({ greeting, leaked: leaked ?? null, calls: ++calls, event });`,
  failing: `exports.handler = async () => {
  const e = new Error('Sign-up is closed.');
  e.name = 'SignUpRejectedError';
  throw e;
};`,
  callback: `exports.handler = (event, context, callback) => {
  console.log('callback handler ran');
  callback(null, { requestId: context.awsRequestId, name: context.functionName, remaining: context.getRemainingTimeInMillis() });
};`,
  slow: `let calls = 0;
exports.handler = async (event) => {
  calls++;
  if (event.wait) await new Promise((r) => setTimeout(r, event.wait));
  return { calls };
};`,
  crashing: `let calls = 0;
exports.handler = async (event) => {
  calls++;
  if (event.crash) process.exit(3);
  return { calls };
};`,
  broken: `throw new Error('configuration missing');`,
};

function fn(name: string, env: Record<string, string> = {}, timeoutSeconds = 3): LocalFunctionDefinition {
  const codeDir = path.join(dir, name);
  fs.mkdirSync(codeDir, { recursive: true });
  fs.writeFileSync(path.join(codeDir, 'index.js'), CODE[name.replace(/-\w+$/, '')]);
  return {
    name,
    codeDir,
    handler: 'index.handler',
    environment: { PATH: process.env.PATH ?? '', ...env },
    timeoutSeconds,
  };
}

beforeAll(async () => {
  dir = tempDir('lambda-endpoint');
  process.env.LAMBDA_ENDPOINT_TEST_PARENT_ONLY = 'parent';
  endpoint = await startLambdaEndpoint({
    functions: [
      fn('config-a', { GREETING: 'hello' }),
      fn('config-b', { GREETING: 'bonjour' }),
      fn('failing'),
      fn('callback'),
      fn('slow', {}, 1),
      fn('crashing'),
      fn('broken'),
    ],
    aliases: { PreSignUp: 'failing' },
    onOutput: (name, line) => output.push(`${name}: ${line}`),
  });
});

afterAll(async () => {
  delete process.env.LAMBDA_ENDPOINT_TEST_PARENT_ONLY;
  await endpoint?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function invoke(
  name: string,
  event: unknown = {},
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; body: Record<string, unknown> }> {
  const response = await fetch(
    `${endpoint.endpoint}/2015-03-31/functions/${encodeURIComponent(name)}/invocations`,
    {
      method: 'POST',
      body: JSON.stringify(event),
      headers,
    },
  );
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
}

test('each function runs with its own environment, read at load, and nothing of the parent process', async () => {
  const a = await invoke('config-a', { n: 1 });
  const b = await invoke('config-b', { n: 2 });
  expect(a).toMatchObject({ status: 200, body: { greeting: 'hello', leaked: null, event: { n: 1 } } });
  expect(b).toMatchObject({ status: 200, body: { greeting: 'bonjour', leaked: null, event: { n: 2 } } });
  // One process per function, kept warm between invocations.
  expect((await invoke('config-a')).body.calls).toBe(Number(a.body.calls) + 1);
});

test('a function error is answered as Lambda does: 200, X-Amz-Function-Error, errorType and errorMessage', async () => {
  const result = await invoke('failing');
  expect(result.status).toBe(200);
  expect(result.headers.get('x-amz-function-error')).toBe('Unhandled');
  expect(result.body).toMatchObject({ errorType: 'SignUpRejectedError', errorMessage: 'Sign-up is closed.' });
});

test('functions are found by name, by ARN and by alias; an unknown name is a ResourceNotFoundException', async () => {
  expect((await invoke('arn:aws:lambda:eu-west-1:111122223333:function:config-b')).body.greeting).toBe(
    'bonjour',
  );
  expect((await invoke('PreSignUp')).body.errorType).toBe('SignUpRejectedError');
  const missing = await invoke('nope');
  expect(missing.status).toBe(404);
  expect(missing.headers.get('x-amzn-errortype')).toBe('ResourceNotFoundException');
});

test('callback handlers get a Lambda context, and their output reaches the log', async () => {
  const result = await invoke('callback');
  expect(result.body).toMatchObject({ name: 'callback' });
  expect(result.body.requestId).toMatch(/^[0-9a-f-]{36}$/);
  expect(result.body.remaining).toBeGreaterThan(0);
  expect(result.body.remaining).toBeLessThanOrEqual(3000);
  expect(output).toContain('callback: callback handler ran');
});

test('an invocation that outlives the timeout fails with Sandbox.Timedout, and the next starts afresh', async () => {
  expect((await invoke('slow')).body.calls).toBe(1);
  const timedOut = await invoke('slow', { wait: 3000 });
  expect(timedOut.headers.get('x-amz-function-error')).toBe('Unhandled');
  expect(timedOut.body).toMatchObject({ errorType: 'Sandbox.Timedout' });
  expect(String(timedOut.body.errorMessage)).toMatch(/Task timed out after 1\.00 seconds/);
  expect((await invoke('slow')).body.calls).toBe(1);
});

test('a function that exits fails with Runtime.ExitError, and the next invocation starts afresh', async () => {
  expect((await invoke('crashing')).body.calls).toBe(1);
  const crashed = await invoke('crashing', { crash: true });
  expect(crashed.body).toMatchObject({ errorType: 'Runtime.ExitError' });
  expect((await invoke('crashing')).body.calls).toBe(1);
});

test('a function that fails to load is reported at start, and each invocation returns the load error', async () => {
  expect(endpoint.initErrors.broken).toMatchObject({ errorMessage: 'configuration missing' });
  const result = await invoke('broken');
  expect(result.headers.get('x-amz-function-error')).toBe('Unhandled');
  expect(result.body.errorMessage).toBe('configuration missing');
});

test('Event invocations are accepted with 202 and DryRun with 204', async () => {
  expect((await invoke('config-a', {}, { 'X-Amz-Invocation-Type': 'Event' })).status).toBe(202);
  expect((await invoke('config-a', {}, { 'X-Amz-Invocation-Type': 'DryRun' })).status).toBe(204);
});
