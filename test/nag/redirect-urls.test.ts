import * as cognito from 'aws-cdk-lib/aws-cognito';
import { cfnPool, findingsOf, stack } from './helpers';

function client(callbacks: string[], logouts: string[] = []) {
  const s = stack();
  const pool = cfnPool(s, 'Pool');
  new cognito.CfnUserPoolClient(s, 'Client', {
    userPoolId: pool.ref,
    allowedOAuthFlows: ['code'],
    allowedOAuthFlowsUserPoolClient: true,
    allowedOAuthScopes: ['openid'],
    callbackUrLs: callbacks,
    logoutUrLs: logouts.length > 0 ? logouts : undefined,
  });
  return findingsOf(s, 'RedirectUrls');
}

describe('CognitoChecks-RedirectUrls', () => {
  test('compliant: https URLs of the application, loopback for development, a native app scheme', () => {
    expect(
      client(
        ['https://shop.acme-corp.net/cb', 'http://localhost:3000/cb', 'net.acme-corp.shop:/cb'],
        ['https://shop.acme-corp.net/'],
      ),
    ).toEqual([]);
  });

  test.each([
    ['a placeholder host', 'https://app.example.com/callback'],
    ['plain http to a real host', 'http://shop.acme-corp.net/cb'],
    ['a wildcard', 'https://*.acme-corp.net/cb'],
    ['a fragment', 'https://shop.acme-corp.net/#/cb'],
    ['a reserved test domain', 'https://shop.test/cb'],
  ])('non-compliant: %s, named in the finding', (_name, url) => {
    expect(client(['https://shop.acme-corp.net/cb', url])).toEqual([
      `CognitoChecks-RedirectUrls[${url}] Checked/Client`,
    ]);
  });

  test('sign-out URLs are checked too', () => {
    expect(client(['https://shop.acme-corp.net/cb'], ['http://shop.acme-corp.net/'])).toEqual([
      'CognitoChecks-RedirectUrls[http://shop.acme-corp.net/] Checked/Client',
    ]);
  });
});
