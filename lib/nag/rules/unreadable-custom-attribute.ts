import { CfnResource } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { customAttributeName, isStandardAttribute } from '../../shared/attributes';
import { field, list } from '../../private/cfn';
import { CognitoRule, resolve, resourcesOfPool } from '../rule';

/** A custom attribute that no app client can read is usually a forgotten read permission. */
export const unreadableCustomAttribute: CognitoRule = {
  id: 'UnreadableCustomAttribute',
  info: 'A custom attribute of the user pool cannot be read by any of its app clients.',
  explanation:
    'Every app client of the pool lists ReadAttributes, and none lists this attribute: it never reaches ID tokens or GetUser. Add it to the ReadAttributes of the clients that need it, or, when only administrators and triggers read it on purpose, acknowledge the finding with that reason (CognitoAuth does so for attributes declared clientRead: false).',
  level: NagMessageLevel.WARN,
  check(node: CfnResource) {
    if (!(node instanceof cognito.CfnUserPool)) return NagRuleCompliance.NOT_APPLICABLE;
    const custom = list(resolve(node, node.schema))
      .map((entry) => field(entry, 'name'))
      .filter((name): name is string => typeof name === 'string' && !isStandardAttribute(name))
      .map(customAttributeName);
    const clients = resourcesOfPool(node, cognito.CfnUserPoolClient);
    if (custom.length === 0 || clients.length === 0) return NagRuleCompliance.NOT_APPLICABLE;
    const readable = new Set<string>();
    for (const client of clients) {
      const read = list(resolve(client, client.readAttributes));
      // A client without ReadAttributes reads every attribute.
      if (read.length === 0) return NagRuleCompliance.COMPLIANT;
      for (const name of read) if (typeof name === 'string') readable.add(name);
    }
    const findings = custom.filter((name) => !readable.has(name));
    return findings.length > 0 ? findings : NagRuleCompliance.COMPLIANT;
  },
};
