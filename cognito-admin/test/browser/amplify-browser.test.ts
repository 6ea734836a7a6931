/// <reference lib="dom" />
/**
 * A real browser (Debian's headless Chromium, driven by playwright-core) runs a small Amplify v6 page
 * against local mode: sign-up, the default (SRP) sign-in, refresh, AWS credentials, sign-out, and sign-in
 * again through the local hosted UI with `signInWithRedirect`. The page is served on a free local port,
 * as a dev server would serve it, and the dev stage is synthesized with that origin as the web client's
 * callback and sign-out URL (`-c callbackUrl=... -c logoutUrl=...`). A failed step leaves a screenshot in
 * test/.tmp/.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { freePort } from '../../src/local/emulator';
import type { LocalStack } from '../../src/local/start-local';
import { synthesizeApp } from '../../src/local/synth';
import { ensureTriggerAssets } from '../../../test/triggers/assets';
import { CODE, PASSWORD, REPO, START_TIMEOUT, STAGE, startDev, tempDir, uniqueEmail } from '../e2e/helpers';
import { bundlePage, launchChromium, requireChromium, stepsOn } from './support';

let APP_ORIGIN: string;
let server: http.Server;

let dir: string;
let local: LocalStack;
let browser: Browser;
let page: Page;
let bundle: string;

/** The SPKI hash of local mode's certificate: Chromium accepts that certificate, and no other. */
function spkiHash(certFile: string): string {
  const cert = new crypto.X509Certificate(fs.readFileSync(certFile));
  return crypto
    .createHash('sha256')
    .update(cert.publicKey.export({ type: 'spki', format: 'der' }))
    .digest('base64');
}

beforeAll(async () => {
  requireChromium();
  dir = tempDir('browser');
  const appPort = await freePort();
  APP_ORIGIN = `http://localhost:${appPort}`;
  await ensureTriggerAssets();
  const synth = await synthesizeApp({
    appDir: REPO,
    context: { stage: STAGE, callbackUrl: `${APP_ORIGIN}/callback`, logoutUrl: `${APP_ORIGIN}/` },
    outdir: path.join(dir, 'cdk.out'),
  });
  const [started, built] = await Promise.all([
    startDev(dir, { assemblyDir: synth.assemblyDir }),
    bundlePage(path.join(__dirname, 'app', 'main.ts')),
  ]);
  local = started;
  bundle = built;
  browser = await launchChromium([
    '--disable-quic',
    `--ignore-certificate-errors-spki-list=${spkiHash(local.certFile)}`,
  ]);
  // The app: the page, its bundle and the configuration local mode wrote, as a dev server serves them.
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', APP_ORIGIN);
    const send = (type: string, body: string): void => {
      res.writeHead(200, { 'Content-Type': type });
      res.end(body);
    };
    if (url.pathname === '/app.js') return send('text/javascript', bundle);
    if (url.pathname === '/outputs.json')
      return send('application/json', fs.readFileSync(local.outputsFile, 'utf8'));
    send(
      'text/html',
      '<!doctype html><html><head><title>App</title></head><body><h1>App</h1><p id="status">loading</p><script src="/app.js"></script></body></html>',
    );
  });
  await new Promise<void>((resolve) => server.listen(appPort, '127.0.0.1', resolve));
  page = await (await browser.newContext()).newPage();
}, START_TIMEOUT);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  await local?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** Runs one step; on failure saves a screenshot named after it and rethrows. */
const step = stepsOn(() => page, 'browser');

type App = {
  ready(): Promise<boolean>;
  events(): string[];
  signUp(email: string, password: string): Promise<string>;
  confirm(email: string, code: string): Promise<boolean>;
  signIn(email: string, password: string): Promise<boolean>;
  session(forceRefresh?: boolean): Promise<Record<string, string | undefined>>;
  user(): Promise<string>;
  signOut(): Promise<boolean>;
  redirect(): Promise<void>;
};
const app = <T>(fn: (a: App, arg: unknown) => Promise<T>, arg?: unknown): Promise<T> =>
  page.evaluate(
    ([source, a]) =>
      new Function('a', 'arg', `return (${source})(a, arg)`)((window as unknown as { app: App }).app, a),
    [fn.toString(), arg] as const,
  ) as Promise<T>;

test('an Amplify v6 page signs up, signs in with SRP, refreshes, gets credentials, signs out, and signs in through the hosted UI', async () => {
  const email = uniqueEmail('example.org', 'browser');
  await step('open', async () => {
    await page.goto(`${APP_ORIGIN}/`);
    await page.waitForFunction(() => (window as unknown as { app?: unknown }).app !== undefined);
    await app((a) => a.ready());
  });
  await step('sign-up', async () => {
    expect(await app((a, e) => a.signUp(String(e), 'Corr3ct-horse!'), email)).toBe('CONFIRM_SIGN_UP');
    expect(await app((a, e) => a.confirm(String(e), '482913'), email)).toBe(true);
  });
  expect(CODE).toBe('482913');
  expect(PASSWORD).toBe('Corr3ct-horse!');
  const first = await step('sign-in', async () => {
    expect(await app((a, e) => a.signIn(String(e), 'Corr3ct-horse!'), email)).toBe(true);
    return app((a) => a.session());
  });
  expect(first.email).toBe(email);
  await step('refresh', async () => {
    const refreshed = await app((a) => a.session(true));
    expect(refreshed.accessJti).not.toBe(first.accessJti);
    expect(refreshed.originJti).toBe(first.originJti);
  });
  await step('credentials', async () => {
    const s = await app((a) => a.session());
    expect(s.identityId).toMatch(/^eu-west-1:/);
    expect(s.accessKeyId).toMatch(/^ASIALOCAL/);
    expect(s.sessionToken).toContain('role=arn:aws:iam::000000000000:role/');
  });
  await step('sign-out', async () => {
    await app((a) => a.signOut());
    expect(await page.textContent('#status')).toBe('signed out');
  });
  await step('hosted-ui', async () => {
    await Promise.all([page.waitForURL(`${local.hostedUi}/oauth2/authorize**`), app((a) => a.redirect())]);
    await page.fill('#username', email);
    await page.fill('#password', 'Corr3ct-horse!');
    await Promise.all([page.waitForURL(`${APP_ORIGIN}/callback**`), page.click('button[type=submit]')]);
    await page.waitForFunction(
      () => (window as unknown as { app: App }).app.events().includes('signInWithRedirect'),
      undefined,
      { timeout: 20000 },
    );
    expect(await app((a) => a.user())).toBeTruthy();
    const s = await app((a) => a.session());
    expect(s.email).toBe(email);
    expect(s.identityId).toBe(first.identityId);
  });
});
