/**
 * CloudFormation template values and a resolver for the intrinsic functions local mode meets in a
 * synthesized template (`Ref`, `Fn::GetAtt`, `Fn::Join`, `Fn::Sub`, `Fn::Select`, `Fn::Split`).
 *
 * A value that refers to something that does not exist locally (an IAM role, an identity pool, a
 * table) cannot be resolved: the resolver leaves it out and records what was missing, so that callers
 * can say so instead of inventing a value.
 */

/** A JSON value as found in a template. */
export type CfnValue = string | number | boolean | null | CfnValue[] | { [key: string]: CfnValue };

/** A JSON object as found in a template. */
export type CfnObject = { [key: string]: CfnValue };

/** One resource of a template. */
export interface CfnResource {
  readonly Type: string;
  readonly Properties?: CfnObject;
  readonly Metadata?: CfnObject;
}

/** The parts of a template local mode reads. */
export interface CfnTemplate {
  readonly Resources?: Record<string, CfnResource>;
  readonly Outputs?: Record<string, { readonly Value: CfnValue; readonly Description?: string }>;
}

/** Looks up the local value of `Ref` and `Fn::GetAtt`; undefined when there is none. */
export interface IntrinsicLookup {
  ref(logicalId: string): string | undefined;
  getAtt(logicalId: string, attribute: string): string | undefined;
}

/** The result of resolving a value: the value with unresolvable parts left out, and what they were. */
export interface Resolved<T> {
  /** undefined when the value itself could not be resolved. */
  readonly value: T | undefined;
  /**
   * One entry per reference that could not be resolved, with where it was when that is inside the value:
   * `Fn::GetAtt AuthGroupRole.Arn`, `EmailConfiguration.SourceArn (Ref AWS::AccountId)`.
   */
  readonly missing: string[];
}

/** Marks a part that could not be resolved while resolving recursively. */
const UNRESOLVED: unique symbol = Symbol('unresolved');
type Inner = CfnValue | typeof UNRESOLVED;

/** True for a JSON object (not null, not an array). */
export function isObject(value: unknown): value is CfnObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const INTRINSICS = ['Ref', 'Fn::GetAtt', 'Fn::Join', 'Fn::Sub', 'Fn::Select', 'Fn::Split'];

