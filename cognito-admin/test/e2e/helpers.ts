import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  AdminGetUserCommand,
  AuthenticationResultType,
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { JwtRsaVerifier } from 'aws-jwt-verify';
import type { Jwks } from 'aws-jwt-verify/jwk';
import type { JwtPayload } from 'aws-jwt-verify/jwt-model';
import { emulatorClient, LocalStack, startLocal, StartLocalOptions } from '../../src/local/start-local';
import { synthesizeApp } from '../../src/local/synth';
import { ensureTriggerAssets } from '../../../test/triggers/assets';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

/** The repository's root: the reference app (cdk.json, bin/app.ts). */
export const REPO = path.resolve(__dirname, '..', '..', '..');
/** The cognito-admin package's folder. */
export const PACKAGE = path.resolve(__dirname, '..', '..');
/** The stage every end-to-end test runs: the reference app's dev stage. */
export const STAGE = 'dev';
/** The confirmation code the emulator sends in these tests. */
export const CODE = '482913';
export const PASSWORD = 'Corr3ct-horse!';
/** Time for synthesis plus emulator start on a busy machine. */
export const START_TIMEOUT = 180_000;

/** A fresh directory under test/.tmp for one test file and run. */
export function tempDir(name: string): string {
  const dir = path.join(PACKAGE, 'test', '.tmp', `e2e-${name}-${process.pid}-${Date.now().toString(36)}`);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * Synthesizes the reference app's dev stage into `<dir>/cdk.out` (bundling the triggers if needed), the
 * way local mode does: the app of the repository's cdk.json, in its own process.
 */
export async function synthesizeDev(dir: string): Promise<string> {
  await ensureTriggerAssets();
  const synth = await synthesizeApp({
    appDir: REPO,
    context: { stage: STAGE },
    outdir: path.join(dir, 'cdk.out'),
  });
  return synth.assemblyDir;
}

/** Starts local mode on the reference app's dev stage, on free ports, with its data in `dir`. */
export async function startDev(dir: string, options: Partial<StartLocalOptions> = {}): Promise<LocalStack> {
  await ensureTriggerAssets();
  return startLocal({
    appDir: REPO,
    context: { stage: STAGE },
    dir,
    port: 0,
    code: CODE,
    quiet: true,
    ...options,
  });
}

/** The configuration the template gives the function behind `trigger` (a JSON environment variable). */
export function triggerConfig<T>(local: LocalStack, trigger: string, envVar: string): T {
  const wired = local.triggers.find((t) => t.trigger === trigger);
  const fn = local.functions.find((f) => f.name === wired?.functionName);
  const raw = fn?.environment[envVar];
  if (!raw) throw new Error(`the ${local.stackName} stack has no ${trigger} function with ${envVar}`);
  return JSON.parse(raw) as T;
}

/** A domain matched by a pre-sign-up list entry (`example.com` or `*.example.com`). */
export function domainOf(entries: readonly string[] | undefined, what: string): string {
  const entry = entries?.[0];
  if (!entry) throw new Error(`the dev stage's pre-sign-up rule has no ${what}`);
  return entry.startsWith('*.') ? `team.${entry.slice(2)}` : entry;
}

/** An e-mail address no other test uses, in `domain`. */
export function uniqueEmail(domain: string, prefix = 'user'): string {
  const id = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  return `${prefix}-${id}@${domain}`;
}

/** Names and ids of the running dev stack. */
export interface DevStack {
  readonly local: LocalStack;
  readonly cognito: CognitoIdentityProviderClient;
  readonly poolId: string;
  /** The `scripts` client (USER_PASSWORD_AUTH), used for scripted sign-in. */
  readonly clientId: string;
}

/** Looks up what the tests use in a running dev stack. */
export function devStack(local: LocalStack): DevStack {
  const config = local.outputs.custom.cognito_auth;
  const scripts = config.clients.scripts;
  if (!scripts) throw new Error('the dev stage has no "scripts" client');
  return {
    local,
    cognito: emulatorClient(local.endpoint, local.region),
    poolId: local.outputs.auth.user_pool_id,
    clientId: scripts.client_id,
  };
}

/** Signs up through the scripts client. */
export async function signUp(
  stack: DevStack,
  email: string,
  attributes: Record<string, string> = {},
): Promise<{ userConfirmed: boolean; userSub: string }> {
  const out = await stack.cognito.send(
    new SignUpCommand({
      ClientId: stack.clientId,
      Username: email,
      Password: PASSWORD,
      UserAttributes: Object.entries({ email, ...attributes }).map(([Name, Value]) => ({ Name, Value })),
    }),
  );
  return { userConfirmed: out.UserConfirmed ?? false, userSub: out.UserSub ?? '' };
}

/** Signs in with USER_PASSWORD_AUTH through the scripts client. */
export async function signIn(
  stack: DevStack,
  email: string,
  password = PASSWORD,
): Promise<AuthenticationResultType> {
  const out = await stack.cognito.send(
    new InitiateAuthCommand({
      ClientId: stack.clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: email, PASSWORD: password },
    }),
  );
  if (!out.AuthenticationResult?.IdToken)
    throw new Error(`no tokens for ${email}: ${out.ChallengeName ?? 'no result'}`);
  return out.AuthenticationResult;
}

