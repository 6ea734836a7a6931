/**
 * What cognito-admin reads of a real `CognitoAuth` stack's outputs: the file `cdk deploy --outputs-file`
 * writes (read by `--config`), and the synthesized template that local mode reads. Outputs are a fixed set
 * per pool (`ClientIds` and `GroupRoleArns` are JSON maps, no output per client or group), clients and
 * groups added after construction are in them, and output ids carry a prefix for a second `CognitoAuth` in
 * a stack or with `outputs.prefix`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { AppClient, CognitoAuth } from '../../../lib';
import { findClient, loadClientConfiguration } from '../../src/admin/config-file';
import { AdminError } from '../../src/admin/errors';
import { CfnTemplate, IntrinsicLookup, resolveString } from '../../src/local/intrinsics';
import { localClientConfiguration } from '../../src/local/outputs';
import { readStack } from '../../src/local/template';
import { tempDir } from './helpers';

/** Physical values as CloudFormation would give them: `<logicalId>-id` for Ref, `<logicalId>-<attr>`. */
const deployed: IntrinsicLookup = {
  ref: (id) =>
    ({ 'AWS::Region': 'eu-west-1', 'AWS::AccountId': '123456789012', 'AWS::URLSuffix': 'amazonaws.com' })[
      id
    ] ?? (id.startsWith('AWS::') ? undefined : `${id}-id`),
  getAtt: (id, attribute) => `${id}-${attribute}`,
};

let dir: string;
let assembly: string;
let cdkOutputs: Record<string, Record<string, string>>;
let templates: Record<string, CfnTemplate>;

beforeAll(() => {
  dir = tempDir('stack-outputs');
  const app = new App({ outdir: path.join(dir, 'cdk.out') });
  const env = { account: '123456789012', region: 'eu-west-1' };

  // Two pools in one stack (the second one's outputs are prefixed), and items added after construction.
  const shared = new Stack(app, 'AuthStack', { env });
  const auth = new CognitoAuth(shared, 'Auth', {
    clients: { web: AppClient.web({ callbackUrls: ['https://app.acme-corp.net/cb'] }) },
    groups: [{ name: 'admins', precedence: 0 }],
  });
  auth.addClient('scripts', AppClient.password());
  auth.addGroup({ name: 'readers', precedence: 3 });
  new CognitoAuth(shared, 'Partner', { clients: { partner: AppClient.password() } });

  // One pool with an explicit prefix.
  const prefixed = new Stack(app, 'ShopStack', { env });
  new CognitoAuth(prefixed, 'Auth', {
    clients: { web: AppClient.web({ callbackUrls: ['https://shop.acme-corp.net/cb'] }) },
    signInFactors: { passkey: true },
    passkeys: { relyingPartyId: 'shop.acme-corp.net' },
    outputs: { prefix: 'Shop' },
  });

  assembly = app.synth().directory;
  templates = {};
  cdkOutputs = {};
  for (const name of ['AuthStack', 'ShopStack']) {
    const template = JSON.parse(
      fs.readFileSync(path.join(assembly, `${name}.template.json`), 'utf8'),
    ) as CfnTemplate;
    templates[name] = template;
    // What `cdk deploy --outputs-file` writes: every output of the stack, resolved, by its logical id.
    cdkOutputs[name] = Object.fromEntries(
      Object.entries(template.Outputs ?? {}).map(([id, o]) => [id, resolveString(o.Value, deployed).value!]),
    );
  }
});

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

function poolIds(template: CfnTemplate): string[] {
  return Object.entries(template.Resources ?? {})
    .filter(([, r]) => r.Type === 'AWS::Cognito::UserPool')
    .map(([id]) => id);
}

