import * as cognito from 'aws-cdk-lib/aws-cognito';
import { cfnPool, findingsOf, stack } from './helpers';

const role = (name: string) => `arn:aws:iam::123456789012:role/${name}`;

function groups(defs: Array<{ name: string; precedence?: number; roleArn?: string }>) {
  const s = stack();
  const pool = cfnPool(s, 'Pool');
  for (const g of defs) {
    new cognito.CfnUserPoolGroup(s, g.name, {
      userPoolId: pool.ref,
      groupName: g.name,
      precedence: g.precedence,
      roleArn: g.roleArn,
    });
  }
  return findingsOf(s, 'GroupPrecedence');
}

describe('CognitoChecks-GroupPrecedence', () => {
  test('non-compliant: two groups with the same precedence and different roles', () => {
    expect(
      groups([
        { name: 'admins', precedence: 1, roleArn: role('admins') },
        { name: 'editors', precedence: 1, roleArn: role('editors') },
        { name: 'readers', precedence: 2, roleArn: role('readers') },
      ]),
    ).toEqual([
      'CognitoChecks-GroupPrecedence Checked/admins',
      'CognitoChecks-GroupPrecedence Checked/editors',
    ]);
  });

  test('non-compliant: groups with roles and no precedence at all', () => {
    expect(
      groups([
        { name: 'admins', roleArn: role('admins') },
        { name: 'editors', roleArn: role('editors') },
      ]),
    ).toHaveLength(2);
  });

  test('compliant: distinct precedences, the same role, or groups without roles', () => {
    expect(
      groups([
        { name: 'admins', precedence: 1, roleArn: role('admins') },
        { name: 'editors', precedence: 2, roleArn: role('editors') },
      ]),
    ).toEqual([]);
    expect(
      groups([
        { name: 'admins', precedence: 1, roleArn: role('staff') },
        { name: 'editors', precedence: 1, roleArn: role('staff') },
      ]),
    ).toEqual([]);
    expect(
      groups([
        { name: 'admins', precedence: 1 },
        { name: 'editors', precedence: 1 },
      ]),
    ).toEqual([]);
  });

  test('groups of different pools do not clash', () => {
    const s = stack();
    const a = cfnPool(s, 'A');
    const b = cfnPool(s, 'B');
    new cognito.CfnUserPoolGroup(s, 'GA', { userPoolId: a.ref, precedence: 1, roleArn: role('a') });
    new cognito.CfnUserPoolGroup(s, 'GB', { userPoolId: b.ref, precedence: 1, roleArn: role('b') });
    expect(findingsOf(s, 'GroupPrecedence')).toEqual([]);
  });
});
