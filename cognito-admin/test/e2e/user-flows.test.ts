/**
 * The reference app's dev stage, run locally with its bundled triggers: sign-up under the pre-sign-up
 * rules, confirmation, sign-in, pre-token-generation claims, groups and refresh, with every token
 * verified against the emulator's JWKS.
 */
import * as fs from 'node:fs';
import {
  AdminAddUserToGroupCommand,
  AdminRemoveUserFromGroupCommand,
  AdminUpdateUserAttributesCommand,
  ConfirmSignUpCommand,
  InitiateAuthCommand,
  ListUsersCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  PRE_SIGN_UP_CONFIG_ENV,
  PRE_SIGN_UP_MESSAGES,
  PreSignUpConfig,
} from '../../../lambda-triggers/pre-sign-up/config';
import {
  PRE_TOKEN_GENERATION_CONFIG_ENV,
  PreTokenGenerationConfig,
} from '../../../lambda-triggers/pre-token-generation/config';
import type { LocalStack } from '../../src/local/start-local';
import {
  attributesOf,
  claimList,
  CODE,
  devStack,
  DevStack,
  signIn,
  signUp,
  START_TIMEOUT,
  domainOf,
  triggerConfig,
  startDev,
  tempDir,
  TokenVerifiers,
  tokenVerifiers,
  uniqueEmail,
} from './helpers';

let dir: string;
let local: LocalStack;
let stack: DevStack;
let verify: TokenVerifiers;

let preSignUp: PreSignUpConfig;
let preTokenGeneration: PreTokenGenerationConfig;

beforeAll(async () => {
  dir = tempDir('user-flows');
  local = await startDev(dir);
  stack = devStack(local);
  verify = await tokenVerifiers(stack);
  preSignUp = triggerConfig<PreSignUpConfig>(local, 'PreSignUp', PRE_SIGN_UP_CONFIG_ENV);
  preTokenGeneration = triggerConfig<PreTokenGenerationConfig>(
    local,
    'PreTokenGeneration',
    PRE_TOKEN_GENERATION_CONFIG_ENV,
  );
}, START_TIMEOUT);

