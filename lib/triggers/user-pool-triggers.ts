import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { CognitoAuthError } from '../errors';
import { PreSignUp } from './pre-sign-up';
import { PreTokenGeneration } from './pre-token-generation';

/**
 * The Lambda triggers of a user pool. `preSignUp` and `preTokenGeneration` can be the bundled functions;
 * every trigger accepts a function of your own.
 *
 * A function that calls the user pool (for example a post confirmation function that adds the user to a
 * group) must take the pool id from its event (`event.userPoolId`) and get its permission from
 * `grantUserPoolAccess`, never from `userPool.grant(...)` or an environment variable holding the pool id:
 * either would make the function depend on the pool that depends on it, a cycle CloudFormation refuses.
 */
export interface UserPoolTriggersProps {
  /**
   * Runs before a user is created: sign-up, administrator creation and first federated sign-in.
   * @see https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-pre-sign-up.html
   * @default - no pre sign-up trigger
   */
  readonly preSignUp?: PreSignUp;
  /**
   * Runs before tokens are issued, to add, change or remove claims and scopes.
   * @see https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-pre-token-generation.html
   * @default - no pre token generation trigger
   */
  readonly preTokenGeneration?: PreTokenGeneration;
  /**
   * Runs after a user confirms their account or a password reset.
   * @see https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-post-confirmation.html
   * @default - none
   */
  readonly postConfirmation?: lambda.IFunction;
  /**
   * Runs before a sign-in, to accept or refuse it.
   * @see https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-pre-authentication.html
   * @default - none
   */
  readonly preAuthentication?: lambda.IFunction;
  /**
   * Runs after a successful sign-in.
   * @see https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-post-authentication.html
   * @default - none
   */
  readonly postAuthentication?: lambda.IFunction;
  /**
   * Customizes the email and SMS messages Amazon Cognito sends.
   * @see https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-custom-message.html
   * @default - none
   */
  readonly customMessage?: lambda.IFunction;
  /**
   * Custom authentication: decides the next challenge.
   * @see https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-define-auth-challenge.html
   * @default - none
   */
  readonly defineAuthChallenge?: lambda.IFunction;
  /**
   * Custom authentication: creates a challenge.
   * @see https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-create-auth-challenge.html
   * @default - none
   */
  readonly createAuthChallenge?: lambda.IFunction;
  /**
   * Custom authentication: checks the answer to a challenge.
   * @see https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-verify-auth-challenge-response.html
   * @default - none
   */
  readonly verifyAuthChallengeResponse?: lambda.IFunction;
  /**
   * Migrates a user from another directory at sign-in or password reset.
   * @see https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-migrate-user.html
   * @default - none
   */
  readonly userMigration?: lambda.IFunction;
  /**
   * Sends emails through a provider of your own. Needs `customSenderKmsKey`.
   * @see https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-custom-email-sender.html
   * @default - none
   */
  readonly customEmailSender?: lambda.IFunction;
  /**
   * Sends SMS messages through a provider of your own. Needs `customSenderKmsKey`.
   * @see https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-custom-sms-sender.html
   * @default - none
   */
  readonly customSmsSender?: lambda.IFunction;
  /**
   * The symmetric KMS key Amazon Cognito encrypts codes and temporary passwords with before handing them to
   * `customEmailSender` and `customSmsSender`. The user pool must be created with the same key
   * (`customSenderKmsKey` of `cognito.UserPoolProps`); the sender functions are granted `kms:Decrypt` on it.
   * @default - none; required with a custom sender
   */
  readonly customSenderKmsKey?: kms.IKey;
}

/** The functions attached to a user pool, by trigger. */
export interface UserPoolTriggers {
  /** @default - none */
  readonly preSignUp?: lambda.IFunction;
  /** @default - none */
  readonly preTokenGeneration?: lambda.IFunction;
  /** @default - none */
  readonly postConfirmation?: lambda.IFunction;
  /** @default - none */
  readonly preAuthentication?: lambda.IFunction;
  /** @default - none */
  readonly postAuthentication?: lambda.IFunction;
  /** @default - none */
  readonly customMessage?: lambda.IFunction;
  /** @default - none */
  readonly defineAuthChallenge?: lambda.IFunction;
  /** @default - none */
  readonly createAuthChallenge?: lambda.IFunction;
  /** @default - none */
  readonly verifyAuthChallengeResponse?: lambda.IFunction;
  /** @default - none */
  readonly userMigration?: lambda.IFunction;
  /** @default - none */
  readonly customEmailSender?: lambda.IFunction;
  /** @default - none */
  readonly customSmsSender?: lambda.IFunction;
}