describe('--config with a cdk deploy --outputs-file', () => {
  let file: string;
  beforeAll(() => {
    file = path.join(dir, 'cdk-outputs.json');
    fs.writeFileSync(file, JSON.stringify(cdkOutputs, null, 2));
  });

  test('the stack has the fixed outputs, with JSON maps of clients and group roles and no per-item ones', () => {
    const ids = Object.keys(cdkOutputs.AuthStack);
    expect(ids).toEqual(expect.arrayContaining(['ClientConfiguration', 'ClientIds', 'GroupRoleArns']));
    expect(ids.filter((id) => /^Client.+Id$|^Group.+RoleArn$|^(Web|Scripts|Admins)/.test(id))).toEqual([]);
    expect(Object.keys(JSON.parse(cdkOutputs.AuthStack.ClientIds))).toEqual(['web', 'scripts']);
  });

  test('finds the pool and every client by name, the ones added with addClient included', () => {
    const config = loadClientConfiguration(file, 'AuthStack');
    const [authPool] = poolIds(templates.AuthStack);
    expect(config.auth.user_pool_id).toBe(`${authPool}-id`);
    const clientIds = JSON.parse(cdkOutputs.AuthStack.ClientIds) as Record<string, string>;
    expect(findClient(config)?.name).toBe('web');
    expect(findClient(config, 'web')?.client_id).toBe(clientIds.web);
    expect(findClient(config, 'scripts')?.client_id).toBe(clientIds.scripts);
    expect(findClient(config, clientIds.scripts)?.name).toBe('scripts');
    expect(config.custom.cognito_auth.groups?.map((g) => g.name)).toEqual(['admins', 'readers']);
    // The group roles of the configuration are those of the GroupRoleArns output.
    const roles = JSON.parse(cdkOutputs.AuthStack.GroupRoleArns) as Record<string, string>;
    expect(Object.fromEntries(config.custom.cognito_auth.groups!.map((g) => [g.name, g.role_arn]))).toEqual(
      roles,
    );
  });

  test('reads a prefixed ClientConfiguration output, and names the stacks when there are several', () => {
    expect(Object.keys(cdkOutputs.ShopStack)).toContain('ShopClientConfiguration');
    const config = loadClientConfiguration(file, 'ShopStack');
    expect(config.auth.user_pool_id).toBe(`${poolIds(templates.ShopStack)[0]}-id`);
    expect(findClient(config, 'web')?.client_id).toBe(JSON.parse(cdkOutputs.ShopStack.ShopClientIds).web);
    expect(() => loadClientConfiguration(file)).toThrow(
      new AdminError(`--config ${file} holds several stacks (AuthStack, ShopStack); choose one with --stack`),
    );
  });
});

describe('local mode reads the synthesized template', () => {
  /** Local ids as local mode would have them once the emulator made the pool. */
  const local: IntrinsicLookup = {
    ref: (id) => (id === 'AWS::Region' ? 'eu-west-1' : `local-${id}`),
    getAtt: (id, attribute) => `local-${id}-${attribute}`,
  };

  test('the client configuration of the first pool, with clients and groups added later', () => {
    const model = readStack(assembly, 'AuthStack');
    const [authPool, partnerPool] = poolIds(templates.AuthStack);
    expect(model.userPools.map((p) => p.logicalId)).toEqual([authPool, partnerPool]);
    const { configuration } = localClientConfiguration(model, [], local, 'http://localhost:9229');
    expect(configuration.auth.user_pool_id).toBe(`local-${authPool}`);
    expect(Object.keys(configuration.custom.cognito_auth.clients)).toEqual(['web', 'scripts']);
    expect(configuration.custom.cognito_auth.endpoint).toBe('http://localhost:9229');
  });

  test('a ClientConfiguration output with a prefix is found', () => {
    const model = readStack(assembly, 'ShopStack');
    expect(model.clientConfiguration).toEqual(templates.ShopStack.Outputs!.ShopClientConfiguration.Value);
    const { configuration } = localClientConfiguration(model, [], local, 'http://localhost:9229');
    expect(configuration.auth.user_pool_id).toBe(`local-${poolIds(templates.ShopStack)[0]}`);
    expect(Object.keys(configuration.custom.cognito_auth.clients)).toEqual(['web']);
  });

  test('passkeys are bound to localhost in the local configuration', () => {
    const model = readStack(assembly, 'ShopStack');
    const { configuration } = localClientConfiguration(model, [], local, 'http://localhost:9229');
    expect(configuration.auth.passwordless?.web_authn?.relying_party_id).toBe('localhost');
    expect(configuration.custom.cognito_auth.passkeys?.relying_party_id).toBe('localhost');
    expect(JSON.stringify(templates.ShopStack)).toContain('shop.acme-corp.net');
  });
});
