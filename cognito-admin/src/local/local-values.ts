/**
 * The local values of `Ref` and `Fn::GetAtt` for a stack running in local mode: the emulator's ids for
 * what was provisioned there, values the template itself states (a resource server's identifier, a
 * group's name), pseudo parameters, and the local names of the functions. Everything else (IAM roles,
 * identity pools, tables, the account id) has no local value.
 */
import { CfnValue, IntrinsicLookup, resolveString } from './intrinsics';
import type { StackModel } from './template';

/** Local ids known so far. */
export interface LocalIds {
  /** User pool logical id → pool id and ARN. */
  readonly userPools: Readonly<Record<string, { readonly id: string; readonly arn?: string }>>;
  /** Client logical id → client id. */
  readonly clients: Readonly<Record<string, string>>;
  /** Function logical id → the name the local Lambda endpoint serves it under. */
  readonly functions: Readonly<Record<string, string>>;
}

/** No ids yet. */
export const NO_IDS: LocalIds = { userPools: {}, clients: {}, functions: {} };

/** Builds the lookup for `model` with the ids known so far. */
export function localLookup(model: StackModel, ids: LocalIds): IntrinsicLookup {
  const resources = model.template.Resources ?? {};
  const property = (logicalId: string, name: string): string | undefined => {
    const value: CfnValue | undefined = resources[logicalId]?.Properties?.[name];
    return value === undefined ? undefined : resolveString(value, lookup).value;
  };
  const lookup: IntrinsicLookup = {
    ref(logicalId) {
      switch (logicalId) {
        case 'AWS::Region':
          return model.region;
        case 'AWS::Partition':
          return 'aws';
        case 'AWS::URLSuffix':
          return 'amazonaws.com';
        case 'AWS::StackName':
          return model.stackName;
      }
      if (ids.userPools[logicalId]) return ids.userPools[logicalId].id;
      if (ids.clients[logicalId]) return ids.clients[logicalId];
      if (ids.functions[logicalId]) return ids.functions[logicalId];
      switch (resources[logicalId]?.Type) {
        case 'AWS::Cognito::UserPoolResourceServer':
          return property(logicalId, 'Identifier');
        case 'AWS::Cognito::UserPoolGroup':
          return property(logicalId, 'GroupName');
        default:
          return undefined;
      }
    },
    getAtt(logicalId, attribute) {
      if (attribute === 'Arn' && ids.userPools[logicalId]) return ids.userPools[logicalId].arn;
      if (attribute === 'UserPoolId' && ids.userPools[logicalId]) return ids.userPools[logicalId].id;
      return undefined;
    },
  };
  return lookup;
}
