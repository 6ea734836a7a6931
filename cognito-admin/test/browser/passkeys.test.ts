/// <reference lib="dom" />
/**
 * Passkeys in local mode with a real browser and a real client: Debian's headless Chromium (driven by
 * playwright-core) with a CDP virtual authenticator (resident keys, user verification) runs an Amplify v6
 * page on http://localhost:<free port>. The user signs up and in, adds a passkey
 * (`associateWebAuthnCredential`: StartWebAuthnRegistration, the browser's navigator.credentials.create,
 * CompleteWebAuthnRegistration), lists it, signs out, signs in with the passkey (USER_AUTH, WEB_AUTHN),
 * and deletes it. The AWS SDK then checks what the WEB_AUTHN challenge asks for and that a credential the
 * user does not have is refused. A failed step leaves a screenshot in test/.tmp/.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import {
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Browser, Page } from 'playwright-core';
import { freePort } from '../../src/local/emulator';
import { emulatorClient, LocalStack, startLocal } from '../../src/local/start-local';
import { CODE, PASSWORD, START_TIMEOUT, tempDir, uniqueEmail } from '../e2e/helpers';
import { writePasswordlessAssembly } from '../e2e/passwordless-fixture';
import { bundlePage, launchChromium, requireChromium, stepsOn } from './support';

let dir: string;
let local: LocalStack;
let browser: Browser;
let page: Page;
let server: http.Server;
let origin: string;
let cognito: CognitoIdentityProviderClient;
let web: string;

beforeAll(async () => {
  requireChromium();
  dir = tempDir('passkeys');
  const appPort = await freePort();
  origin = `http://localhost:${appPort}`;
  const [started, built] = await Promise.all([
    startLocal({
      assemblyDir: writePasswordlessAssembly(dir),
      dir: path.join(dir, 'local'),
      port: 0,
      quiet: true,
      code: CODE,
    }),
    bundlePage(path.join(__dirname, 'passkey-app', 'main.ts')),
  ]);
  local = started;
  cognito = emulatorClient(local.endpoint, local.region);
  web = local.pools[0].clients.find((c) => c.logicalId === 'Web')!.clientId;
  const bundle = built;
  server = http.createServer((req, res) => {
    const type = req.url === '/app.js' ? 'text/javascript' : 'text/html';
    res.writeHead(200, { 'Content-Type': type });
    res.end(
      req.url === '/app.js'
        ? bundle
        : '<!doctype html><html><head><title>Passkeys</title></head><body><p id="status">loading</p><script src="/app.js"></script></body></html>',
    );
  });
  await new Promise<void>((resolve) => server.listen(appPort, '127.0.0.1', resolve));
  browser = await launchChromium();
  page = await (await browser.newContext()).newPage();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
}, START_TIMEOUT);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  cognito?.destroy();
  await local?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** Runs one step; on failure saves a screenshot named after it and rethrows. */
const step = stepsOn(() => page, 'passkeys');

type App = {
  configure(poolId: string, clientId: string, endpoint: string): boolean;
  signUp(email: string, password: string): Promise<string>;
  confirm(email: string, code: string): Promise<boolean>;
  signInWithPassword(email: string, password: string): Promise<boolean>;
  addPasskey(): Promise<boolean>;
  passkeys(): Promise<Array<{ credentialId: string; relyingPartyId: string }>>;
  deletePasskey(credentialId: string): Promise<boolean>;
  signInWithPasskey(email: string): Promise<string>;
  email(): Promise<string>;
  signOut(): Promise<boolean>;
};
const app = <T>(fn: (a: App, arg: unknown) => Promise<T> | T, arg?: unknown): Promise<T> =>
  page.evaluate(
    ([source, a]) =>
      new Function('a', 'arg', `return (${source})(a, arg)`)((window as unknown as { app: App }).app, a),
    [fn.toString(), arg] as const,
  ) as Promise<T>;