/** What `addTriggers` needs to know about the user pool. */
export interface AddTriggersContext {
  /** The user pool's feature plan: `V2_0` and `V3_0` pre token generation need Essentials or Plus. */
  readonly featurePlan: cognito.FeaturePlan;
  /**
   * The prop path of the triggers in error messages.
   * @default 'triggers'
   */
  readonly propPath?: string;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The triggers that take any function, and the operation each is attached to. */
type PlainTrigger =
  | 'postConfirmation'
  | 'preAuthentication'
  | 'postAuthentication'
  | 'customMessage'
  | 'defineAuthChallenge'
  | 'createAuthChallenge'
  | 'verifyAuthChallengeResponse'
  | 'userMigration';

const PLAIN_TRIGGERS: ReadonlyArray<[PlainTrigger, cognito.UserPoolOperation]> = [
  ['postConfirmation', cognito.UserPoolOperation.POST_CONFIRMATION],
  ['preAuthentication', cognito.UserPoolOperation.PRE_AUTHENTICATION],
  ['postAuthentication', cognito.UserPoolOperation.POST_AUTHENTICATION],
  ['customMessage', cognito.UserPoolOperation.CUSTOM_MESSAGE],
  ['defineAuthChallenge', cognito.UserPoolOperation.DEFINE_AUTH_CHALLENGE],
  ['createAuthChallenge', cognito.UserPoolOperation.CREATE_AUTH_CHALLENGE],
  ['verifyAuthChallengeResponse', cognito.UserPoolOperation.VERIFY_AUTH_CHALLENGE_RESPONSE],
  ['userMigration', cognito.UserPoolOperation.USER_MIGRATION],
];

const SENDERS: ReadonlyArray<['customEmailSender' | 'customSmsSender', cognito.UserPoolOperation]> = [
  ['customEmailSender', cognito.UserPoolOperation.CUSTOM_EMAIL_SENDER],
  ['customSmsSender', cognito.UserPoolOperation.CUSTOM_SMS_SENDER],
];

/**
 * Attaches the triggers in `props` to `userPool`. Bundled functions are created under
 * `<scope>/Triggers/PreSignUp` and `<scope>/Triggers/PreTokenGeneration`; each attachment adds a Lambda
 * permission for `cognito-idp.amazonaws.com` scoped to the pool's ARN. Throws a `CognitoAuthError` on an
 * invalid configuration, a V2_0/V3_0 pre token generation trigger on the Lite plan, or a custom sender
 * without its KMS key.
 *
 * @returns the functions attached, by trigger
 */
export function addTriggers(
  scope: Construct,
  userPool: cognito.UserPool,
  props: UserPoolTriggersProps,
  context: AddTriggersContext,
): UserPoolTriggers {
  const prefix = context.propPath ?? 'triggers';
  const out: Mutable<UserPoolTriggers> = {};
  const bundled = props.preSignUp || props.preTokenGeneration ? new Construct(scope, 'Triggers') : undefined;

  if (props.preSignUp && bundled) {
    const fn = props.preSignUp._bind(bundled, 'PreSignUp', `${prefix}.preSignUp`);
    userPool.addTrigger(cognito.UserPoolOperation.PRE_SIGN_UP, fn);
    out.preSignUp = fn;
  }
  if (props.preTokenGeneration && bundled) {
    const bound = props.preTokenGeneration._bind(
      bundled,
      'PreTokenGeneration',
      `${prefix}.preTokenGeneration`,
      context.featurePlan,
    );
    userPool.addTrigger(cognito.UserPoolOperation.PRE_TOKEN_GENERATION_CONFIG, bound.function, bound.version);
    props.preTokenGeneration._guardClaims(bundled, userPool, `${prefix}.preTokenGeneration`);
    out.preTokenGeneration = bound.function;
  }
  for (const [name, operation] of PLAIN_TRIGGERS) {
    const fn = props[name];
    if (fn) {
      userPool.addTrigger(operation, fn);
      out[name] = fn;
    }
  }

  const key = props.customSenderKmsKey;
  for (const [name, operation] of SENDERS) {
    const fn = props[name];
    if (!fn) continue;
    if (!key) {
      throw new CognitoAuthError(
        `${prefix}.${name}`,
        `is set but ${prefix}.customSenderKmsKey is not; a custom sender needs the symmetric KMS key Amazon Cognito encrypts codes with`,
      );
    }
    try {
      userPool.addTrigger(operation, fn);
    } catch (e) {
      throw new CognitoAuthError(
        `${prefix}.customSenderKmsKey`,
        `is set but the user pool was created without it (${e instanceof Error ? e.message : String(e)}); create the pool with customSenderKmsKey set to the same key`,
      );
    }
    key.grantDecrypt(fn);
    out[name] = fn;
  }
  return out;
}
