/**
 * Every shell block of README.md, cognito-admin/README.md and docs/*.md runs as written, against local
 * mode, in a folder that looks like a clone of the repository; blocks marked as needing AWS (or not meant
 * to run here) are syntax-checked. See shell-blocks.ts for the markers.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  AdminDeleteUserCommand,
  DeleteGroupCommand,
  ListGroupsCommand,
  ListUsersCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { devStack, DevStack, startDev } from '../../cognito-admin/test/e2e/helpers';
import type { LocalStack } from '../../cognito-admin/src/local/start-local';
import { holdPackLock } from '../npm-pack';
import { tmpDir } from '../util';
import { CodeBlock, codeBlocks, documentationFiles, isShell, scriptOf } from './shell-blocks';

const root = path.resolve(__dirname, '../..');
const DOCS = documentationFiles(root);
const blocksByFile = DOCS.map((file) => ({ file, blocks: codeBlocks(root, file) }));
const shellBlocks = blocksByFile.flatMap((f) => f.blocks.filter(isShell));
const where = (b: CodeBlock) => `${b.file}:${b.line}`;

/** How long one block may take (a sign-in through the CLI takes about a second). */
const BLOCK_TIMEOUT = 120_000;
/** Entries of the repository a clone has, seen from the block's folder; the rest is the block's own. */
const NOT_LINKED = new Set(['.git', '.local', 'cdk.out', 'test', '.cognito', 'coverage']);

interface Result {
  readonly code: number | null;
  readonly output: string;
}

