/**
 * The local hosted UI over HTTPS, as a browser and an app's back end use it: authorization code with
 * PKCE through the sign-in page, the token endpoint (code, refresh, client credentials), userInfo, the
 * sign-in session and logout, the discovery document; and the identity pool API's rules.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as https from 'node:https';
import {
  CognitoIdentityClient,
  GetCredentialsForIdentityCommand,
  GetIdCommand,
  GetOpenIdTokenCommand,
} from '@aws-sdk/client-cognito-identity';
import { CreateUserPoolClientCommand, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { LocalStack } from '../../src/local/start-local';
import { payloadOf } from './amplify-helpers';
import {
  devStack,
  DevStack,
  PASSWORD,
  signIn,
  signUp,
  START_TIMEOUT,
  startDev,
  tempDir,
  uniqueEmail,
} from './helpers';

let dir: string;
let local: LocalStack;
let stack: DevStack;
let ca: string;
let email: string;

const CALLBACK = 'http://localhost:3000/callback';

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** An HTTPS request that trusts local mode's certificate (and nothing else). */
function request(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      url,
      { method: options.method ?? 'GET', headers: options.headers, ca },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const form = (values: Record<string, string>): { headers: Record<string, string>; body: string } => ({
  headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(values).toString(),
});

function pkce(): { verifier: string; challenge: string } {
  const verifier = crypto.randomBytes(48).toString('base64url');
  return { verifier, challenge: crypto.createHash('sha256').update(verifier).digest('base64url') };
}

function authorizeUrl(challenge: string, extra: Record<string, string> = {}): string {
  const url = new URL(`${local.hostedUi}/oauth2/authorize`);
  const params = {
    response_type: 'code',
    client_id: local.outputs.auth.user_pool_client_id,
    redirect_uri: CALLBACK,
    scope: 'openid email profile reports-api/read',
    state: 'state-1',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...extra,
  };
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return url.toString();
}

const txOf = (html: string): string => /name="tx" value="([^"]+)"/.exec(html)?.[1] ?? '';

/** Signs in on the page; returns the redirect and the session cookie. */
async function signInOnPage(
  challenge: string,
  password = PASSWORD,
): Promise<{ location: URL; cookie: string }> {
  const pageAnswer = await request(authorizeUrl(challenge, { nonce: 'nonce-1' }));
  expect(pageAnswer.status).toBe(200);
  const posted = await request(`${local.hostedUi}/login`, {
    method: 'POST',
    ...form({ tx: txOf(pageAnswer.body), username: email, password }),
  });
  expect(posted.status).toBe(302);
  const cookie = String((posted.headers['set-cookie'] as string[])[0]).split(';')[0];
  return { location: new URL(String(posted.headers.location)), cookie };
}

beforeAll(async () => {
  dir = tempDir('hosted-ui');
  local = await startDev(dir);
  stack = devStack(local);
  ca = fs.readFileSync(local.certFile, 'utf8');
  email = uniqueEmail(
    local.outputs.custom.cognito_auth.stage === 'dev' ? 'dev.cca-reference.net' : 'example.org',
    'web',
  );
  await signUp(stack, email);
}, START_TIMEOUT);

