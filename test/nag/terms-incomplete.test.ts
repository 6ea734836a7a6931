import * as cognito from 'aws-cdk-lib/aws-cognito';
import { cfnPool, findingsOf, severityOf, stack } from './helpers';

function terms(names: string[]) {
  const s = stack();
  const p = cfnPool(s, 'Pool');
  for (const name of names) {
    new cognito.CfnTerms(s, name, {
      userPoolId: p.ref,
      clientId: 'abc',
      termsName: name,
      termsSource: 'LINK',
      enforcement: 'NONE',
      links: { 'cognito:default': `https://acme-corp.net/${name}` },
    });
  }
  return s;
}

describe('CognitoChecks-TermsIncomplete', () => {
  test('non-compliant (warning): terms of use without a privacy policy', () => {
    const s = terms(['terms-of-use']);
    expect(findingsOf(s, 'TermsIncomplete')).toEqual(['CognitoChecks-TermsIncomplete Checked/terms-of-use']);
    expect(severityOf(s, 'TermsIncomplete')).toBe('warning');
  });

  test('compliant: both documents for the client', () => {
    expect(findingsOf(terms(['terms-of-use', 'privacy-policy']), 'TermsIncomplete')).toEqual([]);
  });
});