/** Runs a script with bash (`-e -o pipefail`: the first failing command fails the block). */
function bash(
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['--noprofile', '--norc', ...args], {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const timer = setTimeout(() => {
      output += `\n[killed after ${timeoutMs} ms]`;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // gone already
      }
    }, timeoutMs);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** The environment of a reader's shell: no npm run-script variables, no node_modules/.bin on the PATH. */
function readerEnv(home: string): NodeJS.ProcessEnv {
  const pathDirs = (process.env.PATH ?? '')
    .split(path.delimiter)
    .filter((dir) => dir && !dir.split(path.sep).includes('node_modules'));
  return {
    PATH: pathDirs.join(path.delimiter),
    HOME: home,
    LANG: process.env.LANG ?? 'C.UTF-8',
    TMPDIR: process.env.TMPDIR,
    USER: process.env.USER,
    // npm's own cache, so that npx finds what the registry already gave this machine.
    npm_config_cache: process.env.npm_config_cache ?? path.join(process.env.HOME ?? home, '.npm'),
    npm_config_update_notifier: 'false',
  };
}

/** A folder that looks like a clone of the repository (its entries linked), with `.local` pointing at `local`. */
function cloneLike(dir: string, localDir: string): void {
  for (const entry of fs.readdirSync(root)) {
    if (NOT_LINKED.has(entry) || entry.startsWith('cognito-auth.') || entry.endsWith('.tgz')) continue;
    fs.symlinkSync(path.join(root, entry), path.join(dir, entry));
  }
  // The committed lock files, as copies: a block may synthesize and write them.
  for (const entry of fs.readdirSync(root).filter((e) => /^cognito-auth\..*json$/.test(e))) {
    fs.copyFileSync(path.join(root, entry), path.join(dir, entry));
  }
  fs.symlinkSync(localDir, path.join(dir, '.local'));
}

/** Deletes the users and the groups the template does not make, so that each page starts as a reader's would. */
async function wipe(stack: DevStack, templateGroups: readonly string[]): Promise<void> {
  const users = await stack.cognito.send(new ListUsersCommand({ UserPoolId: stack.poolId }));
  for (const user of users.Users ?? []) {
    await stack.cognito.send(
      new AdminDeleteUserCommand({ UserPoolId: stack.poolId, Username: user.Username }),
    );
  }
  const groups = await stack.cognito.send(new ListGroupsCommand({ UserPoolId: stack.poolId }));
  for (const group of groups.Groups ?? []) {
    if (group.GroupName && !templateGroups.includes(group.GroupName)) {
      await stack.cognito.send(
        new DeleteGroupCommand({ UserPoolId: stack.poolId, GroupName: group.GroupName }),
      );
    }
  }
}

function describeFailure(block: CodeBlock, result: Result, expected: string): string {
  return [
    `${where(block)}: the \`\`\`${block.lang} block ${expected}, but it exited ${result.code}.`,
    '--- block ---',
    block.text.trimEnd(),
    '--- output ---',
    result.output.trimEnd(),
  ].join('\n');
}

describe('documentation code blocks', () => {
  test('every fenced block names its language, and every marker is known', () => {
    // codeBlocks() has already refused unknown markers and unclosed blocks while this file loaded.
    const unnamed = blocksByFile.flatMap((f) => f.blocks.filter((b) => b.lang === '').map(where));
    expect(unnamed).toEqual([]);
    const markedNonShell = blocksByFile.flatMap((f) =>
      f.blocks.filter((b) => !isShell(b) && b.marker.kind !== 'run').map(where),
    );
    expect(markedNonShell).toEqual([]);
  });

  test('the pages that talk to Cognito have blocks that run', () => {
    const runs = (file: string) =>
      shellBlocks.filter((b) => b.file === file && (b.marker.kind === 'run' || b.marker.kind === 'fails'))
        .length;
    expect(['README.md', 'docs/cli.md', 'docs/local.md'].map((f) => [f, runs(f) > 0])).toEqual([
      ['README.md', true],
      ['docs/cli.md', true],
      ['docs/local.md', true],
    ]);
  });

  test('a block that fails is reported with its file, line, text and output', () => {
    const block: CodeBlock = {
      file: 'docs/x.md',
      line: 7,
      lang: 'sh',
      text: 'echo before\nfalse\n',
      marker: { kind: 'run' },
    };
    const message = describeFailure(block, { code: 1, output: 'before\n' }, 'should succeed');
    expect(message).toBe(
      [
        'docs/x.md:7: the ```sh block should succeed, but it exited 1.',
        '--- block ---',
        'echo before\nfalse',
        '--- output ---',
        'before',
      ].join('\n'),
    );
  });

  test.each(shellBlocks.map((b) => [where(b), b] as const))(
    '%s is valid bash (bash -n)',
    async (_, block) => {
      const dir = tmpDir('doc-syntax');
      const file = path.join(dir, 'block.sh');
      fs.writeFileSync(file, scriptOf(block));
      const result = await bash(['-n', file], dir, readerEnv(dir), 10_000);
      if (result.code !== 0) throw new Error(describeFailure(block, result, 'should parse'));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  );
});

describe('documentation shell blocks, run as written against local mode', () => {
  const base = tmpDir('doc-shell');
  const localDir = path.join(base, 'local');
  let local: LocalStack | undefined;
  let stack: DevStack;
  let release: (() => void) | undefined;

  beforeAll(async () => {
    // The blocks run the compiled cognito-admin, which a packing test removes and rebuilds meanwhile.
    release = await holdPackLock();
    const bin = path.join(root, 'node_modules', '.bin', 'cognito-admin');
    if (!fs.existsSync(bin) || !fs.existsSync(fs.realpathSync(bin))) {
      throw new Error(`${bin} is missing: run npm ci (its prepare step compiles cognito-admin)`);
    }
    // Random codes, as `npm run local` sends them: the blocks read them the way the docs say.
    local = await startDev(localDir, { code: undefined });
    stack = devStack(local);
  }, 900_000);

  afterAll(async () => {
    await local?.stop();
    release?.();
    fs.rmSync(base, { recursive: true, force: true });
  });

  for (const { file, blocks } of blocksByFile) {
    const runnable = blocks.filter(
      (b) => isShell(b) && (b.marker.kind === 'run' || b.marker.kind === 'fails'),
    );
    if (!runnable.length) continue;

    describe(file, () => {
      const workspace = path.join(base, file.replace(/[/.]/g, '-'));
      const home = path.join(workspace, '.home');

      beforeAll(async () => {
        fs.mkdirSync(home, { recursive: true });
        cloneLike(workspace, localDir);
        const templateGroups = (local!.outputs.auth.groups ?? []).flatMap((g) => Object.keys(g));
        await wipe(stack, templateGroups);
      }, 60_000);

      for (const block of runnable) {
        test(
          `${where(block)}`,
          async () => {
            const script = path.join(home, `block-${block.line}.sh`);
            fs.writeFileSync(script, scriptOf(block));
            const result = await bash(
              ['-e', '-o', 'pipefail', script],
              workspace,
              readerEnv(home),
              BLOCK_TIMEOUT,
            );
            if (block.marker.kind === 'fails') {
              const text = block.marker.text;
              if (result.code === 0 || !result.output.includes(text)) {
                throw new Error(describeFailure(block, result, `should fail and print "${text}"`));
              }
            } else if (result.code !== 0) {
              throw new Error(describeFailure(block, result, 'should succeed'));
            }
          },
          BLOCK_TIMEOUT + 10_000,
        );
      }
    });
  }
});
