/**
 * Reads a synthesized cloud assembly and turns the stack's template into the model local mode works
 * from: user pools with their clients, groups, resource servers, domains and triggers, the Lambda
 * functions behind the triggers, and the client configuration output. The template is the single
 * source of truth: nothing here knows about the constructs that produced it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLIENT_CONFIG_OUTPUT } from '../../../lib/client-config';
import { CfnObject, CfnResource, CfnTemplate, CfnValue, describe, isObject, referenceOf } from './intrinsics';

/** A Cognito trigger as the template declares it (`LambdaConfig` of a user pool). */
export interface TriggerModel {
  /** The `LambdaConfig` key: `PreSignUp`, `PreTokenGeneration`, `PostConfirmation`, ... */
  readonly trigger: string;
  /** Logical id of the `AWS::Lambda::Function` in this template; undefined when it lives elsewhere. */
  readonly functionId?: string;
  /** The event version (`LambdaVersion`), for triggers that have one, e.g. `V2_0`. */
  readonly version?: string;
  /** How the template refers to the function, for messages. */
  readonly reference: string;
}

/** An `AWS::Lambda::Function` of the template. */
export interface FunctionModel {
  readonly logicalId: string;
  /** `index.handler` */
  readonly handler?: string;
  /** `nodejs24.x` */
  readonly runtime?: string;
  /** Seconds. @default 3 (Lambda's default) */
  readonly timeoutSeconds: number;
  /** MB. @default 128 (Lambda's default) */
  readonly memoryMb: number;
  /** Absolute path of the function's code in the cloud assembly, when it is a file asset. */
  readonly codeDir?: string;
  /** Inline code (`Code.ZipFile`). */
  readonly inlineCode?: string;
  /** Why the code cannot be found or run locally, when it cannot. */
  readonly codeProblem?: string;
  /** `Environment.Variables`, unresolved. */
  readonly environment: CfnObject;
}

/** A resource of the template that belongs to a user pool. */
export interface PoolResourceModel {
  readonly logicalId: string;
  readonly properties: CfnObject;
}

/** An `AWS::Cognito::UserPool` and everything the template attaches to it. */
export interface UserPoolModel {
  readonly logicalId: string;
  readonly properties: CfnObject;
  readonly clients: PoolResourceModel[];
  readonly groups: PoolResourceModel[];
  readonly resourceServers: PoolResourceModel[];
  readonly domains: PoolResourceModel[];
  readonly triggers: TriggerModel[];
}

/** A CDK annotation of the stack (`aws:cdk:warning`, `aws:cdk:error`). */
export interface AnnotationModel {
  readonly level: 'warning' | 'error';
  readonly path: string;
  readonly message: string;
}

/** What local mode knows about one synthesized stack. */
export interface StackModel {
  readonly assemblyDir: string;
  readonly stackName: string;
  /** The stack's region, or `us-east-1` for an environment-agnostic stack. */
  readonly region: string;
  readonly template: CfnTemplate;
  readonly userPools: UserPoolModel[];
  readonly functions: Record<string, FunctionModel>;
  /** Logical ids of `AWS::Cognito::IdentityPool` resources. */
  readonly identityPools: string[];
  /**
   * The `ClientConfiguration` output's value, unresolved: the output of the first user pool when a
   * stack holds several `CognitoAuth` (their ids are prefixed, e.g. `SecondClientConfiguration`).
   */
  readonly clientConfiguration?: CfnValue;
  readonly annotations: AnnotationModel[];
}

/** Error raised when the assembly cannot be read. */
export class TemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateError';
  }
}

/** `LambdaConfig` keys whose value is a function ARN. */
const ARN_TRIGGERS = [
  'PreSignUp',
  'PreAuthentication',
  'PostAuthentication',
  'PostConfirmation',
  'PreTokenGeneration',
  'CustomMessage',
  'UserMigration',
  'DefineAuthChallenge',
  'CreateAuthChallenge',
  'VerifyAuthChallengeResponse',
];

/** `LambdaConfig` keys whose value is `{ LambdaArn, LambdaVersion }`, with the trigger they configure. */
const VERSIONED_TRIGGERS: Record<string, string> = {
  PreTokenGenerationConfig: 'PreTokenGeneration',
  CustomEmailSender: 'CustomEmailSender',
  CustomSMSSender: 'CustomSMSSender',
};

interface ManifestArtifact {
  readonly type: string;
  readonly environment?: string;
  readonly properties?: { readonly templateFile?: string; readonly file?: string };
  readonly metadata?: Record<string, Array<{ readonly type: string; readonly data?: unknown }>>;
  readonly additionalMetadataFile?: string;
  readonly dependencies?: string[];
}

