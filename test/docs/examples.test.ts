import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { tmpDir } from '../util';
import { documentationFiles } from './shell-blocks';

const root = path.resolve(__dirname, '../..');
const DOCS = documentationFiles(root);

/** Imports a fragment may use without writing them, as in a documentation page. */
const IMPLIED_IMPORTS: Record<string, string> = {
  Stack: "import { Stack } from 'aws-cdk-lib';",
  App: "import { App } from 'aws-cdk-lib';",
  Duration: "import { Duration } from 'aws-cdk-lib';",
  lambda: "import * as lambda from 'aws-cdk-lib/aws-lambda';",
  iam: "import * as iam from 'aws-cdk-lib/aws-iam';",
  cognito: "import * as cognito from 'aws-cdk-lib/aws-cognito';",
  CognitoAuth: "import { CognitoAuth } from 'cdk-cognito-auth';",
  PreSignUp: "import { PreSignUp } from 'cdk-cognito-auth';",
  PreTokenGeneration: "import { PreTokenGeneration } from 'cdk-cognito-auth';",
  PreTokenGenerationVersion: "import { PreTokenGenerationVersion } from 'cdk-cognito-auth';",
  ClientConfiguration: "import type { ClientConfiguration } from 'cdk-cognito-auth/client-config';",
};

/** Values a fragment may refer to without defining them, with their types. */
const IMPLIED_VALUES: Record<string, { declaration: string; needs: string[] }> = {
  app: { declaration: 'declare const app: App;', needs: ['App'] },
  welcomeFunction: { declaration: 'declare const welcomeFunction: lambda.IFunction;', needs: ['lambda'] },
  addToGroup: { declaration: 'declare const addToGroup: lambda.Function;', needs: ['lambda'] },
  outputs: { declaration: 'declare const outputs: ClientConfiguration;', needs: ['ClientConfiguration'] },
  idToken: { declaration: 'declare const idToken: string;', needs: [] },
};

interface Example {
  readonly file: string;
  readonly line: number;
  readonly code: string;
}

function examples(): Example[] {
  const out: Example[] = [];
  for (const file of DOCS) {
    const text = fs.readFileSync(path.join(root, file), 'utf8');
    for (const m of text.matchAll(/```ts\n([\s\S]*?)```/g)) {
      out.push({ file, line: text.slice(0, m.index).split('\n').length + 1, code: m[1] });
    }
  }
  return out;
}

/** Turns a documentation fragment into a module: imports hoisted, the rest in a function of a Stack. */
function toModule(code: string): string {
  const importRe = /^import[\s\S]*?from\s+'[^']+';[ \t]*$/gm;
  const imports = code.match(importRe) ?? [];
  const body = code.replace(importRe, '').trim();
  const imported = new Set(
    imports.flatMap((i) =>
      [...i.matchAll(/\b(?:as\s+)?([A-Za-z_$][\w$]*)\s*(?=[,}]|\s+from)/g)].map((m) => m[1]),
    ),
  );
  const declared = new Set(
    [...body.matchAll(/\b(?:const|let|class|function)\s+([A-Za-z_$][\w$]*)/g)].map((m) => m[1]),
  );
  const uses = (name: string) => new RegExp(`(?<![\\w$.'])${name.replace('$', '\\$')}\\b`).test(body);
  const needed = new Set<string>();
  const declarations: string[] = [];
  for (const [name, value] of Object.entries(IMPLIED_VALUES)) {
    if (uses(name) && !declared.has(name) && !imported.has(name)) {
      declarations.push(value.declaration);
      value.needs.forEach((n) => needed.add(n));
    }
  }
  for (const name of Object.keys(IMPLIED_IMPORTS)) {
    if (uses(name) && !imported.has(name) && !declared.has(name)) needed.add(name);
  }
  needed.add('Stack');
  const prelude = [...needed].filter((n) => !imported.has(n)).map((n) => IMPLIED_IMPORTS[n]);
  return [
    ...imports,
    ...prelude,
    ...declarations,
    'export async function example(this: Stack): Promise<unknown> {',
    body,
    '  return undefined;',
    '}',
    '',
  ].join('\n');
}

describe('documentation examples', () => {
  const all = examples();

  test('every ```ts block of README.md, cognito-admin/README.md and docs/*.md type-checks against the package (strict)', () => {
    expect(all.length).toBeGreaterThan(5);
    const dir = tmpDir('doc-examples');
    const files = all.map((example, i) => {
      const file = path.join(dir, `${path.basename(example.file, '.md')}-${example.line}-${i}.ts`);
      fs.writeFileSync(file, toModule(example.code));
      return file;
    });
    const program = ts.createProgram(files, {
      strict: true,
      noEmit: true,
      noUnusedLocals: false,
      target: ts.ScriptTarget.ES2022,
      lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
      module: ts.ModuleKind.CommonJS,
      moduleResolution: ts.ModuleResolutionKind.Node10,
      esModuleInterop: true,
      skipLibCheck: true,
      types: ['node'],
      typeRoots: [path.join(root, 'node_modules/@types')],
      baseUrl: root,
      paths: {
        'cdk-cognito-auth': ['lib/index.ts'],
        'cdk-cognito-auth/nag': ['lib/nag/index.ts'],
        'cdk-cognito-auth/client-config': ['lib/client-config.ts'],
        'cognito-admin': ['cognito-admin/src/admin/index.ts'],
      },
    });
    const problems = ts.getPreEmitDiagnostics(program).map((d) => {
      const where = d.file
        ? `${path.basename(d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}`
        : '';
      return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
    expect(problems).toEqual([]);
  });
});
