import * as cognito from 'aws-cdk-lib/aws-cognito';
import { CognitoAuthProps, CustomAttribute } from '../../lib';
import { only, synth } from '../util';

type SchemaEntry = { Name: string; AttributeDataType?: string; [key: string]: unknown };

function schemaOf(props: CognitoAuthProps): SchemaEntry[] | undefined {
  const { template } = synth(props);
  return only(template, 'AWS::Cognito::UserPool').Properties.Schema as SchemaEntry[] | undefined;
}

const attributes = {
  tenant_id: CustomAttribute.ofString({ minLength: 1, maxLength: 64 }),
  plan: CustomAttribute.ofString({ maxLength: 32 }),
  seats: CustomAttribute.ofNumber({ min: 1, max: 500 }),
};

describe('schema emission', () => {
  test('GIVEN a pool WHEN a custom attribute is added THEN the schema gains that entry and nothing else changes', () => {
    const before = schemaOf({
      standardAttributes: { email: { required: true } },
      customAttributes: attributes,
    })!;
    const after = schemaOf({
      standardAttributes: { email: { required: true } },
      customAttributes: {
        ...attributes,
        beta: CustomAttribute.ofBoolean(),
        zone: CustomAttribute.ofString(),
      },
    })!;
    const added = after.filter((a) => !before.some((b) => b.Name === a.Name));
    expect(added).toEqual([
      { Name: 'beta', AttributeDataType: 'Boolean', Mutable: true },
      { Name: 'zone', AttributeDataType: 'String', Mutable: true },
    ]);
    // The existing entries are untouched and keep their relative order.
    expect(after.filter((a) => !added.includes(a))).toEqual(before);
  });

  test('reordering the declarations reorders nothing in the template', () => {
    const a = schemaOf({
      standardAttributes: { email: { required: true }, givenName: { mutable: false } },
      customAttributes: attributes,
    });
    const b = schemaOf({
      standardAttributes: { givenName: { mutable: false }, email: { required: true } },
      customAttributes: { seats: attributes.seats, plan: attributes.plan, tenant_id: attributes.tenant_id },
    });
    expect(b).toEqual(a);
    expect(a!.map((e) => e.Name)).toEqual(['email', 'given_name', 'plan', 'seats', 'tenant_id']);
  });

  test("standard attributes that restate Cognito's defaults are not emitted", () => {
    expect(
      schemaOf({ standardAttributes: { email: { required: false, mutable: true }, locale: {} } }),
    ).toBeUndefined();
  });

  test('every entry names its data type, so later updates are not refused with "Invalid AttributeDataType"', () => {
    const schema = schemaOf({
      standardAttributes: { email: { required: true }, lastUpdateTime: { mutable: false } },
      customAttributes: { ...attributes, trial_end: CustomAttribute.ofDateTime() },
    })!;
    for (const entry of schema) expect(entry.AttributeDataType).toBeDefined();
    expect(schema.find((e) => e.Name === 'updated_at')).toEqual({
      Name: 'updated_at',
      AttributeDataType: 'Number',
      Required: false,
      Mutable: false,
    });
  });

  test.each(['email', 'name', 'sub', 'email_verified'])(
    'a custom attribute named like the built-in attribute %s is refused',
    (name) => {
      expect(() => synth({ customAttributes: { [name]: CustomAttribute.ofString() } })).toThrow(
        new RegExp(
          `customAttributes\\.${name} name "${name}" is the name of a standard or built-in attribute`,
        ),
      );
    },
  );

  test('the aws-cdk-lib standard attribute keys map to Cognito names', () => {
    const schema = schemaOf({
      standardAttributes: { phoneNumber: { required: true } } as cognito.StandardAttributes,
    });
    expect(schema).toEqual([
      { Name: 'phone_number', AttributeDataType: 'String', Required: true, Mutable: true },
    ]);
  });
});
