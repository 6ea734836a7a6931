/**
 * Writes API.md from typedoc's output (one markdown file per entry point), or with `--check` fails when
 * API.md differs from what the code documents.
 *
 *   npm run docs          regenerate API.md
 *   npm run docs:check    exit 1 when API.md is out of date
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..');
const out = path.join(root, '.typedoc');
const ENTRIES: Array<[file: string, title: string, summary: string]> = [
  ['lib.md', 'cdk-cognito-auth', 'The constructs: `CognitoAuth` and everything it takes.'],
  [
    'lib/nag.md',
    'cdk-cognito-auth/nag',
    'The `CognitoChecks` cdk-nag rule pack (needs the optional peer dependency cdk-nag).',
  ],
  [
    'cognito-admin/src/admin.md',
    'cognito-admin',
    'The `cognito-admin` package: the user-management operations behind its CLI, its main export for scripts; loads no CDK code.',
  ],
];

function build(): string {
  fs.rmSync(out, { recursive: true, force: true });
  execFileSync(process.execPath, [path.join(root, 'node_modules', 'typedoc', 'bin', 'typedoc')], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const parts = [
    '# API reference',
    '',
    'Generated from the doc comments by `npm run docs`; do not edit by hand.',
    '',
  ];
  for (const [file, title, summary] of ENTRIES) {
    const text = fs.readFileSync(path.join(out, file), 'utf8');
    const body = text
      .split('\n')
      .slice(1) // typedoc's own "# <module>" title
      .map((line) => (/^#{1,5} /.test(line) ? `#${line}` : line))
      .join('\n')
      .replace(/\]\((?:\.\.\/)*[\w/.-]+\.md#/g, '](#');
    parts.push(`## \`${title}\``, '', summary, body.trim(), '');
  }
  fs.rmSync(out, { recursive: true, force: true });
  return parts.join('\n');
}

const text = build();
const target = path.join(root, 'API.md');
if (process.argv.includes('--check')) {
  const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : '';
  if (current !== text) {
    console.error('API.md is out of date with the doc comments: run "npm run docs" and commit it');
    process.exit(1);
  }
  console.log('API.md is up to date');
} else {
  fs.writeFileSync(target, text);
  console.log(`wrote API.md (${text.length} characters)`);
}
