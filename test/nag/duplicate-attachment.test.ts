import * as cognito from 'aws-cdk-lib/aws-cognito';
import { cfnPool, findingsOf, stack } from './helpers';

describe('CognitoChecks-DuplicateAttachment', () => {
  test('non-compliant: two branding styles for one client, two log deliveries for one pool', () => {
    const s = stack();
    const p = cfnPool(s, 'Pool');
    const client = new cognito.CfnUserPoolClient(s, 'Client', { userPoolId: p.ref });
    for (const id of ['StyleA', 'StyleB']) {
      new cognito.CfnManagedLoginBranding(s, id, {
        userPoolId: p.ref,
        clientId: client.ref,
        useCognitoProvidedValues: true,
      });
    }
    for (const id of ['LogsA', 'LogsB']) {
      new cognito.CfnLogDeliveryConfiguration(s, id, {
        userPoolId: p.ref,
        logConfigurations: [
          {
            eventSource: 'userNotification',
            logLevel: 'ERROR',
            cloudWatchLogsConfiguration: {
              logGroupArn: 'arn:aws:logs:eu-west-1:123456789012:log-group:errors',
            },
          },
        ],
      });
    }
    expect(findingsOf(s, 'DuplicateAttachment')).toEqual([
      'CognitoChecks-DuplicateAttachment[branding-style] Checked/StyleA',
      'CognitoChecks-DuplicateAttachment[branding-style] Checked/StyleB',
      'CognitoChecks-DuplicateAttachment[log-delivery] Checked/LogsA',
      'CognitoChecks-DuplicateAttachment[log-delivery] Checked/LogsB',
    ]);
  });

  test('non-compliant: two terms of one name for one client', () => {
    const s = stack();
    const p = cfnPool(s, 'Pool');
    for (const id of ['TermsA', 'TermsB']) {
      new cognito.CfnTerms(s, id, {
        userPoolId: p.ref,
        clientId: 'abc',
        termsName: 'terms-of-use',
        termsSource: 'LINK',
        enforcement: 'NONE',
        links: { 'cognito:default': 'https://acme-corp.net/terms' },
      });
    }
    expect(findingsOf(s, 'DuplicateAttachment')).toEqual([
      'CognitoChecks-DuplicateAttachment[terms] Checked/TermsA',
      'CognitoChecks-DuplicateAttachment[terms] Checked/TermsB',
    ]);
  });

  test('compliant: one style per client, one risk configuration per client', () => {
    const s = stack();
    const p = cfnPool(s, 'Pool');
    for (const name of ['web', 'portal']) {
      const client = new cognito.CfnUserPoolClient(s, `Client${name}`, { userPoolId: p.ref });
      new cognito.CfnManagedLoginBranding(s, `Style${name}`, {
        userPoolId: p.ref,
        clientId: client.ref,
        useCognitoProvidedValues: true,
      });
      new cognito.CfnUserPoolRiskConfigurationAttachment(s, `Risk${name}`, {
        userPoolId: p.ref,
        clientId: client.ref,
        compromisedCredentialsRiskConfiguration: { actions: { eventAction: 'BLOCK' } },
      });
    }
    expect(findingsOf(s, 'DuplicateAttachment')).toEqual([]);
  });
});