/** The user's attributes as a record. */
export async function attributesOf(stack: DevStack, username: string): Promise<Record<string, string>> {
  const user = await stack.cognito.send(
    new AdminGetUserCommand({ UserPoolId: stack.poolId, Username: username }),
  );
  return Object.fromEntries((user.UserAttributes ?? []).map((a) => [a.Name ?? '', a.Value ?? '']));
}

/** Verifiers for the pool's ID and access tokens, with the JWKS fetched from the emulator. */
export interface TokenVerifiers {
  verifyIdToken(token: string): Promise<JwtPayload>;
  verifyAccessToken(token: string): Promise<JwtPayload>;
}

/**
 * Verifiers backed by aws-jwt-verify. Its own fetcher speaks HTTPS only, so the emulator's JWKS is fetched
 * here over HTTP and handed to the verifier's cache; verification itself is aws-jwt-verify's.
 */
export async function tokenVerifiers(stack: DevStack): Promise<TokenVerifiers> {
  const issuer = stack.local.issuer(stack.poolId);
  const jwksUri = `${issuer}/.well-known/jwks.json`;
  const response = await fetch(jwksUri);
  if (!response.ok) throw new Error(`${jwksUri} answered ${response.status}`);
  const jwks = (await response.json()) as Jwks;
  const id = JwtRsaVerifier.create({
    issuer,
    jwksUri,
    audience: stack.clientId,
    customJwtCheck: ({ payload }) => {
      if (payload.token_use !== 'id')
        throw new Error(`token_use is ${String(payload.token_use)}, expected id`);
    },
  });
  const access = JwtRsaVerifier.create({
    issuer,
    jwksUri,
    audience: null,
    customJwtCheck: ({ payload }) => {
      if (payload.token_use !== 'access')
        throw new Error(`token_use is ${String(payload.token_use)}, expected access`);
      if (payload.client_id !== stack.clientId) throw new Error(`client_id is ${String(payload.client_id)}`);
    },
  });
  id.cacheJwks(jwks);
  access.cacheJwks(jwks);
  return {
    verifyIdToken: (token) => id.verify(token),
    verifyAccessToken: (token) => access.verify(token),
  };
}

/** A claim that holds a list, as a sorted list: V1 events give a space-separated string, V2 an array. */
export function claimList(value: unknown): string[] | undefined {
  if (Array.isArray(value)) return value.map(String).sort();
  if (typeof value === 'string') return value.split(' ').filter(Boolean).sort();
  return undefined;
}
