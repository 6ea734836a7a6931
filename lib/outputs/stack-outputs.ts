import { CfnOutput, Lazy, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { CognitoAuthError, show } from '../errors';
import { CLOUDFORMATION_QUOTAS } from '../shared/quotas';

/** One stack output: its name (the logical id without the prefix), value and description. */
export interface OutputSpec {
  readonly name: string;
  readonly value: string;
  readonly description: string;
}

/** Stack outputs with logical ids CloudFormation accepts: alphanumeric, unique, at most 255 characters. */
export class StackOutputs {
  private readonly ids = new Map<string, CfnOutput>();

  constructor(
    private readonly scope: Construct,
    /** Prefix of every logical id (alphanumeric). */
    public readonly prefix: string,
    private readonly exportPrefix: string | undefined,
  ) {}

  /** Adds an output; `name` must already be alphanumeric and unique among this construct's outputs. */
  public add(spec: OutputSpec): CfnOutput {
    const logicalId = `${this.prefix}${spec.name}`;
    if (this.ids.has(logicalId)) {
      throw new CognitoAuthError(
        'outputs',
        `would declare the output ${show(logicalId)} twice; give outputs.prefix`,
      );
    }
    const out = new CfnOutput(this.scope, `Output-${spec.name}`, {
      value: spec.value,
      description: spec.description,
      exportName: this.exportPrefix ? `${this.exportPrefix}${spec.name}` : undefined,
    });
    out.overrideLogicalId(logicalId);
    this.ids.set(logicalId, out);
    return out;
  }

  /** An output whose value is a JSON object computed at synth (so later additions appear). */
  public addJson(name: string, description: string, produce: () => Record<string, string>): CfnOutput {
    return this.add({
      name,
      description,
      value: Lazy.string({ produce: () => Stack.of(this.scope).toJsonString(produce()) }),
    });
  }

  /** The logical ids of the outputs made so far. */
  public get logicalIds(): string[] {
    return [...this.ids.keys()];
  }
}

/**
 * An alphanumeric output-name part for a client or group name that never collides with another name's.
 * A name of ASCII letters and digits that starts with a lower-case letter is capitalized (`web` gives
 * `Web`); any other name gives its letters and digits in PascalCase followed by an 8-hex-digit hash of the
 * exact name (`my-app` gives `MyApp` and a hash, `Admins` gives `Admins` and a hash, a name in another
 * script gives the hash alone), so that names differing only by case, separators or script stay apart.
 */
export function outputNamePart(name: string): string {
  if (/^[a-z][A-Za-z0-9]*$/.test(name)) return name[0].toUpperCase() + name.slice(1);
  const pascal = name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');
  return `${pascal}${fnv1a(name)}`;
}

/** FNV-1a of a string (UTF-16 code units), as 8 hex digits. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/**
 * The prefix of a construct's output ids: the given one (alphanumeric, refused otherwise), else none for
 * the first `CognitoAuth` of a stack and the construct id in PascalCase (with a hash when that is lossy)
 * for later ones, so that two in one stack never collide.
 */
export function outputPrefix(
  given: string | undefined,
  scope: Construct,
  isEarlierSibling: (c: Construct) => boolean,
): string {
  if (given !== undefined) {
    if (typeof given !== 'string' || !/^[A-Za-z0-9]*$/.test(given)) {
      throw new CognitoAuthError(
        'outputs.prefix',
        `${show(given)} is not allowed; CloudFormation output ids are alphanumeric, so use letters and digits only (e.g. ${show(outputNamePart(String(given)))})`,
      );
    }
    if (given.length > CLOUDFORMATION_QUOTAS.logicalIdLength - 64) {
      throw new CognitoAuthError(
        'outputs.prefix',
        `${show(given)} is too long; use at most ${CLOUDFORMATION_QUOTAS.logicalIdLength - 64} characters`,
      );
    }
    return given;
  }
  const stack = Stack.of(scope);
  const earlier = stack.node
    .findAll()
    .some((c) => c !== scope && isEarlierSibling(c) && Stack.of(c) === stack);
  if (!earlier) return '';
  // Construct ids are unique among siblings; two ids that differ only by punctuation are caught by the
  // finished-tree check of output ids, which names outputs.prefix as the way out.
  const path = scope.node.path.slice(stack.node.path.length + 1);
  const pascal = path
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');
  return pascal || `Auth${fnv1a(path)}`;
}
