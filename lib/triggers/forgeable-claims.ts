import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Validations } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { CognitoAuthError, show } from '../errors';
import { describeForgeableClaim, findForgeableClaims, USER_ADMIN_SCOPE } from '../private/claim-sources';

/** Id of the CognitoChecks rule that finds the same claims in any template. */
export const USER_WRITABLE_CLAIM_RULE = 'CognitoChecks-UserWritableClaim';

/** Acknowledgements of claims that the synth check would refuse. */
export interface ForgeableClaimsAcknowledgement {
  /**
   * Claims that users can set for themselves, or that replace a standard claim, accepted anyway: claim
   * name → why that is safe (for example "display only: no service authorizes on it"). Without an entry
   * such a claim is refused at synth, naming the app clients that let users write its attribute.
   * Every entry must name a claim the check finds.
   * @default - none: a user-writable or standard-overriding claim is refused
   */
  readonly acknowledgeUserWritableClaims?: { readonly [claim: string]: string };
}

/** The name of a client in messages: its key in `clients` of `CognitoAuth` (`Client-<key>`), else its path. */
export function clientNameOf(client: cognito.CfnUserPoolClient): string {
  const parent = client.node.scope;
  const id = parent instanceof cognito.UserPoolClient ? parent.node.id : client.node.id;
  return id.startsWith('Client-') ? id.slice('Client-'.length) : client.node.path;
}

/**
 * Refuses, once the tree is complete (clients can be added after the trigger), every claim of the bundled
 * pre token generation trigger that users can forge or that overrides a standard claim, unless
 * acknowledged. Acknowledged claims are also acknowledged for the `CognitoChecks-UserWritableClaim` rule.
 *
 * @param scope where the check is registered
 * @param pool the user pool
 * @param prop the prop path of the trigger, e.g. `triggers.preTokenGeneration`
 * @param config the trigger's configuration, as the handler reads it
 * @param acknowledged the acknowledgement prop
 * @param clientName names a client resource in messages
 */
export function guardForgeableClaims(
  scope: Construct,
  pool: cognito.UserPool,
  prop: string,
  config: object,
  acknowledged: ForgeableClaimsAcknowledgement['acknowledgeUserWritableClaims'] = {},
  clientName: (client: cognito.CfnUserPoolClient) => string = clientNameOf,
): void {
  const cfnPool = pool.node.defaultChild as cognito.CfnUserPool;
  for (const [claim, reason] of Object.entries(acknowledged)) {
    if (typeof reason !== 'string' || !reason.trim()) {
      throw new CognitoAuthError(
        `${prop}.acknowledgeUserWritableClaims[${show(claim)}]`,
        `${show(reason)} is not a reason; say why users setting this claim themselves is safe`,
      );
    }
    Validations.of(cfnPool).acknowledge({ id: `${USER_WRITABLE_CLAIM_RULE}[${claim}]`, reason });
  }
  scope.node.addValidation({
    validate: () => {
      const found = findForgeableClaims(cfnPool, config, clientName);
      for (const f of found) {
        if (acknowledged[f.claim] !== undefined) continue;
        const fixes = [
          f.writers.length > 0
            ? `remove ${show(f.attribute)} from the writeAttributes of ${f.writers.map((w) => show(w.client)).join(', ')} (custom attributes are read-only to clients unless declared clientWrite: true)` +
              (f.mappedBy.length > 0
                ? `, or give federated users clients of their own that sign in only through the OAuth pages, without API sign-in flows and without the ${USER_ADMIN_SCOPE} scope, with self sign-up off`
                : '')
            : `name the claim differently (for example ${show(`app_${f.claim}`)})`,
          `or acknowledge it: acknowledgeUserWritableClaims: { ${JSON.stringify(f.claim)}: '<why it is safe>' }`,
        ];
        throw new CognitoAuthError(
          `${prop}.${f.path}`,
          `claim ${show(f.claim)} ${describeForgeableClaim(f)}; ${fixes.join('; ')}`,
        );
      }
      const names = new Set(found.map((f) => f.claim));
      for (const claim of Object.keys(acknowledged)) {
        if (!names.has(claim)) {
          throw new CognitoAuthError(
            `${prop}.acknowledgeUserWritableClaims[${show(claim)}]`,
            `acknowledges a claim that no user can set and that overrides no standard claim; remove the entry`,
          );
        }
      }
      return [];
    },
  });
}
