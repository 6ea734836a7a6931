/**
 * Finds the stacks of a cloud assembly that local mode can run: those whose user pool was made by
 * `CognitoAuth` (it tags the pool with its stage, `cognito-auth:stage`), including stacks of CDK Stages
 * (nested assemblies). Reads the manifest and templates only.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { STAGE_TAG } from '../../../lib/metadata';
import { TemplateError } from './template';

/** A stack of the assembly, as local mode sees it. */
export interface AssemblyStack {
  /** The artifact id, which `readStack` takes. */
  readonly id: string;
  /** What the CDK CLI shows: the construct path for stacks of a Stage (`Prod/Auth`), else the id. */
  readonly displayName: string;
  /** The stack name CloudFormation would use. */
  readonly stackName: string;
  /** The (nested) assembly directory that holds it. */
  readonly assemblyDir: string;
  /** Number of `AWS::Cognito::UserPool` resources. */
  readonly userPools: number;
  /** Stages of the user pools made by `CognitoAuth` (one entry per such pool). */
  readonly cognitoAuthStages: string[];
}

interface Artifact {
  readonly type: string;
  readonly displayName?: string;
  readonly properties?: {
    readonly templateFile?: string;
    readonly stackName?: string;
    readonly directoryName?: string;
  };
}

function readJson<T>(file: string): T {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch (e) {
    throw new TemplateError(`cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Every stack of the assembly in `dir` and of its nested assemblies. */
export function listStacks(dir: string): AssemblyStack[] {
  const assemblyDir = path.resolve(dir);
  const manifest = readJson<{ artifacts?: Record<string, Artifact> }>(
    path.join(assemblyDir, 'manifest.json'),
  );
  const out: AssemblyStack[] = [];
  for (const [id, artifact] of Object.entries(manifest.artifacts ?? {})) {
    if (artifact.type === 'cdk:cloud-assembly' && artifact.properties?.directoryName) {
      out.push(...listStacks(path.join(assemblyDir, artifact.properties.directoryName)));
      continue;
    }
    if (artifact.type !== 'aws:cloudformation:stack') continue;
    const template = readJson<{
      Resources?: Record<string, { Type?: string; Properties?: { UserPoolTags?: unknown } }>;
    }>(path.join(assemblyDir, artifact.properties?.templateFile ?? `${id}.template.json`));
    const pools = Object.values(template.Resources ?? {}).filter((r) => r.Type === 'AWS::Cognito::UserPool');
    const stages = pools
      .map((p) => p.Properties?.UserPoolTags)
      .map((tags) =>
        typeof tags === 'object' && tags !== null ? (tags as Record<string, unknown>)[STAGE_TAG] : undefined,
      )
      .filter((stage): stage is string => typeof stage === 'string');
    out.push({
      id,
      displayName: artifact.displayName ?? id,
      stackName: artifact.properties?.stackName ?? id,
      assemblyDir,
      userPools: pools.length,
      cognitoAuthStages: stages,
    });
  }
  return out;
}

function names(stacks: readonly AssemblyStack[]): string {
  return stacks.map((s) => s.displayName).join(', ') || 'none';
}

/**
 * The stack to run: the one named (by its display name, artifact id or stack name), else the only stack
 * that holds a `CognitoAuth`. Throws with the candidates when there is no single answer.
 */
export function chooseStack(dir: string, name?: string): AssemblyStack {
  const stacks = listStacks(dir);
  if (name !== undefined) {
    const found = stacks.filter((s) => [s.displayName, s.id, s.stackName].includes(name));
    if (found.length === 0) {
      throw new TemplateError(`--stack ${name} is not a stack of the app; its stacks: ${names(stacks)}`);
    }
    if (found[0].userPools === 0) {
      throw new TemplateError(
        `stack ${name} has no user pool; stacks with a CognitoAuth: ${names(stacks.filter((s) => s.cognitoAuthStages.length))}`,
      );
    }
    return found[0];
  }
  const withAuth = stacks.filter((s) => s.cognitoAuthStages.length > 0);
  if (withAuth.length === 1) return withAuth[0];
  if (withAuth.length > 1) {
    throw new TemplateError(
      `${withAuth.length} stacks hold a CognitoAuth (${names(withAuth)}); choose one with --stack <name>`,
    );
  }
  const withPool = stacks.filter((s) => s.userPools > 0);
  throw new TemplateError(
    `no stack of the app holds a CognitoAuth construct (stacks: ${names(stacks)})` +
      (withPool.length
        ? `; to run a stack with a user pool of its own, pass --stack ${withPool[0].displayName}`
        : ''),
  );
}
