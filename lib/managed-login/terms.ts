import { Token } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import type { Construct } from 'constructs';
import { CognitoAuthError } from '../errors';
import { show } from '../private/show';
import { TERMS_DOCUMENTS, TERMS_LANGUAGES, termsLinkProblem } from '../shared/terms';

/**
 * Terms of use and privacy policy that managed login links from its sign-up page, by managed-login
 * language: `default` (required: shown for every language not listed), `english`, `french`, `spanish`,
 * `german`, `bahasa-indonesia`, `italian`, `japanese`, `korean`, `portuguese-brazil`, `chinese-simplified`,
 * `chinese-traditional`.
 *
 * ```ts
 * terms: {
 *   termsOfUse: { default: 'https://example.org/terms', french: 'https://example.org/fr/conditions' },
 *   privacyPolicy: { default: 'https://example.org/privacy' },
 * },
 * ```
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cognito-terms.html
 */
export interface TermsDocuments {
  /** Links to the terms of use, by language. */
  readonly termsOfUse: Record<string, string>;
  /** Links to the privacy policy, by language. */
  readonly privacyPolicy: Record<string, string>;
}

/** Terms checked and ready for `CfnTerms`: links by CloudFormation key (`cognito:<language>`), per document. */
export type ResolvedTerms = Record<keyof typeof TERMS_DOCUMENTS, Record<string, string>>;

/**
 * Checks both documents: each given, with a `default` link and only managed-login languages, every link
 * an https URL of 1 to 1,024 characters.
 * "You must provide both types of terms documents in at least one language before Amazon Cognito displays
 * your terms documents" (CloudFormation page); this library asks for `default` in both, the fallback of
 * every language.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cognito-terms.html
 */
export function resolveTerms(prop: string, terms: TermsDocuments): ResolvedTerms {
  if (terms === null || typeof terms !== 'object' || Array.isArray(terms)) {
    throw new CognitoAuthError(
      prop,
      `${show(terms)} is not allowed; give { termsOfUse: {...}, privacyPolicy: {...} }`,
    );
  }
  const resolved = {} as ResolvedTerms;
  for (const key of Object.keys(TERMS_DOCUMENTS) as Array<keyof typeof TERMS_DOCUMENTS>) {
    const p = `${prop}.${key}`;
    const links = terms[key];
    if (links === undefined || links === null) {
      throw new CognitoAuthError(
        p,
        'is missing; Cognito shows the terms only when both the terms of use and the privacy policy are given',
      );
    }
    if (typeof links !== 'object' || Array.isArray(links)) {
      throw new CognitoAuthError(
        p,
        `${show(links)} is not allowed; give { default: 'https://...', french: '...' }`,
      );
    }
    if (!('default' in links)) {
      throw new CognitoAuthError(
        p,
        `has no "default" link (given: ${Object.keys(links).join(', ') || 'none'}); managed login falls back to it for every language not listed`,
      );
    }
    const out: Record<string, string> = {};
    for (const [language, url] of Object.entries(links)) {
      if (!(TERMS_LANGUAGES as readonly string[]).includes(language)) {
        throw new CognitoAuthError(
          p,
          `key ${show(language)} is not a managed-login language; use ${TERMS_LANGUAGES.join(', ')}`,
        );
      }
      if (typeof url !== 'string') {
        throw new CognitoAuthError(`${p}.${language}`, `${show(url)} is not a URL`);
      }
      if (!Token.isUnresolved(url)) {
        const problem = termsLinkProblem(url);
        if (problem) throw new CognitoAuthError(`${p}.${language}`, `${show(url)} ${problem}`);
      }
      out[`cognito:${language}`] = url;
    }
    resolved[key] = out;
  }
  return resolved;
}

/**
 * The two `AWS::Cognito::Terms` of a client, `Terms-<client>-TermsOfUse` and `Terms-<client>-PrivacyPolicy`
 * (fixed ids: one document of a name per client). `ClientId` is always set: CloudFormation makes it
 * optional, the CreateTerms API requires it.
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateTerms.html
 */
export function createTerms(
  scope: Construct,
  name: string,
  userPool: cognito.IUserPool,
  client: cognito.UserPoolClient,
  terms: ResolvedTerms,
  after: Construct | undefined,
): cognito.CfnTerms[] {
  return (Object.keys(TERMS_DOCUMENTS) as Array<keyof typeof TERMS_DOCUMENTS>).map((key) => {
    const id = key === 'termsOfUse' ? 'TermsOfUse' : 'PrivacyPolicy';
    const created = new cognito.CfnTerms(scope, `Terms-${name}-${id}`, {
      userPoolId: userPool.userPoolId,
      clientId: client.userPoolClientId,
      termsName: TERMS_DOCUMENTS[key],
      termsSource: 'LINK',
      enforcement: 'NONE',
      links: terms[key],
    });
    if (after) created.node.addDependency(after);
    return created;
  });
}
