import { Tokenization } from 'aws-cdk-lib';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import { standardAttributeName } from '../private/attributes';
import { isToken } from '../private/validate';
import { standardAttributeType } from '../shared/attributes';
import { CustomAttribute, CustomAttributeType } from './attributes';

/**
 * The `Schema` of the user pool, written so that later updates apply cleanly:
 *
 * - a standard attribute appears only where it differs from Cognito's defaults (required false, mutable
 *   true); every pool has the others anyway, and an entry that restates a default is one more thing a later
 *   update could be refused for;
 * - every entry names its `AttributeDataType`: an entry without one makes Cognito refuse every later update
 *   of the pool with "Invalid AttributeDataType input";
 * - entries are sorted by name (standard attributes first, then custom ones), so that the order of the
 *   declarations never matters and adding an attribute adds exactly one entry and moves nothing else.
 */
export function buildSchema(
  standard: cognito.StandardAttributes,
  custom: Record<string, CustomAttribute>,
): cognito.CfnUserPool.SchemaAttributeProperty[] {
  const standardEntries = Object.entries(standard)
    .filter((entry): entry is [string, cognito.StandardAttribute] => entry[1] !== undefined)
    .map(([key, attribute]) => ({
      name: standardAttributeName(key),
      required: attribute.required ?? false,
      mutable: attribute.mutable ?? true,
    }))
    .filter((a) => a.required !== false || a.mutable !== true)
    .sort((a, b) => compare(a.name, b.name))
    .map((a): cognito.CfnUserPool.SchemaAttributeProperty => ({
      name: a.name,
      attributeDataType: standardAttributeType(a.name),
      required: a.required,
      mutable: a.mutable,
    }));
  const customEntries = Object.keys(custom)
    .sort(compare)
    .map((name) => customEntry(name, custom[name]));
  return [...standardEntries, ...customEntries];
}

function customEntry(name: string, attribute: CustomAttribute): cognito.CfnUserPool.SchemaAttributeProperty {
  const entry: cognito.CfnUserPool.SchemaAttributeProperty = {
    name,
    attributeDataType: attribute.type,
    mutable: attribute.mutable,
  };
  const bound = (value: number | undefined) =>
    value === undefined ? undefined : isToken(value) ? Tokenization.stringifyNumber(value) : String(value);
  if (attribute.type === CustomAttributeType.STRING && (attribute.min ?? attribute.max) !== undefined) {
    return {
      ...entry,
      stringAttributeConstraints: { minLength: bound(attribute.min), maxLength: bound(attribute.max) },
    };
  }
  if (attribute.type === CustomAttributeType.NUMBER && (attribute.min ?? attribute.max) !== undefined) {
    return {
      ...entry,
      numberAttributeConstraints: { minValue: bound(attribute.min), maxValue: bound(attribute.max) },
    };
  }
  return entry;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
