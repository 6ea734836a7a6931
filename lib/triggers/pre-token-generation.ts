import { Token } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import {
  PRE_TOKEN_GENERATION_CONFIG_ENV,
  PRE_TOKEN_GENERATION_CONFIG_KEYS,
  PreTokenGenerationConfig,
  PreTokenGenerationVersion,
  customizesAccessToken,
  pickPreTokenGenerationConfig,
  validatePreTokenGenerationConfig,
} from '../../lambda-triggers/pre-token-generation/config';
import { CognitoAuthError, show } from '../errors';
import { DeclaredElsewhere } from './declared-names';
import { throwFirstIssue } from './issues';
import { refuseUnknownOptions } from './option-keys';
import { ForgeableClaimsAcknowledgement, guardForgeableClaims } from './forgeable-claims';
import { BundledTriggerFunction, TriggerFunctionOptions } from './trigger-function';

/**
 * Options of the bundled pre token generation trigger: the claims and scopes (see
 * `PreTokenGenerationConfig` for the value formats and Amazon Cognito's claim rules) and the function
 * settings.
 */
export interface PreTokenGenerationOptions
  extends PreTokenGenerationConfig, TriggerFunctionOptions, ForgeableClaimsAcknowledgement {
  /**
   * Attributes, groups and scopes the configuration names that the pool does not declare, because they are
   * made elsewhere (a group created by the CLI or another stack). Every other name must be declared by the
   * pool: `CognitoAuth` refuses a configuration that names an undeclared attribute, group or scope.
   * @default - every name must be declared by the pool
   */
  readonly declaredElsewhere?: DeclaredElsewhere;
}

const LAMBDA_VERSION: Record<PreTokenGenerationVersion, cognito.LambdaVersion> = {
  [PreTokenGenerationVersion.V1_0]: cognito.LambdaVersion.V1_0,
  [PreTokenGenerationVersion.V2_0]: cognito.LambdaVersion.V2_0,
  [PreTokenGenerationVersion.V3_0]: cognito.LambdaVersion.V3_0,
};

/** A pre token generation function bound to a user pool, with the event version it receives. */
export interface BoundPreTokenGeneration {
  readonly function: lambda.IFunction;
  readonly version: cognito.LambdaVersion;
}

/**
 * The pre token generation trigger of a user pool: the bundled one, configured with claims and scopes, or
 * any function of your own. Event versions `V2_0` and `V3_0` (access-token customization) need the
 * Essentials or Plus feature plan; the combination with Lite is refused at synth.
 *
 * @example
 * triggers: {
 *   preTokenGeneration: PreTokenGeneration.bundled({
 *     version: PreTokenGenerationVersion.V2_0,
 *     claimsFromAttributes: { 'custom:tenant_id': 'tenant_id' },
 *     groupClaims: [{ claimName: 'permissions', valuesByGroup: { admins: ['users:write'] } }],
 *     scopesByGroup: { admins: { add: ['orders-api/orders.write'] } },
 *   }),
 * }
 */
export class PreTokenGeneration {
  /**
   * The bundled pre token generation function (`lambda-triggers/pre-token-generation`), configured by
   * `options`. The options are checked at synth.
   */
  public static bundled(options: PreTokenGenerationOptions = {}): PreTokenGeneration {
    return new PreTokenGeneration(options, undefined, options.version ?? PreTokenGenerationVersion.V1_0);
  }

  /**
   * Your own function, receiving events of `version`.
   * @param version the event version the user pool sends; @default PreTokenGenerationVersion.V1_0
   */
  public static fromFunction(
    fn: lambda.IFunction,
    version: PreTokenGenerationVersion = PreTokenGenerationVersion.V1_0,
  ): PreTokenGeneration {
    return new PreTokenGeneration(undefined, fn, version);
  }

  private constructor(
    private readonly options: PreTokenGenerationOptions | undefined,
    private readonly fn: lambda.IFunction | undefined,
    /** The event version the user pool sends. */
    public readonly version: PreTokenGenerationVersion,
  ) {}

  /** The configuration of the bundled function, and names declared elsewhere; undefined for your own function. @internal */
  public get _bundledOptions(): PreTokenGenerationOptions | undefined {
    return this.options;
  }

  /**
   * Registers the check that refuses claims users can forge (bundled function only: the configuration of
   * a function of your own is not visible here; the CognitoChecks rule reads it where it can).
   * @internal
   */
  public _guardClaims(scope: Construct, pool: cognito.UserPool, prop: string): void {
    if (!this.options) return;
    guardForgeableClaims(
      scope,
      pool,
      prop,
      pickPreTokenGenerationConfig(this.options),
      this.options.acknowledgeUserWritableClaims,
    );
  }

  /**
   * Checks the version against the feature plan and creates (or returns) the function.
   * @internal
   */
  public _bind(
    scope: Construct,
    id: string,
    prop: string,
    featurePlan: cognito.FeaturePlan,
  ): BoundPreTokenGeneration {
    const versionProp = this.options ? `${prop}.version` : prop;
    if (!Object.values(PreTokenGenerationVersion).includes(this.version)) {
      throw new CognitoAuthError(
        versionProp,
        `${show(this.version)} is not an event version; use V1_0, V2_0 or V3_0`,
      );
    }
    if (customizesAccessToken(this.version) && featurePlan === cognito.FeaturePlan.LITE) {
      throw new CognitoAuthError(
        versionProp,
        `${show(this.version)} needs the Essentials or Plus feature plan, but featurePlan is LITE; use V1_0 (ID token only) or featurePlan ESSENTIALS or PLUS`,
      );
    }
    const version = LAMBDA_VERSION[this.version];
    if (this.fn) return { function: this.fn, version };

    const options = this.options ?? {};
    refuseUnknownOptions(prop, options, [
      ...PRE_TOKEN_GENERATION_CONFIG_KEYS,
      'acknowledgeUserWritableClaims',
      'declaredElsewhere',
    ]);
    const config = pickPreTokenGenerationConfig(options);
    throwFirstIssue(
      prop,
      validatePreTokenGenerationConfig(config, { isUnresolved: (v) => Token.isUnresolved(v) }),
    );
    const fn = new BundledTriggerFunction(scope, id, {
      ...options,
      trigger: 'pre-token-generation',
      prop,
      configEnv: PRE_TOKEN_GENERATION_CONFIG_ENV,
      config: { ...config, version: this.version },
      description: 'pre token generation trigger (claims and scopes)',
    }).function;
    return { function: fn, version };
  }
}
