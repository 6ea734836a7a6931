/**
 * Keys that `CognitoAuth` writes to the resources it makes and that the `CognitoChecks` rule pack
 * (`cdk-cognito-auth/nag`) reads. Set them yourself on pools made without `CognitoAuth`.
 */

/** Tag of a user pool naming its stage, e.g. `prod`; CognitoChecks treats the pack's production stages as production. */
export const STAGE_TAG = 'cognito-auth:stage';

/**
 * CloudFormation metadata key, on an identity pool that allows guest access, holding why guests need AWS
 * credentials: `cfnIdentityPool.addMetadata(GUEST_ACCESS_REASON_METADATA, 'why')`.
 */
export const GUEST_ACCESS_REASON_METADATA = 'cognito-auth:guest-access-reason';
