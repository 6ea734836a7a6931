import { Token } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import {
  PRE_SIGN_UP_CONFIG_ENV,
  PRE_SIGN_UP_CONFIG_KEYS,
  PreSignUpConfig,
  pickPreSignUpConfig,
  validatePreSignUpConfig,
} from '../../lambda-triggers/pre-sign-up/config';
import { throwFirstIssue } from './issues';
import { refuseUnknownOptions } from './option-keys';
import { BundledTriggerFunction, TriggerFunctionOptions } from './trigger-function';

/**
 * Options of the bundled pre sign-up trigger: the email domain rules (see `PreSignUpConfig` for the rules,
 * the subdomain syntax and the behaviour per trigger source) and the function settings.
 */
export interface PreSignUpOptions extends PreSignUpConfig, TriggerFunctionOptions {}

/**
 * The pre sign-up trigger of a user pool: the bundled one, configured with email domain rules, or any
 * function of your own.
 *
 * @example
 * triggers: {
 *   preSignUp: PreSignUp.bundled({
 *     allowedDomains: ['example.com', '*.example.com'],
 *     autoConfirmDomains: ['example.com'],
 *   }),
 * }
 */
export class PreSignUp {
  /**
   * The bundled pre sign-up function (`lambda-triggers/pre-sign-up`), configured by `options`. The
   * options are checked at synth.
   */
  public static bundled(options: PreSignUpOptions = {}): PreSignUp {
    return new PreSignUp(options, undefined);
  }

  /** Your own function. It receives `PreSignUp_SignUp`, `PreSignUp_AdminCreateUser` and `PreSignUp_ExternalProvider` events. */
  public static fromFunction(fn: lambda.IFunction): PreSignUp {
    return new PreSignUp(undefined, fn);
  }

  private constructor(
    /** The options of a bundled trigger. */
    private readonly options: PreSignUpOptions | undefined,
    /** A function of the user's own. */
    private readonly fn: lambda.IFunction | undefined,
  ) {}

  /**
   * Creates (or returns) the function. `prop` is the prop path used in error messages.
   * @internal
   */
  public _bind(scope: Construct, id: string, prop: string): lambda.IFunction {
    if (this.fn) return this.fn;
    const options = this.options ?? {};
    refuseUnknownOptions(prop, options, PRE_SIGN_UP_CONFIG_KEYS);
    throwFirstIssue(
      prop,
      validatePreSignUpConfig(pickPreSignUpConfig(options), { isUnresolved: (v) => Token.isUnresolved(v) }),
    );
    return new BundledTriggerFunction(scope, id, {
      ...options,
      trigger: 'pre-sign-up',
      prop,
      configEnv: PRE_SIGN_UP_CONFIG_ENV,
      config: pickPreSignUpConfig(options),
      description: 'pre sign-up trigger (email domain rules)',
    }).function;
  }
}
