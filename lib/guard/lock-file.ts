import * as fs from 'node:fs';
import * as path from 'node:path';
import { CognitoAuthError } from '../errors';
import { Json, PoolLockEntry } from './lock-entry';

/** Version of the lock file format. */
export const LOCK_FILE_VERSION = 1;

/** The content of a lock file. */
export interface LockFileContent {
  readonly version: number;
  readonly pools: Record<string, PoolLockEntry>;
}

const HEADER =
  'Immutable settings of Cognito user pools, recorded by cdk-cognito-auth at synth. Commit this file; see docs/security.md.';

/** Reads a lock file; `undefined` when it does not exist. */
export function readLockFile(file: string): LockFileContent | undefined {
  if (!fs.existsSync(file)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new CognitoAuthError(
      'lock.file',
      `${JSON.stringify(file)} is not valid JSON (${(e as Error).message}); restore it from version control`,
    );
  }
  const content = parsed as { version?: unknown; pools?: unknown };
  if (content.version !== LOCK_FILE_VERSION || typeof content.pools !== 'object' || content.pools === null) {
    throw new CognitoAuthError(
      'lock.file',
      `${JSON.stringify(file)} is not a lock file of version ${LOCK_FILE_VERSION} (found version ${JSON.stringify(content.version)}); restore it from version control`,
    );
  }
  return { version: LOCK_FILE_VERSION, pools: content.pools as Record<string, PoolLockEntry> };
}

/** Renders a lock file: sorted keys, two-space indentation, a final newline, so equal content is equal text. */
export function renderLockFile(content: LockFileContent): string {
  return `${stableStringify({ comment: HEADER, pools: content.pools as unknown as Json, version: content.version }, 0)}\n`;
}

/** Writes the lock file unless it already holds exactly this content. Returns whether it wrote. */
export function writeLockFile(file: string, content: LockFileContent): boolean {
  const text = renderLockFile(content);
  if (fs.existsSync(file) && fs.readFileSync(file, 'utf8') === text) return false;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return true;
}

/** JSON with object keys sorted, so that the same value always renders to the same text. */
export function stableStringify(value: Json, indent = -1): string {
  const pad = (level: number) => (indent < 0 ? '' : `\n${'  '.repeat(level)}`);
  const sep = indent < 0 ? ':' : ': ';
  const render = (v: Json, level: number): string => {
    if (v === null || typeof v !== 'object') return JSON.stringify(v);
    if (Array.isArray(v)) {
      if (v.length === 0) return '[]';
      return `[${v.map((x) => `${pad(level + 1)}${render(x, level + 1)}`).join(',')}${pad(level)}]`;
    }
    const keys = Object.keys(v)
      .filter((k) => v[k] !== undefined)
      .sort();
    if (keys.length === 0) return '{}';
    return `{${keys.map((k) => `${pad(level + 1)}${JSON.stringify(k)}${sep}${render(v[k] as Json, level + 1)}`).join(',')}${pad(level)}}`;
  };
  return render(value, indent < 0 ? 0 : indent);
}
