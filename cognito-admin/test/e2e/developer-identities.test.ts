/**
 * The identity pool's developer-authenticated identities and principal tags in local mode, through the
 * AWS SDK v3's CognitoIdentityClient as a backend calls them: GetOpenIdTokenForDeveloperIdentity (new
 * identity, the same one again, principal tags), LookupDeveloperIdentity, MergeDeveloperIdentities,
 * UnlinkDeveloperIdentity, credentials for the OpenID token, Cognito's error for a provider the pool does
 * not have; and the tags computed from a user-pool ID token as `cognito-admin identity credentials`
 * prints them.
 */
import * as fs from 'node:fs';
import {
  CognitoIdentityClient,
  GetCredentialsForIdentityCommand,
  GetIdCommand,
  GetOpenIdTokenForDeveloperIdentityCommand,
  LookupDeveloperIdentityCommand,
  MergeDeveloperIdentitiesCommand,
  UnlinkDeveloperIdentityCommand,
} from '@aws-sdk/client-cognito-identity';
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { createAdminContext } from '../../src/admin/context';
import { getIdentityCredentials, sessionTagsOf } from '../../src/admin/identity';
import { emulatorClient, LocalStack, startLocal } from '../../src/local/start-local';
import { runCli } from '../admin/helpers';
import { payloadOf } from './amplify-helpers';
import { PASSWORD, START_TIMEOUT, tempDir, uniqueEmail } from './helpers';
import { DEVELOPER_PROVIDER, writePasswordlessAssembly } from './passwordless-fixture';

const AUTH_ROLE = 'arn:aws:iam::000000000000:role/passwordless-authenticated';
let dir: string;
let local: LocalStack;
let identity: CognitoIdentityClient;
let cognito: CognitoIdentityProviderClient;
let identityPoolId: string;

