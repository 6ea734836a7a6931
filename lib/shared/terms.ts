/**
 * Terms of use and privacy policy of managed login (`AWS::Cognito::Terms`): CloudFormation's and Cognito's
 * rules, each with the page it comes from. Pure code, no aws-cdk-lib import.
 */

/**
 * The languages of managed login a link can be given for; `default` is shown for every language not listed.
 * Registry schema: `^cognito:(default|english|french|spanish|german|bahasa-indonesia|italian|japanese|korean|portuguese-brazil|chinese-(simplified|traditional))$`.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cognito-terms.html#cfn-cognito-terms-links
 */
export const TERMS_LANGUAGES = [
  'default',
  'english',
  'french',
  'spanish',
  'german',
  'bahasa-indonesia',
  'italian',
  'japanese',
  'korean',
  'portuguese-brazil',
  'chinese-simplified',
  'chinese-traditional',
] as const;

/**
 * The two documents (`TermsName`), with the prop name that gives each.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cognito-terms.html#cfn-cognito-terms-termsname
 */
export const TERMS_DOCUMENTS = { termsOfUse: 'terms-of-use', privacyPolicy: 'privacy-policy' } as const;

/**
 * A link: 1 to 1,024 characters without white space (`[\p{L}\p{M}\p{S}\p{N}\p{P}]+`); this library also
 * requires https, since the page is shown to users signing up.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cognito-terms.html#cfn-cognito-terms-links
 */
export const TERMS_LINK_LIMITS = { minLength: 1, maxLength: 1024 } as const;

/** The problem with a terms link, or undefined. */
export function termsLinkProblem(url: string): string | undefined {
  if (url.length < TERMS_LINK_LIMITS.minLength || url.length > TERMS_LINK_LIMITS.maxLength) {
    return `has ${url.length} characters; allowed: ${TERMS_LINK_LIMITS.minLength} to ${TERMS_LINK_LIMITS.maxLength}`;
  }
  if (!/^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u.test(url)) return 'contains white space or control characters';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'is not an absolute URL';
  }
  if (parsed.protocol !== 'https:') return `is not https (${parsed.protocol}); use an https:// URL`;
  return undefined;
}
