import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { runTool } from './compile';

const root = path.resolve(__dirname, '../..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  types: string;
  files: string[];
  jsii: { tsconfig: string; validateTsconfig: string; targets: Record<string, Record<string, unknown>> };
};

/** The files jsii compiles: its user-provided tsconfig's include/exclude, relative to the repository. */
function jsiiSources(): string[] {
  const file = path.join(root, pkg.jsii.tsconfig);
  const { config } = ts.readConfigFile(file, ts.sys.readFile);
  return ts.parseJsonConfigFileContent(config, ts.sys, root).fileNames.map((f) => path.relative(root, f));
}

describe('the jsii configuration of the construct package', () => {
  test('tsconfig.jsii.json passes the rule set jsii validates it against', () => {
    expect(pkg.jsii).toMatchObject({ tsconfig: 'tsconfig.jsii.json', validateTsconfig: 'strict' });
    expect(runTool('jsii', 'jsii', ['validate-tsconfig', pkg.jsii.tsconfig], root)).toContain(
      '"tsconfig.jsii.json" is valid against rule set "strict"',
    );
  });

  test('jsii compiles the constructs and the trigger configuration, and no app, test, script, handler or CLI code', () => {
    const sources = jsiiSources();
    expect(sources).toEqual(
      expect.arrayContaining([
        'lib/index.ts',
        'lib/cognito-auth.ts',
        'lib/nag/index.ts',
        'lib/client-config.ts',
        'lambda-triggers/pre-sign-up/config.ts',
        'lambda-triggers/pre-token-generation/config.ts',
        'lambda-triggers/shared/config.ts',
      ]),
    );
    const outside = sources.filter(
      (f) =>
        /^(bin|test|bench|scripts|cognito-admin|lib\/admin|lib\/local)\//.test(f) ||
        (f.startsWith('lambda-triggers/') && !f.endsWith('/config.ts')),
    );
    expect(outside).toEqual([]);
  });

  test('the entry point jsii reads is lib/index.ts, and the assembly is published', () => {
    expect(pkg.types).toBe('dist/lib/index.d.ts');
    expect(pkg.files).toContain('.jsii');
  });

  test('every language target is configured; Python imports cdk_cognito_auth', () => {
    expect(Object.keys(pkg.jsii.targets).sort()).toEqual(['dotnet', 'go', 'java', 'python']);
    expect(pkg.jsii.targets.python).toEqual({ distName: 'cdk-cognito-auth', module: 'cdk_cognito_auth' });
  });
});
