/**
 * Amazon Cognito's and AWS CloudFormation's quotas that a template can exceed, with the way out of each.
 * Numbers are the default quotas; "adjustable" ones can be raised through Service Quotas, which synth
 * cannot know, so the default is enforced and the message names the way out.
 */

/** One quota: its value, what it counts, and what to do when a template goes over it. */
export interface Quota {
  readonly max: number;
  readonly what: string;
  readonly wayOut: string;
}

/** The problem when `count` exceeds `quota`, or undefined. */
export function quotaProblem(count: number, quota: Quota): string | undefined {
  return count > quota.max
    ? `has ${count} ${quota.what}; the limit is ${quota.max}. ${quota.wayOut}`
    : undefined;
}

/**
 * User-pool and identity-pool resource quotas.
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/quotas.html#resource-quotas
 */
export const COGNITO_QUOTAS = {
  /** Adjustable. */
  appClients: {
    max: 1000,
    what: 'app clients',
    wayOut:
      'Ask for a higher "App clients per user pool" quota in Service Quotas, or split the clients over several pools.',
  },
  /** Not adjustable. */
  groups: {
    max: 10000,
    what: 'groups',
    wayOut:
      'Groups per user pool cannot be raised; model fine-grained permissions as claims (triggers.preTokenGeneration) instead of one group each.',
  },
  /** Adjustable. */
  resourceServers: {
    max: 25,
    what: 'resource servers',
    wayOut:
      'Ask for a higher "Resource servers per user pool" quota in Service Quotas, or group APIs under fewer resource servers with more scopes.',
  },
  /** Not adjustable. */
  scopesPerResourceServer: {
    max: 100,
    what: 'scopes',
    wayOut: 'A resource server holds at most 100 scopes; split them over several resource servers.',
  },
  /** Not adjustable. */
  scopesPerClient: {
    max: 50,
    what: 'scopes',
    wayOut: 'An app client may be allowed at most 50 scopes; give the client fewer, broader scopes.',
  },
  /** Adjustable. */
  identityProviders: {
    max: 300,
    what: 'identity providers',
    wayOut:
      'Ask for a higher "Identity providers per user pool" quota in Service Quotas, or split the providers over several pools.',
  },
  /** Not adjustable. */
  identifiersPerProvider: {
    max: 50,
    what: 'identifiers',
    wayOut:
      'An identity provider takes at most 50 identifiers; route the rest by another provider or by the sign-in page.',
  },
  /** Not adjustable. */
  customAttributes: {
    max: 50,
    what: 'custom attributes',
    wayOut:
      "A pool has at most 50 custom attributes and they cannot be deleted; keep the rest in your own store keyed by the user's sub.",
  },
  /** Adjustable. */
  userPoolProvidersPerIdentityPool: {
    max: 50,
    what: 'app clients registered with the identity pool',
    wayOut:
      'Ask for a higher "Amazon Cognito user pool providers per identity pool" quota, or leave clients that need no AWS credentials out of the identity pool (machine clients are left out already).',
  },
  /** Not adjustable. */
  roleMappingsPerIdentityPool: {
    max: 10,
    what: 'identity providers with a role mapping',
    wayOut:
      'An identity pool takes role mappings for at most 10 providers; this library maps each non-machine client, so use fewer clients that sign in to the identity pool (several apps can share one client) or a second CognitoAuth.',
  },
} as const;

/**
 * Template quotas of CloudFormation.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html
 */
export const CLOUDFORMATION_QUOTAS = {
  resources: {
    max: 500,
    what: 'resources in the stack',
    wayOut: 'Move the pool, or other resources of the stack, into another stack (or a NestedStack).',
  },
  outputs: {
    max: 200,
    what: 'outputs in the stack',
    wayOut:
      'Turn off per-item outputs (outputs.perItem: false; the ClientConfiguration output holds every id), or move resources into another stack.',
  },
  /** Template body through S3, as the CDK CLI deploys it. */
  templateBytes: {
    max: 1_000_000,
    what: 'bytes of template',
    wayOut: 'Move resources into another stack (or a NestedStack).',
  },
  /** Length of a logical id or output name. */
  logicalIdLength: 255,
  /** Logical ids and output names: alphanumeric only. */
  logicalIdPattern: /^[A-Za-z0-9]+$/,
} as const;
