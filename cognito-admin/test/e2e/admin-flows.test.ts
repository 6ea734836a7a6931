/**
 * Administration of the reference app's dev stage, run locally: create a user with a temporary
 * password, update and delete attributes, list, disable and enable, delete.
 */
import * as fs from 'node:fs';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteUserAttributesCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminUpdateUserAttributesCommand,
  InitiateAuthCommand,
  ListUsersCommand,
  ListUsersInGroupCommand,
  RespondToAuthChallengeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  PRE_TOKEN_GENERATION_CONFIG_ENV,
  PreTokenGenerationConfig,
} from '../../../lambda-triggers/pre-token-generation/config';
import type { LocalStack } from '../../src/local/start-local';
import {
  devStack,
  DevStack,
  PASSWORD,
  signIn,
  START_TIMEOUT,
  startDev,
  tempDir,
  TokenVerifiers,
  tokenVerifiers,
  triggerConfig,
  uniqueEmail,
} from './helpers';

const TEMPORARY = 'Temp-0rary!pass';

let dir: string;
let local: LocalStack;
let stack: DevStack;
let verify: TokenVerifiers;
/** The attribute the dev stage's pre-token-generation copies into a claim, and the claim. */
let copied: [attribute: string, claim: string];

beforeAll(async () => {
  dir = tempDir('admin-flows');
  local = await startDev(dir);
  stack = devStack(local);
  verify = await tokenVerifiers(stack);
  const config = triggerConfig<PreTokenGenerationConfig>(
    local,
    'PreTokenGeneration',
    PRE_TOKEN_GENERATION_CONFIG_ENV,
  );
  const first = Object.entries(config.claimsFromAttributes ?? {})[0];
  if (!first) throw new Error('the dev stage copies no attribute into a claim');
  copied = first;
}, START_TIMEOUT);

