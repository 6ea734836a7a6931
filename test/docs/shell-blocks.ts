/**
 * The code blocks of the documentation, as a reader sees them: every fenced block with its language, the
 * line it starts on, and the `<!-- docs-test: ... -->` marker written just before it, if any.
 *
 * Markers (see CONTRIBUTING.md, "Documentation"):
 * - `<!-- docs-test: aws -->`: the block needs an AWS account (deploys, a real pool); it is only
 *   syntax-checked (`bash -n`).
 * - `<!-- docs-test: skip <reason> -->`: the block is not run by the test (it starts a long-running
 *   process, installs into another project, or runs the test suite itself); only syntax-checked.
 * - `<!-- docs-test: fails <text> -->`: the block shows a refusal: it must exit non-zero and print `<text>`.
 * Every other shell block runs as written and must exit 0.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The languages whose blocks are shell commands. */
/** The documentation the docs tests read: both READMEs and every page under docs/, relative to `root`. */
export function documentationFiles(root: string): string[] {
  return [
    'README.md',
    'cognito-admin/README.md',
    ...fs
      .readdirSync(path.join(root, 'docs'))
      .filter((f) => f.endsWith('.md'))
      .map((f) => `docs/${f}`),
  ];
}

export const SHELL_LANGUAGES = ['bash', 'sh', 'shell', 'console'] as const;

/** What the test does with a block. */
export type Marker =
  | { readonly kind: 'run' }
  | { readonly kind: 'aws' }
  | { readonly kind: 'skip'; readonly reason: string }
  | { readonly kind: 'fails'; readonly text: string };

/** A fenced code block of a markdown file. */
export interface CodeBlock {
  /** The file, relative to the repository. */
  readonly file: string;
  /** The line of the opening fence (1-based). */
  readonly line: number;
  /** The language of the fence (`sh`, `ts`, ...), or '' when it names none. */
  readonly lang: string;
  /** The block's text, as written. */
  readonly text: string;
  readonly marker: Marker;
}

const MARKER = /^<!--\s*docs-test:\s*(\S+)\s*(.*?)\s*-->$/;

/** Reads a marker comment; throws on one the test does not know, so that a typo is not a silent skip. */
function parseMarker(file: string, line: number, comment: string | undefined): Marker {
  const m = comment === undefined ? null : MARKER.exec(comment.trim());
  if (!m) return { kind: 'run' };
  const [, kind, rest] = m;
  if (kind === 'aws' && rest === '') return { kind: 'aws' };
  if (kind === 'skip' && rest !== '') return { kind: 'skip', reason: rest };
  if (kind === 'fails' && rest !== '') return { kind: 'fails', text: rest.replace(/^"(.*)"$/, '$1') };
  throw new Error(
    `${file}:${line}: unknown docs-test marker "${comment?.trim()}"; use <!-- docs-test: aws -->, ` +
      '<!-- docs-test: skip <reason> --> or <!-- docs-test: fails <text the block prints> -->',
  );
}

/** Every fenced block of a markdown file of the repository, in order. */
export function codeBlocks(root: string, file: string): CodeBlock[] {
  const lines = fs.readFileSync(path.join(root, file), 'utf8').split('\n');
  const out: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S*)\s*$/.exec(lines[i]);
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i]); i++) body.push(lines[i]);
    if (i >= lines.length) throw new Error(`${file}:${start + 1}: the code block is never closed`);
    let before = start - 1;
    while (before >= 0 && lines[before].trim() === '') before--;
    const comment = before >= 0 && lines[before].trim().startsWith('<!--') ? lines[before] : undefined;
    out.push({
      file,
      line: start + 1,
      lang: open[1],
      text: body.join('\n') + '\n',
      marker: parseMarker(file, start + 1, comment),
    });
  }
  return out;
}

/** True for a block of shell commands. */
export function isShell(block: CodeBlock): boolean {
  return (SHELL_LANGUAGES as readonly string[]).includes(block.lang);
}

/**
 * The script of a shell block: a `console` block's commands are its `$ ` lines (the others are output);
 * any other shell block is a script as it stands.
 */
export function scriptOf(block: CodeBlock): string {
  if (block.lang !== 'console') return block.text;
  return (
    block.text
      .split('\n')
      .filter((l) => l.startsWith('$ '))
      .map((l) => l.slice(2))
      .join('\n') + '\n'
  );
}
