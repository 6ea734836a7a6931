import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CognitoAuth, CognitoAuthProps } from '../lib';

/** A scratch directory under test/.tmp that is unique to this call. */
export function tmpDir(name: string): string {
  const dir = path.join(
    __dirname,
    '.tmp',
    `${name}-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`,
  );
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** An app writing into test/.tmp (never the system temp directory) and a stack in eu-west-1. */
export function newStack(region = 'eu-west-1'): Stack {
  const app = new App({ outdir: tmpDir('cdk-out') });
  return new Stack(app, 'TestStack', { env: { account: '123456789012', region } });
}

/** Synthesizes a CognitoAuth with the given props and returns the construct and its template. */
export function synth(props: CognitoAuthProps = {}): { auth: CognitoAuth; stack: Stack; template: Template } {
  const stack = newStack();
  const auth = new CognitoAuth(stack, 'Auth', props);
  return { auth, stack, template: Template.fromStack(stack) };
}

/** The single resource of a type, as in the template. */
export function only(
  template: Template,
  type: string,
): { Properties: Record<string, unknown>; [k: string]: unknown } {
  const found = Object.values(template.findResources(type));
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0] as { Properties: Record<string, unknown> };
}

/** The error that synthesizing a CognitoAuth with these props throws; fails the test when none is thrown. */
export function synthError(props: CognitoAuthProps): Error {
  try {
    synth(props);
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a CognitoAuthError');
}

/** The properties of the app client named `name` (ClientName `Auth-<name>`), as in the template. */
export function clientProps(template: Template, name: string): Record<string, unknown> {
  const list = Object.values(
    template.findResources('AWS::Cognito::UserPoolClient', { Properties: { ClientName: `Auth-${name}` } }),
  );
  if (list.length !== 1) throw new Error(`client ${name} not found`);
  return (list[0] as { Properties: Record<string, unknown> }).Properties;
}
