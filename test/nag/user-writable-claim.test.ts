import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { CognitoAuth, CustomAttribute, PRE_TOKEN_GENERATION_CONFIG_ENV, PreTokenGeneration } from '../../lib';
import { ensureTriggerAssets } from '../triggers/assets';
import { findingsOf, severityOf, stack } from './helpers';

beforeAll(ensureTriggerAssets);

/** A plain aws-cdk-lib pool with a function of its own as pre token generation trigger. */
function ownFunction(config: object | undefined, client: cognito.UserPoolClientOptions) {
  const s = stack();
  const pool = new cognito.UserPool(s, 'Pool', {
    customAttributes: { role: new cognito.StringAttribute({ mutable: true }) },
  });
  pool.addClient('App', client);
  const fn = new lambda.Function(s, 'Claims', {
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async (event) => event;'),
    environment: config ? { [PRE_TOKEN_GENERATION_CONFIG_ENV]: JSON.stringify(config) } : {},
  });
  pool.addTrigger(cognito.UserPoolOperation.PRE_TOKEN_GENERATION, fn);
  return s;
}

const writesRole: cognito.UserPoolClientOptions = {
  writeAttributes: new cognito.ClientAttributes().withCustomAttributes('role'),
};

describe('CognitoChecks-UserWritableClaim', () => {
  test('non-compliant: a function of your own whose mapping copies an attribute a client lets users write', () => {
    const s = ownFunction({ claimsFromAttributes: { 'custom:role': 'role' } }, writesRole);
    expect(findingsOf(s, 'UserWritableClaim')).toEqual([
      'CognitoChecks-UserWritableClaim[role] Checked/Pool/Resource',
    ]);
    expect(severityOf(s, 'UserWritableClaim')).toBe('error');
  });

  test('non-compliant: a claim that replaces the standard claim "email"', () => {
    const s = ownFunction({ claimsFromAttributes: { 'custom:role': 'email' } }, {});
    expect(findingsOf(s, 'UserWritableClaim')).toEqual([
      'CognitoChecks-UserWritableClaim[email] Checked/Pool/Resource',
    ]);
  });

  test('compliant: the attribute is not writable by any client (custom attributes need an explicit grant)', () => {
    expect(
      findingsOf(ownFunction({ claimsFromAttributes: { 'custom:role': 'role' } }, {}), 'UserWritableClaim'),
    ).toEqual([]);
  });

  test('not applicable: a function whose mapping is not visible in the template', () => {
    expect(findingsOf(ownFunction(undefined, writesRole), 'UserWritableClaim')).toEqual([]);
  });

  test.each([
    [{ color: 'display only: no service authorizes on it' }, []],
    [undefined, ['CognitoChecks-UserWritableClaim[color] Checked/Auth/UserPool/Resource']],
  ])(
    'CognitoAuth: the bundled mapping is read; an acknowledged claim is acknowledged for the rule too (%j)',
    (ack, expected) => {
      const s = stack();
      new CognitoAuth(s, 'Auth', {
        customAttributes: { nickname_color: CustomAttribute.string({ clientWrite: true }) },
        triggers: {
          preTokenGeneration: PreTokenGeneration.bundled({
            claimsFromAttributes: { 'custom:nickname_color': 'color' },
            acknowledgeUserWritableClaims: ack,
          }),
        },
      });
      expect(findingsOf(s, 'UserWritableClaim')).toEqual(expected);
    },
  );
});
