/**
 * Amazon Pinpoint analytics of app clients (`AnalyticsConfiguration`): Cognito's and CloudFormation's rules,
 * each with the page it comes from. Pure code, no aws-cdk-lib import.
 */

/**
 * A Pinpoint project ARN, `arn:<partition>:mobiletargeting:<region>:<account>:apps/<project id>`.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-cognito-userpoolclient-analyticsconfiguration.html
 */
export const PINPOINT_APP_ARN =
  /^arn:aws[a-z-]*:mobiletargeting:([a-z0-9-]+):(\d{12}):apps\/([A-Za-z0-9_-]+)$/;

/**
 * Where a pool may send events: "In Regions where Amazon Pinpoint is available, user pools ... support
 * sending events to Amazon Pinpoint projects within that same Region. In Regions where Amazon Pinpoint isn't
 * available, user pools only support sending events to Amazon Pinpoint projects in us-east-1."
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-cognito-userpoolclient-analyticsconfiguration.html
 */
export const PINPOINT_FALLBACK_REGION = 'us-east-1';

/**
 * Amazon Pinpoint's end of support.
 * @see https://docs.aws.amazon.com/pinpoint/index.md ("On October 30, 2026, AWS will end support for Amazon Pinpoint")
 * @see https://docs.aws.amazon.com/console/pinpoint/migration-guide
 */
export const PINPOINT_END_OF_SUPPORT = '2026-10-30';

/** The problem with a Pinpoint project ARN for a pool in `poolRegion` (undefined when unknown), or undefined. */
export function pinpointArnProblem(arn: string, poolRegion: string | undefined): string | undefined {
  const m = PINPOINT_APP_ARN.exec(arn);
  if (!m)
    return 'is not a Pinpoint project ARN; use arn:aws:mobiletargeting:<region>:<account>:apps/<project id>';
  const region = m[1];
  if (poolRegion !== undefined && region !== poolRegion && region !== PINPOINT_FALLBACK_REGION) {
    return `is in ${region}; a user pool in ${poolRegion} sends events to a Pinpoint project in ${poolRegion} (or in ${PINPOINT_FALLBACK_REGION} where Pinpoint is not offered)`;
  }
  return undefined;
}
