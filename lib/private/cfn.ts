/**
 * Reads a field of a resolved CloudFormation property value. Values set through L1 properties keep their
 * camelCase keys when resolved (`attributeDataType`), values rendered by L2 helpers such as policy documents
 * use CloudFormation's PascalCase (`AttributeDataType`): both are accepted.
 */
export function field(value: unknown, name: string): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  if (record[name] !== undefined) return record[name];
  const pascal = name.charAt(0).toUpperCase() + name.slice(1);
  if (record[pascal] !== undefined) return record[pascal];
  const camel = name.charAt(0).toLowerCase() + name.slice(1);
  return record[camel];
}

/** A resolved value as a list (a single value becomes a list of one; nothing becomes an empty list). */
export function list(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** True when a resolved value is (or contains) a CloudFormation intrinsic function. */
export function isIntrinsic(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  return Object.keys(value).some((k) => k === 'Ref' || k.startsWith('Fn::'));
}
