import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ObjRef } from '@jsii/kernel/lib/api';
import * as reflect from 'jsii-reflect';
import { CompiledPackage, compileJsiiPackage, runTool } from './compile';
import { findPackageDir, JsiiKernel, readAssembly, resourcesOf, unwire, wire } from './kernel';

/**
 * A small construct library in the shapes of this project's API (props structs, an enum, an enum-like
 * class, a bundled asset), compiled here with the project's jsii and jsii-pacmak. The kernel loads the
 * tarball the generated Python package ships, and is driven the way the Python runtime drives it.
 */
const FIXTURE = path.join(__dirname, 'fixture');
const FQN = 'jsii-kernel-fixture';

let fixture: CompiledPackage;
let kernel: JsiiKernel;
let loaded: { name: string; version: string; types: number };
const outdirs: string[] = [];

beforeAll(() => {
  fixture = compileJsiiPackage(FIXTURE, 'jsii-fixture');
  kernel = new JsiiKernel();
  loaded = kernel.loadTarball(fixture.tarball, path.resolve(__dirname, '../..'));
}, 300_000);

afterAll(() => {
  kernel?.dispose();
  for (const dir of [fixture?.dir, ...outdirs]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** A Python-style app and stack writing into a fresh folder. */
function newStack(): { app: ObjRef; stack: ObjRef; outdir: string } {
  const outdir = path.join(fixture.dir, `cdk.out-${outdirs.length}`);
  outdirs.push(outdir);
  return { ...kernel.pythonStack(outdir), outdir };
}

describe('an assembly written by jsii 5.9, loaded into the jsii kernel', () => {
  test('loads after aws-cdk-lib and constructs, with every type of the assembly', () => {
    const assembly = readAssembly(fixture.dir);
    expect(assembly.jsiiVersion).toMatch(/^5\.9\./);
    expect(loaded).toEqual({ name: FQN, version: '1.0.0', types: Object.keys(assembly.types ?? {}).length });
    expect(loaded.types).toBeGreaterThanOrEqual(5);
  });

  test('creates a construct from JSON props (enum, enum-like factory, map of structs, Duration, bundled asset) and synthesizes it', () => {
    const { app, stack, outdir } = newStack();
    const days = kernel.sinvoke('aws-cdk-lib.Duration', 'days', 7);
    const domain = kernel.sinvoke(`${FQN}.Domain`, 'cognitoPrefix', 'py-app-dev');
    const auth = kernel.create(
      `${FQN}.MiniAuth`,
      stack,
      'Auth',
      wire.struct(`${FQN}.MiniAuthProps`, {
        signIn: wire.enum(`${FQN}.SignIn`, 'EMAIL'),
        domain,
        groups: wire.map({
          admins: wire.struct(`${FQN}.GroupOptions`, { precedence: 0, description: 'Administrators' }),
          readers: { precedence: 10 },
        }),
        passwordMinLength: 12,
        preSignUp: true,
        refreshTokenValidity: days,
      }),
    );
    expect(kernel.sinvoke(`${FQN}.MiniAuth`, 'isMiniAuth', auth)).toBe(true);
    expect(kernel.sinvoke(`${FQN}.MiniAuth`, 'isMiniAuth', stack)).toBe(false);

    const template = kernel.template(stack);
    const [pool] = resourcesOf(template, 'AWS::Cognito::UserPool');
    expect(pool.Properties).toMatchObject({
      UsernameAttributes: ['email'],
      Policies: { PasswordPolicy: { MinimumLength: 12 } },
      LambdaConfig: { PreSignUp: { 'Fn::GetAtt': [expect.stringMatching(/^AuthPreSignUp/), 'Arn'] } },
    });
    expect(resourcesOf(template, 'AWS::Cognito::UserPoolDomain')[0].Properties).toMatchObject({
      Domain: 'py-app-dev',
    });
    expect(resourcesOf(template, 'AWS::Cognito::UserPoolClient')[0].Properties).toMatchObject({
      RefreshTokenValidity: 10080,
      TokenValidityUnits: { RefreshToken: 'minutes' },
    });
    expect(
      resourcesOf(template, 'AWS::Cognito::UserPoolGroup')
        .map((g) => g.Properties)
        .sort((a, b) => String(a.GroupName).localeCompare(String(b.GroupName))),
    ).toEqual([
      expect.objectContaining({ GroupName: 'admins', Precedence: 0, Description: 'Administrators' }),
      expect.objectContaining({ GroupName: 'readers', Precedence: 10 }),
    ]);

    // The trigger's code was staged from the package the kernel unpacked, as for a Python app.
    const [fn] = resourcesOf(template, 'AWS::Lambda::Function');
    expect(fn.Properties).toMatchObject({ Handler: 'index.handler', Runtime: 'nodejs22.x' });
    kernel.invoke(app, 'synth');
    const staged = fs.readdirSync(outdir).filter((f) => f.startsWith('asset.'));
    expect(staged).toHaveLength(1);
    expect(fs.readFileSync(path.join(outdir, staged[0], 'index.js'), 'utf8')).toBe(
      fs.readFileSync(path.join(FIXTURE, 'assets', 'pre-sign-up', 'index.js'), 'utf8'),
    );
  });

  test('invokes methods and reads properties: object references, a string with tokens, an output', () => {
    const { stack } = newStack();
    const auth = kernel.create(`${FQN}.MiniAuth`, stack, 'Auth');
    const group = kernel.invoke(auth, 'addGroup', 'editors', { precedence: 5 }) as ObjRef;
    expect(group['$jsii.byref']).toMatch(/^aws-cdk-lib\.aws_cognito\.CfnUserPoolGroup@/);
    expect(kernel.get(group, 'groupName')).toBe('editors');
    const pool = kernel.get(auth, 'userPool') as ObjRef;
    expect(pool['$jsii.byref']).toMatch(/^aws-cdk-lib\.aws_cognito\.UserPool@/);
    expect(kernel.get(auth, 'clientConfigurationJson')).toMatch(/^\$\{Token\[/);

    const template = kernel.template(stack);
    const outputs = unwire(template.Outputs) as Record<string, { Value: unknown }>;
    const [output] = Object.entries(outputs).filter(([key]) => key.startsWith('AuthClientConfiguration'));
    expect(JSON.stringify(output[1].Value)).toContain('"Ref":"AuthPool');
    expect(resourcesOf(template, 'AWS::Cognito::UserPool')[0].Properties).toMatchObject({
      Policies: { PasswordPolicy: { MinimumLength: 8 } },
    });
  });

  test('an error thrown by the construct reaches the caller with the prop and the value received', () => {
    const { stack } = newStack();
    expect(() => kernel.create(`${FQN}.MiniAuth`, stack, 'Auth', { passwordMinLength: 3 })).toThrow(
      'passwordMinLength 3 is not allowed; use a whole number from 6 to 99',
    );
  });

  test('a value of the wrong type is refused by the kernel before the construct runs', () => {
    const { stack } = newStack();
    expect(() =>
      kernel.create(`${FQN}.MiniAuth`, stack, 'Auth', { signIn: wire.enum(`${FQN}.SignIn`, 'PHONE') }),
    ).toThrow(/PHONE/);
  });
});

describe('what other languages see', () => {
  test('jsii-reflect: an enum-like class has its factory and no public constructor; props are a struct; the enum has its members', () => {
    // The fixture's assembly and constructs' (its base class) are enough here; aws-cdk-lib's assembly
    // (23,000 types) would add seconds and hundreds of MB to this worker for nothing.
    const system = new reflect.TypeSystem();
    system.loadFile(path.join(findPackageDir('constructs', fixture.dir), '.jsii'), { isRoot: false });
    system.loadFile(path.join(fixture.dir, '.jsii'));

    const domain = system.findClass(`${FQN}.Domain`);
    expect(domain.initializer).toBeUndefined();
    expect(domain.ownMethods.map((m) => [m.name, m.static, m.returns.type.toString()])).toEqual([
      ['cognitoPrefix', true, `${FQN}.Domain`],
    ]);

    const props = system.findInterface(`${FQN}.MiniAuthProps`);
    expect(props.datatype).toBe(true);
    expect(props.allProperties.map((p) => `${p.name}${p.optional ? '?' : ''}: ${p.type.toString()}`)).toEqual(
      [
        `domain?: ${FQN}.Domain`,
        `groups?: Map<string => ${FQN}.GroupOptions>`,
        'passwordMinLength?: number',
        'preSignUp?: boolean',
        'refreshTokenValidity?: aws-cdk-lib.Duration',
        `signIn?: ${FQN}.SignIn`,
      ],
    );

    const auth = system.findClass(`${FQN}.MiniAuth`);
    expect(auth.base?.fqn).toBe('constructs.Construct');
    expect(auth.initializer?.parameters.map((p) => `${p.name}${p.optional ? '?' : ''}`)).toEqual([
      'scope',
      'id',
      'props?',
    ]);
    expect(system.findEnum(`${FQN}.SignIn`).members.map((m) => m.name)).toEqual(['EMAIL', 'USERNAME']);
  });

  test('jsii-pacmak writes Python sources that Python compiles: keyword arguments in snake_case, classmethod factories, enums', () => {
    const init = path.join(fixture.pythonModuleDir, '__init__.py');
    const source = fs.readFileSync(init, 'utf8');
    expect(source).toMatch(/class MiniAuth\(\s+_constructs_\w+\.Construct,\s+metaclass=jsii\.JSIIMeta,/);
    expect(source).toMatch(/password_min_length: typing\.Optional\[jsii\.Number\] = None,/);
    expect(source).toMatch(/def add_group\(\s+self,\s+name: builtins\.str,\s+\*,/);
    expect(source).toMatch(
      /@builtins\.classmethod\s+def cognito_prefix\(cls, prefix: builtins\.str\) -> "Domain":/,
    );
    expect(source).toMatch(/class SignIn\(enum\.Enum\):[^]*EMAIL = "EMAIL"/);
    execFileSync('python3', ['-m', 'py_compile', init], { stdio: 'pipe' });
  });

  test("jsii-rosetta compiles the README's TypeScript example and translates it into the README's Python example", () => {
    runTool('jsii-rosetta', 'jsii-rosetta', ['extract', '--strict', '--fail', '.jsii'], fixture.dir);
    const tablet = JSON.parse(fs.readFileSync(path.join(fixture.dir, '.jsii.tabl.json'), 'utf8')) as {
      snippets: Record<string, { didCompile: boolean; translations: Record<string, { source: string }> }>;
    };
    const snippets = Object.values(tablet.snippets);
    expect(snippets).toHaveLength(1);
    expect(snippets[0].didCompile).toBe(true);
    const readme = fs.readFileSync(path.join(FIXTURE, 'README.md'), 'utf8');
    const python = /```python\n([^]*?)\n```/.exec(readme)?.[1];
    expect(snippets[0].translations.python.source).toBe(python);
  });
});