interface AssetManifest {
  readonly files?: Record<
    string,
    { readonly source?: { readonly path?: string; readonly packaging?: string } }
  >;
}

function readJson<T>(file: string): T {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch (e) {
    throw new TemplateError(`cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/**
 * Reads one stack of the cloud assembly in `assemblyDir`.
 * @param stackName the stack to read; may be omitted when the assembly holds exactly one stack
 */
export function readStack(assemblyDir: string, stackName?: string): StackModel {
  const dir = path.resolve(assemblyDir);
  const manifest = readJson<{ artifacts?: Record<string, ManifestArtifact> }>(
    path.join(dir, 'manifest.json'),
  );
  const artifacts = manifest.artifacts ?? {};
  const stacks = Object.entries(artifacts).filter(([, a]) => a.type === 'aws:cloudformation:stack');
  const chosen = stackName ? stacks.filter(([name]) => name === stackName) : stacks;
  if (chosen.length !== 1) {
    const names = stacks.map(([name]) => name).join(', ') || 'none';
    throw new TemplateError(
      stackName
        ? `stack ${stackName} is not in ${dir}; stacks there: ${names}`
        : `${dir} holds ${stacks.length} stacks (${names}); name the one to run`,
    );
  }
  const [name, artifact] = chosen[0];
  const templateFile = artifact.properties?.templateFile ?? `${name}.template.json`;
  const template = readJson<CfnTemplate>(path.join(dir, templateFile));
  const region = /^aws:\/\/[^/]+\/(.+)$/.exec(artifact.environment ?? '')?.[1];

  const assetFiles: Record<string, string> = {};
  for (const dep of artifact.dependencies ?? []) {
    const file = artifacts[dep]?.type === 'cdk:asset-manifest' ? artifacts[dep].properties?.file : undefined;
    if (!file) continue;
    const assets = readJson<AssetManifest>(path.join(dir, file));
    for (const [hash, asset] of Object.entries(assets.files ?? {})) {
      if (asset.source?.path) assetFiles[`${hash}.zip`] = asset.source.path;
    }
  }

  const resources = template.Resources ?? {};
  const functions: Record<string, FunctionModel> = {};
  for (const [id, r] of Object.entries(resources)) {
    if (r.Type === 'AWS::Lambda::Function') functions[id] = readFunction(dir, id, r, assetFiles);
  }
  const owned = (type: string, poolId: string): PoolResourceModel[] =>
    Object.entries(resources)
      .filter(
        ([, r]) => r.Type === type && referenceOf(r.Properties?.UserPoolId ?? null)?.logicalId === poolId,
      )
      .map(([logicalId, r]) => ({ logicalId, properties: r.Properties ?? {} }));
  const userPools = Object.entries(resources)
    .filter(([, r]) => r.Type === 'AWS::Cognito::UserPool')
    .map(([logicalId, r]) => ({
      logicalId,
      properties: r.Properties ?? {},
      clients: owned('AWS::Cognito::UserPoolClient', logicalId),
      groups: owned('AWS::Cognito::UserPoolGroup', logicalId),
      resourceServers: owned('AWS::Cognito::UserPoolResourceServer', logicalId),
      domains: owned('AWS::Cognito::UserPoolDomain', logicalId),
      triggers: readTriggers(r.Properties?.LambdaConfig, resources),
    }));

  return {
    assemblyDir: dir,
    stackName: name,
    region: region && !region.startsWith('unknown') ? region : 'us-east-1',
    template,
    userPools,
    functions,
    identityPools: Object.entries(resources)
      .filter(([, r]) => r.Type === 'AWS::Cognito::IdentityPool')
      .map(([id]) => id),
    clientConfiguration: clientConfigurationOf(template, userPools[0]?.logicalId),
    annotations: readAnnotations(dir, artifact),
  };
}

/**
 * The value of the client configuration output: `ClientConfiguration`, or `<prefix>ClientConfiguration`
 * when `outputs.prefix` is set or a second `CognitoAuth` in the stack prefixed it. Of several, the one
 * that refers to `poolId` (the pool local mode reports); else the unprefixed one, else the first by id.
 */
function clientConfigurationOf(template: CfnTemplate, poolId: string | undefined): CfnValue | undefined {
  const outputs = template.Outputs ?? {};
  const ids = Object.keys(outputs)
    .filter((id) => id.endsWith(CLIENT_CONFIG_OUTPUT))
    .sort((a, b) => (a === CLIENT_CONFIG_OUTPUT ? -1 : b === CLIENT_CONFIG_OUTPUT ? 1 : a.localeCompare(b)));
  const refersToPool = (id: string) =>
    poolId !== undefined && JSON.stringify(outputs[id].Value).includes(JSON.stringify({ Ref: poolId }));
  const chosen = ids.find(refersToPool) ?? ids[0];
  return chosen === undefined ? undefined : outputs[chosen].Value;
}

function readTriggers(
  lambdaConfig: CfnValue | undefined,
  resources: Record<string, CfnResource>,
): TriggerModel[] {
  if (!isObject(lambdaConfig)) return [];
  const out: TriggerModel[] = [];
  const add = (trigger: string, arn: CfnValue, version?: CfnValue): void => {
    const ref = referenceOf(arn);
    const isFunction = ref && resources[ref.logicalId]?.Type === 'AWS::Lambda::Function';
    const existing = out.find((t) => t.trigger === trigger);
    const model: TriggerModel = {
      trigger,
      functionId: isFunction ? ref.logicalId : undefined,
      version: typeof version === 'string' ? version : existing?.version,
      reference: describe(arn),
    };
    if (existing) out.splice(out.indexOf(existing), 1, { ...existing, ...model });
    else out.push(model);
  };
  for (const [key, value] of Object.entries(lambdaConfig)) {
    if (ARN_TRIGGERS.includes(key)) add(key, value);
    else if (key in VERSIONED_TRIGGERS && isObject(value) && value.LambdaArn !== undefined) {
      add(VERSIONED_TRIGGERS[key], value.LambdaArn, value.LambdaVersion);
    }
  }
  return out;
}

function readFunction(
  dir: string,
  logicalId: string,
  resource: CfnResource,
  assetFiles: Record<string, string>,
): FunctionModel {
  const p = resource.Properties ?? {};
  const code = isObject(p.Code) ? p.Code : {};
  const env = isObject(p.Environment) && isObject(p.Environment.Variables) ? p.Environment.Variables : {};
  const base = {
    logicalId,
    handler: typeof p.Handler === 'string' ? p.Handler : undefined,
    runtime: typeof p.Runtime === 'string' ? p.Runtime : undefined,
    timeoutSeconds: typeof p.Timeout === 'number' ? p.Timeout : 3,
    memoryMb: typeof p.MemorySize === 'number' ? p.MemorySize : 128,
    environment: env,
  };
  if (typeof code.ZipFile === 'string') return { ...base, inlineCode: code.ZipFile };
  if (code.ImageUri !== undefined) {
    return { ...base, codeProblem: 'it is a container image; local mode runs Node.js code assets only' };
  }
  const metaPath = resource.Metadata?.['aws:asset:path'];
  const keyPath = typeof code.S3Key === 'string' ? assetFiles[code.S3Key] : undefined;
  const assetPath = typeof metaPath === 'string' ? metaPath : keyPath;
  if (!assetPath) {
    return {
      ...base,
      codeProblem: `its code (${describe(p.Code ?? null)}) is not an asset of this cloud assembly`,
    };
  }
  const codeDir = path.resolve(dir, assetPath);
  if (!fs.existsSync(codeDir) || !fs.statSync(codeDir).isDirectory()) {
    return {
      ...base,
      codeProblem: `its code asset ${codeDir} is not a directory (zip file assets are not unpacked)`,
    };
  }
  return { ...base, codeDir };
}

function readAnnotations(dir: string, artifact: ManifestArtifact): AnnotationModel[] {
  const entries: Record<string, Array<{ readonly type: string; readonly data?: unknown }>> = {
    ...(artifact.metadata ?? {}),
  };
  if (artifact.additionalMetadataFile) {
    const file = path.join(dir, artifact.additionalMetadataFile);
    if (fs.existsSync(file)) {
      for (const [p, list] of Object.entries(readJson<typeof entries>(file))) {
        entries[p] = [...(entries[p] ?? []), ...list];
      }
    }
  }
  const out: AnnotationModel[] = [];
  for (const [p, list] of Object.entries(entries)) {
    for (const entry of list) {
      if (entry.type === 'aws:cdk:warning' || entry.type === 'aws:cdk:error') {
        out.push({
          level: entry.type === 'aws:cdk:error' ? 'error' : 'warning',
          path: p,
          message: typeof entry.data === 'string' ? entry.data : JSON.stringify(entry.data),
        });
      }
    }
  }
  return out;
}
