import * as cognito from 'aws-cdk-lib/aws-cognito';
import { AppClient, CognitoAuth, CustomAttribute } from '../../lib';
import { findingsOf, severityOf, stack } from './helpers';

function pool(clients: Array<cognito.UserPoolClientOptions>) {
  const s = stack();
  const created = new cognito.UserPool(s, 'Pool', {
    customAttributes: {
      tier: new cognito.StringAttribute({ mutable: true }),
      region: new cognito.StringAttribute(),
    },
  });
  clients.forEach((c, i) => created.addClient(`Client${i}`, c));
  return s;
}

describe('CognitoChecks-UnreadableCustomAttribute', () => {
  test('non-compliant (warning): every client lists ReadAttributes and none lists the attribute', () => {
    const s = pool([
      {
        readAttributes: new cognito.ClientAttributes()
          .withStandardAttributes({ email: true })
          .withCustomAttributes('tier'),
      },
      { readAttributes: new cognito.ClientAttributes().withStandardAttributes({ email: true }) },
    ]);
    expect(findingsOf(s, 'UnreadableCustomAttribute')).toEqual([
      'CognitoChecks-UnreadableCustomAttribute[custom:region] Checked/Pool/Resource',
    ]);
    expect(severityOf(s, 'UnreadableCustomAttribute')).toBe('warning');
  });

  test('compliant: a client without ReadAttributes reads every attribute', () => {
    expect(findingsOf(pool([{}]), 'UnreadableCustomAttribute')).toEqual([]);
  });

  test('not applicable: a pool without clients in the stack', () => {
    expect(findingsOf(pool([]), 'UnreadableCustomAttribute')).toEqual([]);
  });

  test('CognitoAuth: readable by default; clientRead: false is acknowledged with its reason', () => {
    const s = stack();
    new CognitoAuth(s, 'Auth', {
      customAttributes: {
        tenant_id: CustomAttribute.ofString(),
        risk_score: CustomAttribute.ofNumber({ clientRead: false }),
      },
      clients: { web: AppClient.web() },
    });
    expect(findingsOf(s, 'UnreadableCustomAttribute')).toEqual([]);
  });
});
