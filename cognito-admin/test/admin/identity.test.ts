import {
  CognitoIdentityClient,
  GetCredentialsForIdentityCommand,
  GetIdCommand,
  NotAuthorizedException,
} from '@aws-sdk/client-cognito-identity';
import { mockClient } from 'aws-sdk-client-mock';
import type { ClientConfiguration } from '../../../lib/client-config';
import { createAdminContext } from '../../src/admin/context';
import { getIdentityCredentials } from '../../src/admin/identity';

const POOL = 'eu-west-1_UserPool9';
const IDENTITY_POOL = 'eu-west-1:11111111-2222-3333-4444-555555555555';
const AUTH_ROLE = 'arn:aws:iam::123456789012:role/Authenticated';
const ADMIN_ROLE = 'arn:aws:iam::123456789012:role/AdminsGroup';
const EXPIRES = new Date('2030-01-01T12:00:00Z');

const identity = mockClient(CognitoIdentityClient);

function jwt(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'RS256', kid: 'k' })}.${part(claims)}.c2lnbmF0dXJl`;
}

const config: ClientConfiguration = {
  version: '1.4',
  auth: {
    aws_region: 'eu-west-1',
    user_pool_id: POOL,
    user_pool_client_id: 'client',
    identity_pool_id: IDENTITY_POOL,
  },
  custom: {
    cognito_auth: {
      clients: {},
      identity_pool: { id: IDENTITY_POOL, authenticated_role_arn: AUTH_ROLE },
    },
  },
};

function context(withConfig: ClientConfiguration | 'none' = config) {
  return createAdminContext({
    config: withConfig === 'none' ? undefined : withConfig,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    env: {},
  });
}

beforeEach(() => {
  identity.reset();
  identity.on(GetIdCommand).resolves({ IdentityId: 'eu-west-1:identity-1' });
  identity.on(GetCredentialsForIdentityCommand).resolves({
    IdentityId: 'eu-west-1:identity-1',
    Credentials: {
      AccessKeyId: 'ASIAEXAMPLE',
      SecretKey: 'secret-key',
      SessionToken: 'session',
      Expiration: EXPIRES,
    },
  });
});

afterAll(() => identity.restore());

describe('identity credentials', () => {
  test("exchanges the ID token with the user pool's provider name as the login, and shows the group role", async () => {
    const idToken = jwt({
      iss: `https://cognito-idp.eu-west-1.amazonaws.com/${POOL}`,
      'cognito:groups': ['admins'],
      'cognito:preferred_role': ADMIN_ROLE,
    });
    const creds = await getIdentityCredentials(context(), { idToken });

    const logins = { [`cognito-idp.eu-west-1.amazonaws.com/${POOL}`]: idToken };
    expect(identity.commandCalls(GetIdCommand)[0].args[0].input).toEqual({
      IdentityPoolId: IDENTITY_POOL,
      Logins: logins,
    });
    expect(identity.commandCalls(GetCredentialsForIdentityCommand)[0].args[0].input).toEqual({
      IdentityId: 'eu-west-1:identity-1',
      Logins: logins,
    });
    expect(creds).toEqual({
      identityId: 'eu-west-1:identity-1',
      accessKeyId: 'ASIAEXAMPLE',
      secretAccessKey: 'secret-key',
      sessionToken: 'session',
      expiration: EXPIRES,
      roleArn: ADMIN_ROLE,
      roleSource: expect.stringMatching(/^the ID token's cognito:preferred_role/),
    });
  });

  test('--role-arn is sent as CustomRoleArn and shown', async () => {
    const idToken = jwt({
      iss: `https://cognito-idp.eu-west-1.amazonaws.com/${POOL}`,
      'cognito:preferred_role': ADMIN_ROLE,
    });
    const creds = await getIdentityCredentials(context(), { idToken, roleArn: AUTH_ROLE });
    expect(identity.commandCalls(GetCredentialsForIdentityCommand)[0].args[0].input.CustomRoleArn).toBe(
      AUTH_ROLE,
    );
    expect(creds).toMatchObject({
      roleArn: AUTH_ROLE,
      roleSource: 'requested with --role-arn (CustomRoleArn)',
    });
  });

  test("without a group role, it shows the identity pool's authenticated role and says where that comes from", async () => {
    const creds = await getIdentityCredentials(context(), {
      idToken: jwt({ iss: `https://cognito-idp.eu-west-1.amazonaws.com/${POOL}` }),
    });
    expect(creds.roleArn).toBe(AUTH_ROLE);
    expect(creds.roleSource).toMatch(/authenticated role from the client configuration/);
  });

  test('without a configuration the pool comes from the token issuer; the role is stated as unknown', async () => {
    const idToken = jwt({ iss: 'https://cognito-idp.us-east-2.amazonaws.com/us-east-2_Other' });
    const creds = await getIdentityCredentials(context('none'), { idToken, identityPoolId: IDENTITY_POOL });
    expect(Object.keys(identity.commandCalls(GetIdCommand)[0].args[0].input.Logins ?? {})).toEqual([
      'cognito-idp.us-east-2.amazonaws.com/us-east-2_Other',
    ]);
    expect(creds.roleArn).toBeUndefined();
    expect(creds.roleSource).toMatch(/GetCredentialsForIdentity does not return the role/);
  });

  test('a refused token is an error that names the identity pool and the provider', async () => {
    identity.on(GetIdCommand).rejects(
      new NotAuthorizedException({
        message: 'Invalid login token. Token expired',
        $metadata: { httpStatusCode: 400 },
      }),
    );
    await expect(
      getIdentityCredentials(context(), {
        idToken: jwt({ iss: `https://cognito-idp.eu-west-1.amazonaws.com/${POOL}` }),
      }),
    ).rejects.toThrow(
      `the identity pool ${IDENTITY_POOL} refused the token for cognito-idp.eu-west-1.amazonaws.com/${POOL}: ` +
        'NotAuthorizedException: Invalid login token. Token expired',
    );
  });

  test('no identity pool id anywhere is a usage error', async () => {
    await expect(getIdentityCredentials(context('none'), { idToken: jwt({ iss: 'x/y' }) })).rejects.toThrow(
      /no identity pool: pass --identity-pool-id/,
    );
    expect(identity.calls()).toHaveLength(0);
  });
});
