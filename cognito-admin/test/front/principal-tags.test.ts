/**
 * Attributes for access control in local mode: the session tags Cognito would set, computed from the ID
 * token's claims and named in the fake credentials; and the gaps that say what is not emulated.
 */
import { fakeCredentials, principalTagsOf } from '../../src/local/front/identity-pool';
import { emulatorGaps } from '../../src/local/gaps';
import type { StackModel } from '../../src/local/template';
import type { TriggerPlan } from '../../src/local/triggers';

const USER_POOL = 'localhost:9229/local_Pool1';
const claims = { sub: 'u-1', aud: 'client-1', 'custom:tenant_id': 'acme', 'cognito:groups': ['admins'] };

describe('principal tags', () => {
  test('tags from claims for the login provider; a claim the token lacks gives no tag', () => {
    const pool = {
      principalTags: [{ providerName: USER_POOL, tags: { tenant: 'custom:tenant_id', dept: 'custom:dept' } }],
    };
    expect(principalTagsOf(pool, USER_POOL, claims)).toEqual({ tenant: 'acme' });
  });

  test("Cognito's defaults for a user pool: client = aud, username = sub", () => {
    const pool = { principalTags: [{ providerName: USER_POOL }] };
    expect(principalTagsOf(pool, USER_POOL, claims)).toEqual({ client: 'client-1', username: 'u-1' });
  });

  test('no tags for a provider without principal tags', () => {
    const pool = { principalTags: [{ providerName: 'accounts.google.com' }] };
    expect(principalTagsOf(pool, USER_POOL, claims)).toEqual({});
  });

  test('the fake session token names the role and the tags, readable as a query string', () => {
    const creds = fakeCredentials('eu-west-1:id-1', 'arn:aws:iam::000000000000:role/R', {
      tenant: 'acme corp',
      x: 'a=b',
    });
    const token = String(creds.SessionToken);
    expect(token).toMatch(
      /^local-mode-fake-session;role=arn:aws:iam::000000000000:role\/R;identity=eu-west-1:id-1;tags=/,
    );
    const tags = new URLSearchParams(decodeURIComponent(token.split(';tags=')[1]));
    expect(Object.fromEntries(tags)).toEqual({ tenant: 'acme corp', x: 'a=b' });
    expect(String(fakeCredentials('i', 'r').SessionToken)).not.toContain('tags=');
  });
});

test('the gaps name identity-pool providers that cannot be verified offline, developer identities and principal tags', () => {
  const model = {
    userPools: [],
    template: {
      Resources: {
        Pool: {
          Type: 'AWS::Cognito::IdentityPool',
          Properties: {
            SupportedLoginProviders: { 'accounts.google.com': '1-a.apps.googleusercontent.com' },
            SamlProviderARNs: ['arn:aws:iam::123456789012:saml-provider/Corp'],
            DeveloperProviderName: 'login.acme-corp.net',
          },
        },
        Tags: { Type: 'AWS::Cognito::IdentityPoolPrincipalTag', Properties: {} },
      },
    },
  } as unknown as StackModel;
  const gaps = emulatorGaps(model, { wired: [], unwired: [] } as unknown as TriggerPlan).map(
    (g) => `${g.feature}: ${g.detail}`,
  );
  expect(gaps).toEqual(
    expect.arrayContaining([
      expect.stringMatching(
        /^Identity pool providers: accounts\.google\.com, SAML: their tokens cannot be verified offline/,
      ),
      expect.stringMatching(
        /^Developer-authenticated identities: login\.acme-corp\.net: GetOpenIdTokenForDeveloperIdentity.* work, but there is no IAM locally/,
      ),
      expect.stringMatching(/^Principal tags: the session tags are computed from the ID token/),
    ]),
  );
});