/** The intrinsic function name when `value` is a one-key intrinsic object, e.g. `Ref`. */
export function intrinsicName(value: CfnValue): string | undefined {
  if (!isObject(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length !== 1) return undefined;
  const key = keys[0];
  return key === 'Ref' || key.startsWith('Fn::') || key === 'Condition' ? key : undefined;
}

/** The logical id a `Ref` or `Fn::GetAtt` points to, with the attribute (`Ref` for a Ref). */
export function referenceOf(value: CfnValue): { logicalId: string; attribute: string } | undefined {
  if (!isObject(value)) return undefined;
  if (typeof value.Ref === 'string' && Object.keys(value).length === 1) {
    return { logicalId: value.Ref, attribute: 'Ref' };
  }
  const getAtt = value['Fn::GetAtt'];
  if (Object.keys(value).length === 1 && getAtt !== undefined) {
    if (Array.isArray(getAtt) && typeof getAtt[0] === 'string' && typeof getAtt[1] === 'string') {
      return { logicalId: getAtt[0], attribute: getAtt[1] };
    }
    if (typeof getAtt === 'string' && getAtt.includes('.')) {
      const dot = getAtt.indexOf('.');
      return { logicalId: getAtt.slice(0, dot), attribute: getAtt.slice(dot + 1) };
    }
  }
  return undefined;
}

/**
 * Resolves every intrinsic in `value` with `lookup`. Object properties and list items that cannot be
 * resolved are left out; `AWS::NoValue` is left out silently.
 */
export function resolveValue(value: CfnValue, lookup: IntrinsicLookup): Resolved<CfnValue> {
  const missing: string[] = [];
  const out = resolveInner(value, lookup, missing, '');
  return { value: out === UNRESOLVED ? undefined : out, missing };
}

/** Resolves a value that must end up a string. */
export function resolveString(value: CfnValue, lookup: IntrinsicLookup): Resolved<string> {
  const r = resolveValue(value, lookup);
  if (r.value === undefined || r.value === null || typeof r.value === 'object') {
    return { value: undefined, missing: r.missing.length ? r.missing : [describe(value)] };
  }
  return { value: String(r.value), missing: r.missing };
}

const NO_VALUE: unique symbol = Symbol('no-value');

function resolveInner(value: CfnValue, lookup: IntrinsicLookup, missing: string[], at: string): Inner {
  const r = resolveOrNoValue(value, lookup, missing, at);
  return r === NO_VALUE ? UNRESOLVED : r;
}

function resolveOrNoValue(
  value: CfnValue,
  lookup: IntrinsicLookup,
  missing: string[],
  at: string,
): Inner | typeof NO_VALUE {
  if (Array.isArray(value)) {
    const items: CfnValue[] = [];
    for (const [i, item] of value.entries()) {
      const r = resolveOrNoValue(item, lookup, missing, `${at}[${i}]`);
      if (r !== UNRESOLVED && r !== NO_VALUE) items.push(r);
    }
    return items;
  }
  if (!isObject(value)) return value;
  const name = intrinsicName(value);
  if (name) {
    if (name === 'Ref' && value.Ref === 'AWS::NoValue') return NO_VALUE;
    const result = resolveIntrinsic(name, value[name], lookup, missing, at);
    if (result === UNRESOLVED) return UNRESOLVED;
    return result;
  }
  const out: CfnObject = {};
  for (const [key, item] of Object.entries(value)) {
    const r = resolveOrNoValue(item, lookup, missing, at ? `${at}.${key}` : key);
    if (r !== UNRESOLVED && r !== NO_VALUE) out[key] = r;
  }
  return out;
}

function asText(value: Inner): string | undefined {
  if (value === UNRESOLVED || value === null || typeof value === 'object') return undefined;
  return String(value);
}

function resolveIntrinsic(
  name: string,
  arg: CfnValue,
  lookup: IntrinsicLookup,
  allMissing: string[],
  at: string,
): Inner {
  // Every reference inside this intrinsic is reported at the intrinsic's place.
  const missing: string[] = [];
  const out = resolveIntrinsicAt(name, arg, lookup, missing);
  allMissing.push(...missing.map((m) => (at ? `${at} (${m})` : m)));
  return out;
}

function resolveIntrinsicAt(name: string, arg: CfnValue, lookup: IntrinsicLookup, missing: string[]): Inner {
  const fail = (): typeof UNRESOLVED => {
    missing.push(describe({ [name]: arg }));
    return UNRESOLVED;
  };
  switch (name) {
    case 'Ref':
    case 'Fn::GetAtt': {
      const ref = referenceOf({ [name]: arg });
      if (!ref) return fail();
      const out =
        ref.attribute === 'Ref' ? lookup.ref(ref.logicalId) : lookup.getAtt(ref.logicalId, ref.attribute);
      return out === undefined ? fail() : out;
    }
    case 'Fn::Join': {
      if (!Array.isArray(arg) || typeof arg[0] !== 'string' || !Array.isArray(arg[1])) return fail();
      const parts: string[] = [];
      for (const part of arg[1]) {
        const text = asText(resolveInner(part, lookup, missing, ''));
        if (text === undefined) return UNRESOLVED;
        parts.push(text);
      }
      return parts.join(arg[0]);
    }
    case 'Fn::Sub': {
      const [template, variables] = Array.isArray(arg) ? [arg[0], arg[1]] : [arg, undefined];
      if (typeof template !== 'string') return fail();
      const vars: CfnObject = isObject(variables) ? variables : {};
      let ok = true;
      const text = template.replace(/\$\{([^}!][^}]*)\}/g, (_match, expression: string) => {
        const variable = vars[expression];
        let replacement: string | undefined;
        if (variable !== undefined) {
          replacement = asText(resolveInner(variable, lookup, missing, ''));
        } else if (expression.includes('.')) {
          const dot = expression.indexOf('.');
          replacement = lookup.getAtt(expression.slice(0, dot), expression.slice(dot + 1));
          if (replacement === undefined) missing.push(`Fn::GetAtt ${expression}`);
        } else {
          replacement = lookup.ref(expression);
          if (replacement === undefined) missing.push(`Ref ${expression}`);
        }
        if (replacement === undefined) ok = false;
        return replacement ?? '';
      });
      return ok ? text.replace(/\$\{!/g, '${') : UNRESOLVED;
    }
    case 'Fn::Select': {
      if (!Array.isArray(arg) || arg.length !== 2) return fail();
      const index = Number(asText(resolveInner(arg[0], lookup, missing, '')));
      const list = resolveInner(arg[1], lookup, missing, '');
      if (!Array.isArray(list) || !Number.isInteger(index) || index < 0 || index >= list.length)
        return fail();
      return list[index];
    }
    case 'Fn::Split': {
      if (!Array.isArray(arg) || typeof arg[0] !== 'string') return fail();
      const text = asText(resolveInner(arg[1], lookup, missing, ''));
      return text === undefined ? UNRESOLVED : text.split(arg[0]);
    }
    default:
      return fail();
  }
}

/** A short description of a value for messages, e.g. `Fn::GetAtt AuthGroupRole.Arn`. */
export function describe(value: CfnValue): string {
  const ref = referenceOf(value);
  if (ref)
    return ref.attribute === 'Ref' ? `Ref ${ref.logicalId}` : `Fn::GetAtt ${ref.logicalId}.${ref.attribute}`;
  const name = intrinsicName(value);
  if (name && !INTRINSICS.includes(name)) return `${name} (not supported locally)`;
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