afterAll(async () => {
  stack?.cognito.destroy();
  await local?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** A confirmed user of the other tests: signs up in the auto-confirmed domain. */
async function confirmedUser(prefix: string): Promise<string> {
  const email = uniqueEmail(domainOf(preSignUp.autoConfirmDomains, 'autoConfirmDomains'), prefix);
  expect((await signUp(stack, email)).userConfirmed).toBe(true);
  return email;
}

test('the dev stage runs its pre-sign-up and pre-token-generation functions from the synthesized template', () => {
  const wired = Object.fromEntries(local.triggers.map((t) => [t.trigger, t.functionName]));
  expect(Object.keys(wired).sort()).toEqual(['PreSignUp', 'PreTokenGeneration']);
  for (const name of Object.values(wired)) {
    const fn = local.functions.find((f) => f.name === name);
    expect(local.model.template.Resources?.[name]?.Type).toBe('AWS::Lambda::Function');
    expect(fn?.codeDir.startsWith(local.model.assemblyDir)).toBe(true);
  }
});

describe('sign-up', () => {
  test('an address in an auto-confirmed domain is confirmed at once, with its e-mail verified', async () => {
    const email = uniqueEmail(domainOf(preSignUp.autoConfirmDomains, 'autoConfirmDomains'), 'auto');
    const result = await signUp(stack, email);
    expect(result.userConfirmed).toBe(true);
    expect(await attributesOf(stack, email)).toMatchObject({ email, email_verified: 'true' });
    await expect(signIn(stack, email)).resolves.toHaveProperty('IdToken');
  });

  test('an address in a denied domain is refused with the rule message, and no user is created', async () => {
    const message = preSignUp.messages?.domainDenied ?? PRE_SIGN_UP_MESSAGES.domainDenied;
    const email = uniqueEmail(domainOf(preSignUp.deniedDomains, 'deniedDomains'), 'denied');

    await expect(signUp(stack, email)).rejects.toMatchObject({
      name: 'UserLambdaValidationException',
      message: `PreSignUp failed with error ${message}.`,
    });
    const users = await stack.cognito.send(
      new ListUsersCommand({ UserPoolId: stack.poolId, Filter: `email = "${email}"` }),
    );
    expect(users.Users).toEqual([]);
  });

  test('any other address signs in only after confirming the code sent to it', async () => {
    const email = uniqueEmail('example.org', 'coded');
    expect((await signUp(stack, email)).userConfirmed).toBe(false);
    await expect(signIn(stack, email)).rejects.toMatchObject({ name: 'UserNotConfirmedException' });

    const confirm = (code: string) =>
      stack.cognito.send(
        new ConfirmSignUpCommand({ ClientId: stack.clientId, Username: email, ConfirmationCode: code }),
      );
    const wrong = String((Number(CODE) + 1) % 1_000_000).padStart(6, '0');
    await expect(confirm(wrong)).rejects.toMatchObject({ name: 'CodeMismatchException' });
    await confirm(CODE);

    const tokens = await signIn(stack, email);
    expect((await verify.verifyIdToken(tokens.IdToken!)).email).toBe(email);
  });
});

describe('tokens', () => {
  test('sign-in tokens verify against the JWKS and the ID token carries the claims copied from attributes', async () => {
    const copied = Object.entries(preTokenGeneration.claimsFromAttributes ?? {});
    expect(copied.length).toBeGreaterThan(0);
    const email = await confirmedUser('claims');
    const values = Object.fromEntries(
      copied.map(([attribute], i) => [attribute, `value-${i}-${Date.now()}`]),
    );
    await stack.cognito.send(
      new AdminUpdateUserAttributesCommand({
        UserPoolId: stack.poolId,
        Username: email,
        UserAttributes: Object.entries(values).map(([Name, Value]) => ({ Name, Value })),
      }),
    );

    const tokens = await signIn(stack, email);
    const id = await verify.verifyIdToken(tokens.IdToken!);
    const access = await verify.verifyAccessToken(tokens.AccessToken!);
    expect(id.email).toBe(email);
    expect(access.sub).toBe(id.sub);
    for (const [attribute, claim] of copied) expect(id[claim]).toBe(values[attribute]);
  });

  test('a token whose payload was changed after signing is rejected', async () => {
    const email = await confirmedUser('forged');
    const [header, payload, signature] = (await signIn(stack, email)).IdToken!.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...claims, 'cognito:groups': ['admins'] })).toString(
      'base64url',
    );
    await expect(verify.verifyIdToken(`${header}.${forged}.${signature}`)).rejects.toThrow(/signature/i);
  });

  test('after joining groups, the next sign-in carries cognito:groups and the group claims', async () => {
    const groupClaim = preTokenGeneration.groupClaims?.[0];
    if (!groupClaim) throw new Error('the dev stage configures no group claim');
    const [first, second] = local.pools[0].groups.map((g) => g.name);
    const expected = (...groups: string[]) =>
      [...new Set(groups.flatMap((g) => groupClaim.valuesByGroup[g] ?? []))].sort();
    expect(expected(first).length).toBeGreaterThan(0);
    const email = await confirmedUser('groups');
    const group = (command: 'add' | 'remove', GroupName: string) =>
      stack.cognito.send(
        command === 'add'
          ? new AdminAddUserToGroupCommand({ UserPoolId: stack.poolId, Username: email, GroupName })
          : new AdminRemoveUserFromGroupCommand({ UserPoolId: stack.poolId, Username: email, GroupName }),
      );
    const idToken = async () => verify.verifyIdToken((await signIn(stack, email)).IdToken!);

    const before = await idToken();
    expect(before['cognito:groups']).toBeUndefined();
    expect(before[groupClaim.claimName]).toBeUndefined();

    await group('add', first);
    const one = await idToken();
    expect(one['cognito:groups']).toEqual([first]);
    expect(claimList(one[groupClaim.claimName])).toEqual(expected(first));

    await group('add', second);
    const both = await idToken();
    expect(claimList(both['cognito:groups'])).toEqual([first, second].sort());
    expect(claimList(both[groupClaim.claimName])).toEqual(expected(first, second));

    await group('remove', first);
    const last = await idToken();
    expect(last['cognito:groups']).toEqual([second]);
    expect(claimList(last[groupClaim.claimName])).toEqual(expected(second));
  });

  test('refreshing gives new tokens that verify and carry the current groups and claims', async () => {
    const groupClaim = preTokenGeneration.groupClaims![0];
    const group = local.pools[0].groups[0].name;
    const email = await confirmedUser('refresh');
    const first = await signIn(stack, email);
    expect(first.RefreshToken).toBeTruthy();
    await stack.cognito.send(
      new AdminAddUserToGroupCommand({ UserPoolId: stack.poolId, Username: email, GroupName: group }),
    );

    const refreshed = await stack.cognito.send(
      new InitiateAuthCommand({
        ClientId: stack.clientId,
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        AuthParameters: { REFRESH_TOKEN: first.RefreshToken! },
      }),
    );
    const result = refreshed.AuthenticationResult!;
    expect(result.IdToken).not.toBe(first.IdToken);
    const id = await verify.verifyIdToken(result.IdToken!);
    await verify.verifyAccessToken(result.AccessToken!);
    expect(id.email).toBe(email);
    expect(id['cognito:groups']).toEqual([group]);
    expect(claimList(id[groupClaim.claimName])).toEqual([...(groupClaim.valuesByGroup[group] ?? [])].sort());
  });

  test('a refresh token that was never issued is refused', async () => {
    await expect(
      stack.cognito.send(
        new InitiateAuthCommand({
          ClientId: stack.clientId,
          AuthFlow: 'REFRESH_TOKEN_AUTH',
          AuthParameters: { REFRESH_TOKEN: 'not-a-refresh-token' },
        }),
      ),
    ).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });
});