test('an Amplify v6 page adds a passkey, signs in with it, and deletes it; the challenge asks what the pool says', async () => {
  const email = uniqueEmail('example.org', 'passkey');
  await step('open', async () => {
    await page.goto(`${origin}/`);
    await page.waitForFunction(() => (window as unknown as { app?: unknown }).app !== undefined);
    expect(await page.evaluate(() => window.isSecureContext)).toBe(true);
    await app(
      (a, c) => a.configure(...(c as [string, string, string])),
      [local.pools[0].id, web, local.endpoint],
    );
  });
  await step('sign-up', async () => {
    expect(await app((a, e) => a.signUp(String(e), 'Corr3ct-horse!'), email)).toBe('CONFIRM_SIGN_UP');
    expect(await app((a, e) => a.confirm(String(e), '482913'), email)).toBe(true);
    expect(await app((a, e) => a.signInWithPassword(String(e), 'Corr3ct-horse!'), email)).toBe(true);
  });
  expect([CODE, PASSWORD]).toEqual(['482913', 'Corr3ct-horse!']);
  const [passkey] = await step('add-passkey', async () => {
    expect(await app((a) => a.addPasskey())).toBe(true);
    const list = await app((a) => a.passkeys());
    expect(list).toHaveLength(1);
    expect(list[0].relyingPartyId).toBe('localhost');
    return list;
  });
  await step('sign-in-with-passkey', async () => {
    await app((a) => a.signOut());
    expect(await app((a, e) => a.signInWithPasskey(String(e)), email)).toBe('DONE');
    expect(await app((a) => a.email())).toBe(email);
  });

  // The challenge as an SDK sees it: the local relying party, the pool's user verification, the passkey.
  const started = await cognito.send(
    new InitiateAuthCommand({
      ClientId: web,
      AuthFlow: 'USER_AUTH',
      AuthParameters: { USERNAME: email, PREFERRED_CHALLENGE: 'WEB_AUTHN' },
    }),
  );
  expect(started.ChallengeName).toBe('WEB_AUTHN');
  const options = JSON.parse(started.ChallengeParameters?.CREDENTIAL_REQUEST_OPTIONS ?? '{}') as {
    rpId: string;
    userVerification: string;
    allowCredentials: Array<{ id: string }>;
    challenge: string;
  };
  expect(options.rpId).toBe('localhost');
  expect(options.userVerification).toBe('required');
  expect(options.allowCredentials.map((c) => c.id)).toEqual([passkey.credentialId]);
  // Chosen from SELECT_CHALLENGE, the passkey gets the same challenge.
  const choice = await cognito.send(
    new InitiateAuthCommand({ ClientId: web, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: email } }),
  );
  expect(choice.AvailableChallenges).toEqual(['WEB_AUTHN', 'EMAIL_OTP', 'PASSWORD', 'PASSWORD_SRP']);
  const selected = await cognito.send(
    new RespondToAuthChallengeCommand({
      ClientId: web,
      ChallengeName: 'SELECT_CHALLENGE',
      Session: choice.Session,
      ChallengeResponses: { USERNAME: email, ANSWER: 'WEB_AUTHN' },
    }),
  );
  expect(selected.ChallengeName).toBe('WEB_AUTHN');
  expect(JSON.parse(selected.ChallengeParameters?.CREDENTIAL_REQUEST_OPTIONS ?? '{}')).toMatchObject({
    rpId: 'localhost',
  });
  // A credential the user does not have is refused.
  await expect(
    cognito.send(
      new RespondToAuthChallengeCommand({
        ClientId: web,
        ChallengeName: 'WEB_AUTHN',
        Session: started.Session,
        ChallengeResponses: {
          USERNAME: email,
          CREDENTIAL: JSON.stringify({
            id: 'bm90LWEtcGFzc2tleQ',
            rawId: 'bm90LWEtcGFzc2tleQ',
            type: 'public-key',
            response: {},
          }),
        },
      }),
    ),
  ).rejects.toMatchObject({ name: 'NotAuthorizedException' });

  await step('delete-passkey', async () => {
    expect(await app((a, id) => a.deletePasskey(String(id)), passkey.credentialId)).toBe(true);
    expect(await app((a) => a.passkeys())).toEqual([]);
  });
  // Without a passkey, WEB_AUTHN is no longer among the choices.
  const after = await cognito.send(
    new InitiateAuthCommand({
      ClientId: web,
      AuthFlow: 'USER_AUTH',
      AuthParameters: { USERNAME: email, PREFERRED_CHALLENGE: 'WEB_AUTHN' },
    }),
  );
  expect(after.ChallengeName).toBe('SELECT_CHALLENGE');
  expect(after.AvailableChallenges).not.toContain('WEB_AUTHN');
});
