import type * as cognito from 'aws-cdk-lib/aws-cognito';
import type { ProfileDefaults } from '../private/profile-defaults';

/**
 * What resolving one concept of the user-pool settings needs besides its own props: the profile, the
 * feature plan (already resolved), facts about the rest of the construct, and where soft problems go.
 */
export interface SettingsContext {
  /** The prod profile applies (its floors refuse weaker props, its warnings fire). */
  readonly prod: boolean;
  /** The defaults of the profile. */
  readonly defaults: ProfileDefaults;
  /** The feature plan after defaults. */
  readonly featurePlan: cognito.FeaturePlan;
  /** Its CloudFormation `UserPoolTier` name: `LITE`, `ESSENTIALS` or `PLUS`. */
  readonly plan: string;
  /** The pool has a domain (link verification needs one). */
  readonly hasDomain: boolean;
  /** A custom e-mail sender trigger sends every e-mail (the prod profile then does not demand SES). */
  readonly customEmailSender: boolean;
  /** Reports a soft problem, shown as a warning on the construct. */
  warn(id: string, message: string): void;
}