afterAll(async () => {
  await local?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('outputs.json names the local hosted UI, and its certificate is for localhost', () => {
  const port = new URL(local.endpoint).port;
  expect(local.outputs.auth.oauth?.domain).toBe(`localhost:${port}`);
  expect(local.outputs.custom.cognito_auth.domain).toEqual({
    domain: `localhost:${port}`,
    base_url: `https://localhost:${port}`,
    custom: false,
  });
  const cert = new crypto.X509Certificate(ca);
  expect(cert.checkHost('localhost')).toBe('localhost');
  expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
});

test('authorization code with PKCE through the sign-in page; tokens, userInfo, refresh and the discovery document', async () => {
  const { verifier, challenge } = pkce();
  const wrong = await request(authorizeUrl(challenge));
  const refused = await request(`${local.hostedUi}/login`, {
    method: 'POST',
    ...form({ tx: txOf(wrong.body), username: email, password: 'Wr0ng-password!' }),
  });
  expect(refused.status).toBe(200);
  expect(refused.body).toContain('Incorrect username or password.');

  const { location } = await signInOnPage(challenge);
  expect(`${location.origin}${location.pathname}`).toBe(CALLBACK);
  expect(location.searchParams.get('state')).toBe('state-1');
  const code = location.searchParams.get('code')!;
  const web = local.outputs.auth.user_pool_client_id;
  const token = await request(`${local.hostedUi}/oauth2/token`, {
    method: 'POST',
    ...form({
      grant_type: 'authorization_code',
      client_id: web,
      code,
      redirect_uri: CALLBACK,
      code_verifier: verifier,
    }),
  });
  expect(token.status).toBe(200);
  const tokens = JSON.parse(token.body) as Record<string, string>;
  expect(tokens).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
  const access = payloadOf(tokens.access_token);
  const id = payloadOf(tokens.id_token);
  expect(String(access.scope).split(' ').sort()).toEqual(['email', 'openid', 'profile', 'reports-api/read']);
  expect(id).toMatchObject({ email, aud: web, nonce: 'nonce-1', token_use: 'id' });
  // A code is good once.
  const again = await request(`${local.hostedUi}/oauth2/token`, {
    method: 'POST',
    ...form({
      grant_type: 'authorization_code',
      client_id: web,
      code,
      redirect_uri: CALLBACK,
      code_verifier: verifier,
    }),
  });
  expect(again.status).toBe(400);
  expect(JSON.parse(again.body)).toEqual({ error: 'invalid_grant' });

  const info = await request(`${local.hostedUi}/oauth2/userInfo`, {
    headers: { Authorization: `Bearer ${tokens.access_token}` },
  });
  expect(JSON.parse(info.body)).toMatchObject({ sub: id.sub, email, email_verified: 'true' });

  const discovery = JSON.parse(
    (
      await request(
        `${local.issuer(stack.poolId)}/.well-known/openid-configuration`.replace('http:', 'https:'),
      )
    ).body,
  ) as Record<string, string>;
  expect(discovery.issuer).toBe(id.iss);
  expect(discovery.token_endpoint).toBe(`${local.hostedUi}/oauth2/token`);

  const refreshed = await request(`${local.hostedUi}/oauth2/token`, {
    method: 'POST',
    ...form({ grant_type: 'refresh_token', client_id: web, refresh_token: tokens.refresh_token }),
  });
  const renewed = JSON.parse(refreshed.body) as Record<string, string>;
  expect(renewed.refresh_token).toBeUndefined();
  expect(payloadOf(renewed.access_token)).toMatchObject({
    scope: access.scope,
    origin_jti: access.origin_jti,
  });
});

test('PKCE is enforced, and only registered redirect URIs are used', async () => {
  const { challenge } = pkce();
  const { location } = await signInOnPage(challenge);
  const bad = await request(`${local.hostedUi}/oauth2/token`, {
    method: 'POST',
    ...form({
      grant_type: 'authorization_code',
      client_id: local.outputs.auth.user_pool_client_id,
      code: location.searchParams.get('code')!,
      redirect_uri: CALLBACK,
      code_verifier: 'not-the-verifier',
    }),
  });
  expect(bad.status).toBe(400);
  expect(JSON.parse(bad.body)).toMatchObject({ error: 'invalid_grant' });
  const elsewhere = await request(authorizeUrl(challenge, { redirect_uri: 'https://attacker.example/cb' }));
  expect(elsewhere.status).toBe(400);
  expect(elsewhere.body).toContain('redirect_mismatch');
});

test('the sign-in session signs the browser in again without the page, until /logout', async () => {
  const { challenge } = pkce();
  const { cookie } = await signInOnPage(challenge);
  const silent = await request(authorizeUrl(challenge), { headers: { Cookie: cookie } });
  expect(silent.status).toBe(302);
  expect(new URL(String(silent.headers.location)).searchParams.get('code')).toBeTruthy();
  const out = await request(
    `${local.hostedUi}/logout?client_id=${local.outputs.auth.user_pool_client_id}&logout_uri=${encodeURIComponent('http://localhost:3000/')}`,
    {
      headers: { Cookie: cookie },
    },
  );
  expect(out.status).toBe(302);
  expect(out.headers.location).toBe('http://localhost:3000/');
  expect(String((out.headers['set-cookie'] as string[])[0])).toMatch(/Max-Age=0/);
  const cleared = String((out.headers['set-cookie'] as string[])[0]).split(';')[0];
  expect((await request(authorizeUrl(challenge), { headers: { Cookie: cleared } })).status).toBe(200);
  const unknown = await request(
    `${local.hostedUi}/logout?client_id=${local.outputs.auth.user_pool_client_id}&logout_uri=${encodeURIComponent('https://elsewhere.example/')}`,
  );
  expect(unknown.status).toBe(400);
});

test('client credentials for the machine client: its custom scopes, no user', async () => {
  const reports = local.outputs.custom.cognito_auth.clients.reports.client_id;
  const secret = (
    await stack.cognito.send(
      new (await import('@aws-sdk/client-cognito-identity-provider')).DescribeUserPoolClientCommand({
        UserPoolId: stack.poolId,
        ClientId: reports,
      }),
    )
  ).UserPoolClient!.ClientSecret!;
  const basic = `Basic ${Buffer.from(`${reports}:${secret}`).toString('base64')}`;
  const ok = await request(`${local.hostedUi}/oauth2/token`, {
    method: 'POST',
    headers: { ...form({}).headers, Authorization: basic },
    body: 'grant_type=client_credentials',
  });
  expect(ok.status).toBe(200);
  const body = JSON.parse(ok.body) as Record<string, string>;
  expect(body.id_token).toBeUndefined();
  expect(payloadOf(body.access_token)).toMatchObject({
    client_id: reports,
    sub: reports,
    token_use: 'access',
    scope: 'reports-api/read reports-api/write',
  });
  const narrower = await request(`${local.hostedUi}/oauth2/token`, {
    method: 'POST',
    headers: { ...form({}).headers, Authorization: basic },
    body: 'grant_type=client_credentials&scope=reports-api%2Fread',
  });
  expect(payloadOf((JSON.parse(narrower.body) as Record<string, string>).access_token).scope).toBe(
    'reports-api/read',
  );
  const wrongSecret = await request(`${local.hostedUi}/oauth2/token`, {
    method: 'POST',
    headers: {
      ...form({}).headers,
      Authorization: `Basic ${Buffer.from(`${reports}:nope`).toString('base64')}`,
    },
    body: 'grant_type=client_credentials',
  });
  expect(JSON.parse(wrongSecret.body)).toMatchObject({ error: 'invalid_client' });
  const notMachine = await request(`${local.hostedUi}/oauth2/token`, {
    method: 'POST',
    ...form({ grant_type: 'client_credentials', client_id: local.outputs.auth.user_pool_client_id }),
  });
  expect(JSON.parse(notMachine.body)).toMatchObject({ error: 'invalid_client' });
});

test('the identity pool: no guests, only tokens of its clients, OpenID tokens for its identities', async () => {
  const identity = new CognitoIdentityClient({
    endpoint: local.endpoint,
    region: local.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const poolId = local.outputs.auth.identity_pool_id!;
  await expect(identity.send(new GetIdCommand({ IdentityPoolId: poolId }))).rejects.toMatchObject({
    name: 'NotAuthorizedException',
    message: 'Unauthenticated access is not supported for this identity pool.',
  });
  const tokens = await signIn(stack, email);
  // The CLI and SDK code written for AWS name the provider as AWS does; Amplify names it by the issuer.
  const awsName = `cognito-idp.${local.region}.amazonaws.com/${stack.poolId}`;
  const byIssuer = local.issuer(stack.poolId).replace(/^http:\/\//, '');
  const { IdentityId } = await identity.send(
    new GetIdCommand({ IdentityPoolId: poolId, Logins: { [awsName]: tokens.IdToken! } }),
  );
  const same = await identity.send(
    new GetIdCommand({ IdentityPoolId: poolId, Logins: { [byIssuer]: tokens.IdToken! } }),
  );
  expect(same.IdentityId).toBe(IdentityId);
  const creds = await identity.send(
    new GetCredentialsForIdentityCommand({ IdentityId, Logins: { [awsName]: tokens.IdToken! } }),
  );
  expect(creds.Credentials?.SessionToken).toContain(
    `role=${local.outputs.custom.cognito_auth.identity_pool?.authenticated_role_arn}`,
  );
  await expect(identity.send(new GetCredentialsForIdentityCommand({ IdentityId }))).rejects.toMatchObject({
    name: 'NotAuthorizedException',
  });
  const openId = await identity.send(
    new GetOpenIdTokenCommand({ IdentityId, Logins: { [awsName]: tokens.IdToken! } }),
  );
  expect(payloadOf(openId.Token)).toMatchObject({
    sub: IdentityId,
    aud: poolId,
    amr: expect.arrayContaining(['authenticated']),
  });

  // A client the identity pool does not name is refused.
  const other = await stack.cognito.send(
    new CreateUserPoolClientCommand({
      UserPoolId: stack.poolId,
      ClientName: 'other',
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'],
    }),
  );
  const foreign = await stack.cognito.send(
    new InitiateAuthCommand({
      ClientId: other.UserPoolClient!.ClientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: email, PASSWORD },
    }),
  );
  await expect(
    identity.send(
      new GetIdCommand({
        IdentityPoolId: poolId,
        Logins: { [awsName]: foreign.AuthenticationResult!.IdToken! },
      }),
    ),
  ).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  identity.destroy();
});