afterAll(async () => {
  stack?.cognito.destroy();
  await local?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** Creates a user as an administrator would, with a verified e-mail and a temporary password. */
async function adminCreate(email: string, attributes: Record<string, string> = {}): Promise<string> {
  const out = await stack.cognito.send(
    new AdminCreateUserCommand({
      UserPoolId: stack.poolId,
      Username: email,
      TemporaryPassword: TEMPORARY,
      MessageAction: 'SUPPRESS',
      UserAttributes: Object.entries({ email, email_verified: 'true', ...attributes }).map(
        ([Name, Value]) => ({
          Name,
          Value,
        }),
      ),
    }),
  );
  return out.User!.Username!;
}

/** Signs in for the first time and replaces the temporary password. */
async function firstSignIn(email: string): Promise<void> {
  const challenge = await stack.cognito.send(
    new InitiateAuthCommand({
      ClientId: stack.clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: email, PASSWORD: TEMPORARY },
    }),
  );
  expect(challenge.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
  const answer = await stack.cognito.send(
    new RespondToAuthChallengeCommand({
      ClientId: stack.clientId,
      ChallengeName: 'NEW_PASSWORD_REQUIRED',
      Session: challenge.Session,
      ChallengeResponses: { USERNAME: email, NEW_PASSWORD: PASSWORD },
    }),
  );
  expect(answer.AuthenticationResult?.IdToken).toBeTruthy();
}

const getUser = (username: string) =>
  stack.cognito.send(new AdminGetUserCommand({ UserPoolId: stack.poolId, Username: username }));

test('a user created by an administrator must replace the temporary password at first sign-in', async () => {
  const email = uniqueEmail('example.org', 'created');
  const username = await adminCreate(email);
  expect((await getUser(email)).UserStatus).toBe('FORCE_CHANGE_PASSWORD');

  await firstSignIn(email);

  expect((await getUser(email)).UserStatus).toBe('CONFIRMED');
  const id = await verify.verifyIdToken((await signIn(stack, email)).IdToken!);
  expect(id.email).toBe(email);
  expect(id['cognito:username']).toBe(username);
  await expect(signIn(stack, email, TEMPORARY)).rejects.toThrow();
});

test('updating and deleting attributes changes what the next ID token carries', async () => {
  const [attribute, claim] = copied;
  const email = uniqueEmail('example.org', 'updated');
  await adminCreate(email, { [attribute]: 'first' });
  await firstSignIn(email);
  expect((await verify.verifyIdToken((await signIn(stack, email)).IdToken!))[claim]).toBe('first');

  await stack.cognito.send(
    new AdminUpdateUserAttributesCommand({
      UserPoolId: stack.poolId,
      Username: email,
      UserAttributes: [{ Name: attribute, Value: 'second' }],
    }),
  );
  const attributes = (await getUser(email)).UserAttributes ?? [];
  expect(attributes.find((a) => a.Name === attribute)?.Value).toBe('second');
  expect((await verify.verifyIdToken((await signIn(stack, email)).IdToken!))[claim]).toBe('second');

  await stack.cognito.send(
    new AdminDeleteUserAttributesCommand({
      UserPoolId: stack.poolId,
      Username: email,
      UserAttributeNames: [attribute],
    }),
  );
  expect((await verify.verifyIdToken((await signIn(stack, email)).IdToken!))[claim]).toBeUndefined();
});

test('listing finds users by e-mail prefix and by group', async () => {
  const prefix = `listed-${Date.now().toString(36)}`;
  const emails = [1, 2, 3].map((i) => `${prefix}-${i}@example.org`);
  for (const email of emails) await adminCreate(email);
  const group = local.pools[0].groups[0].name;
  await stack.cognito.send(
    new AdminAddUserToGroupCommand({ UserPoolId: stack.poolId, Username: emails[1], GroupName: group }),
  );

  const listed = await stack.cognito.send(
    new ListUsersCommand({ UserPoolId: stack.poolId, Filter: `email ^= "${prefix}"` }),
  );
  const emailOf = (u: { Attributes?: Array<{ Name?: string; Value?: string }> }) =>
    u.Attributes?.find((a) => a.Name === 'email')?.Value;
  expect((listed.Users ?? []).map(emailOf).sort()).toEqual(emails);

  const members = await stack.cognito.send(
    new ListUsersInGroupCommand({ UserPoolId: stack.poolId, GroupName: group }),
  );
  const memberEmails = (members.Users ?? []).map(emailOf);
  expect(memberEmails).toContain(emails[1]);
  expect(memberEmails).not.toContain(emails[0]);
  expect(memberEmails).not.toContain(emails[2]);
});

test('disabling and enabling a user shows in its record and in listings', async () => {
  const email = uniqueEmail('example.org', 'disabled');
  await adminCreate(email);
  const listedEnabled = async () =>
    (
      await stack.cognito.send(
        new ListUsersCommand({ UserPoolId: stack.poolId, Filter: `email = "${email}"` }),
      )
    ).Users?.[0]?.Enabled;

  await stack.cognito.send(new AdminDisableUserCommand({ UserPoolId: stack.poolId, Username: email }));
  expect((await getUser(email)).Enabled).toBe(false);
  expect(await listedEnabled()).toBe(false);

  await stack.cognito.send(new AdminEnableUserCommand({ UserPoolId: stack.poolId, Username: email }));
  expect((await getUser(email)).Enabled).toBe(true);
  expect(await listedEnabled()).toBe(true);
});

test('a deleted user can no longer be found, listed or signed in', async () => {
  const email = uniqueEmail('example.org', 'deleted');
  await adminCreate(email);
  await firstSignIn(email);

  await stack.cognito.send(new AdminDeleteUserCommand({ UserPoolId: stack.poolId, Username: email }));

  await expect(getUser(email)).rejects.toMatchObject({ name: 'UserNotFoundException' });
  const listed = await stack.cognito.send(
    new ListUsersCommand({ UserPoolId: stack.poolId, Filter: `email = "${email}"` }),
  );
  expect(listed.Users).toEqual([]);
  await expect(signIn(stack, email)).rejects.toMatchObject({ name: 'NotAuthorizedException' });
});