beforeAll(async () => {
  dir = tempDir('developer-identities');
  local = await startLocal({
    assemblyDir: writePasswordlessAssembly(dir),
    dir: `${dir}/local`,
    port: 0,
    quiet: true,
  });
  identity = new CognitoIdentityClient({
    endpoint: local.endpoint,
    region: local.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  cognito = emulatorClient(local.endpoint, local.region);
  identityPoolId = local.identityPools.Identities;
}, START_TIMEOUT);

afterAll(async () => {
  identity?.destroy();
  cognito?.destroy();
  await local?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const tokenFor = (user: string, tags?: Record<string, string>, id?: string) =>
  identity.send(
    new GetOpenIdTokenForDeveloperIdentityCommand({
      IdentityPoolId: identityPoolId,
      ...(id ? { IdentityId: id } : {}),
      Logins: { [DEVELOPER_PROVIDER]: user },
      ...(tags ? { PrincipalTags: tags } : {}),
    }),
  );

const lookup = (input: { IdentityId?: string; DeveloperUserIdentifier?: string }) =>
  identity.send(
    new LookupDeveloperIdentityCommand({ IdentityPoolId: identityPoolId, MaxResults: 10, ...input }),
  );

test('a backend gets an identity and an OpenID token for its user, the same identity every time', async () => {
  const user = `user-${Date.now()}`;
  const first = await tokenFor(user, { tenant: 'acme' });
  expect(first.IdentityId).toMatch(/^eu-west-1:[0-9a-f-]+$/);
  const claims = payloadOf(first.Token);
  expect(claims.sub).toBe(first.IdentityId);
  expect(claims.aud).toBe(identityPoolId);
  expect((await tokenFor(user)).IdentityId).toBe(first.IdentityId);
  expect((await tokenFor(`other-${user}`)).IdentityId).not.toBe(first.IdentityId);

  // The app exchanges the token for credentials of the authenticated role, tagged as the backend said.
  const creds = await identity.send(
    new GetCredentialsForIdentityCommand({
      IdentityId: first.IdentityId,
      Logins: { 'cognito-identity.amazonaws.com': first.Token! },
    }),
  );
  expect(creds.Credentials?.SessionToken).toContain(`role=${AUTH_ROLE}`);
  expect(sessionTagsOf(creds.Credentials!.SessionToken!)).toEqual({ tenant: 'acme' });
  // Not for another identity.
  const other = await tokenFor(`third-${user}`);
  await expect(
    identity.send(
      new GetCredentialsForIdentityCommand({
        IdentityId: other.IdentityId,
        Logins: { 'cognito-identity.amazonaws.com': first.Token! },
      }),
    ),
  ).rejects.toMatchObject({ name: 'NotAuthorizedException' });
});

test('a provider name the pool does not have gets the error Cognito gives', async () => {
  await expect(
    identity.send(
      new GetOpenIdTokenForDeveloperIdentityCommand({
        IdentityPoolId: identityPoolId,
        Logins: { 'login.other.app': 'someone' },
      }),
    ),
  ).rejects.toMatchObject({
    name: 'NotAuthorizedException',
    message: 'This identity pool does not support the specified developer provider.',
  });
});

test('lookup by user identifier and by identity; merge moves a user to another identity; unlink forgets it', async () => {
  const a = `merge-a-${Date.now()}`;
  const b = `merge-b-${Date.now()}`;
  const idA = (await tokenFor(a)).IdentityId!;
  const idB = (await tokenFor(b)).IdentityId!;
  expect((await lookup({ DeveloperUserIdentifier: a })).IdentityId).toBe(idA);
  expect((await lookup({ IdentityId: idA })).DeveloperUserIdentifierList).toEqual([a]);

  const merged = await identity.send(
    new MergeDeveloperIdentitiesCommand({
      IdentityPoolId: identityPoolId,
      DeveloperProviderName: DEVELOPER_PROVIDER,
      SourceUserIdentifier: b,
      DestinationUserIdentifier: a,
    }),
  );
  expect(merged.IdentityId).toBe(idA);
  expect((await lookup({ DeveloperUserIdentifier: b })).IdentityId).toBe(idA);
  expect((await lookup({ IdentityId: idA })).DeveloperUserIdentifierList?.sort()).toEqual([a, b].sort());
  expect((await tokenFor(b)).IdentityId).toBe(idA);
  expect(idB).not.toBe(idA);

  await identity.send(
    new UnlinkDeveloperIdentityCommand({
      IdentityPoolId: identityPoolId,
      IdentityId: idA,
      DeveloperProviderName: DEVELOPER_PROVIDER,
      DeveloperUserIdentifier: b,
    }),
  );
  await expect(lookup({ DeveloperUserIdentifier: b })).rejects.toMatchObject({
    name: 'ResourceNotFoundException',
  });
  expect((await lookup({ IdentityId: idA })).DeveloperUserIdentifierList).toEqual([a]);
  // Linking an identifier that belongs to another identity is refused.
  const c = `merge-c-${Date.now()}`;
  await tokenFor(c);
  await expect(tokenFor(c, undefined, idA)).rejects.toMatchObject({
    name: 'DeveloperUserAlreadyRegisteredException',
  });
});

test('principal tags from the ID token claims, in the credentials and in `identity credentials` output', async () => {
  const pool = local.pools[0];
  const web = pool.clients.find((c) => c.logicalId === 'Web')!.clientId;
  const email = uniqueEmail('example.org', 'tags');
  await cognito.send(
    new AdminCreateUserCommand({
      UserPoolId: pool.id,
      Username: email,
      MessageAction: 'SUPPRESS',
      UserAttributes: [{ Name: 'email', Value: email }],
    }),
  );
  await cognito.send(
    new AdminSetUserPasswordCommand({
      UserPoolId: pool.id,
      Username: email,
      Password: PASSWORD,
      Permanent: true,
    }),
  );
  const start = await cognito.send(
    new InitiateAuthCommand({
      ClientId: web,
      AuthFlow: 'USER_AUTH',
      AuthParameters: { USERNAME: email, PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD },
    }),
  );
  const idToken = start.AuthenticationResult!.IdToken!;
  const ctx = createAdminContext({ config: local.outputsFile, env: {} });
  const creds = await getIdentityCredentials(ctx, { idToken, identityPoolId });
  expect(creds.principalTags).toEqual({ mail: email, client: web });
  expect(creds.sessionToken).toContain(`role=${AUTH_ROLE}`);
  // GetId with the same token gives the same identity.
  const again = await identity.send(
    new GetIdCommand({
      IdentityPoolId: identityPoolId,
      Logins: { [`cognito-idp.${local.region}.amazonaws.com/${pool.id}`]: idToken },
    }),
  );
  expect(again.IdentityId).toBe(creds.identityId);
  // The command prints them.
  const cli = await runCli([
    '--config',
    local.outputsFile,
    'identity',
    'credentials',
    '--id-token',
    idToken,
    '--identity-pool-id',
    identityPoolId,
  ]);
  expect(cli.stderr).toBe('');
  expect(cli.stdout).toContain(`principal tags: mail=${email}, client=${web}`);
}, 60_000);
