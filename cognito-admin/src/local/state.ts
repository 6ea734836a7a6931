/**
 * The local ids of what local mode created in the emulator (`.local/state.json`), by stack and by the
 * logical ids of its template, so that a restart reuses the pool, its users, clients and groups, and
 * switching stages back and forth finds each stage's pool again.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The local ids of one user pool and what belongs to it. */
export interface PoolState {
  readonly id: string;
  readonly arn?: string;
  /** Client logical id → client id. */
  readonly clients: Record<string, string>;
  /** Names of the groups local mode created. */
  readonly groups: string[];
}

/** The local ids of one stack. */
export interface StackState {
  /** User pool logical id → its state. */
  readonly userPools: Record<string, PoolState>;
}

/** The whole state file. */
export interface LocalState {
  readonly version: 1;
  /** Stack name → its state. */
  readonly stacks: Record<string, StackState>;
}

/** File name of the state, inside the local directory. */
export const STATE_FILE = 'state.json';

/** The state file as found: the state, or what is wrong with the file. */
export interface StateRead {
  readonly state?: LocalState;
  /** Why an existing file could not be used (not JSON, another shape); undefined when it was fine or absent. */
  readonly problem?: string;
}

/** Reads the state file in `dir`, and says what is wrong with it when it cannot be used. */
export function readStateFile(dir: string): StateRead {
  const file = path.join(dir, STATE_FILE);
  if (!fs.existsSync(file)) return {};
  let state: Partial<LocalState>;
  try {
    state = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<LocalState>;
  } catch (e) {
    return { problem: `${file} is not valid JSON (${e instanceof Error ? e.message : String(e)})` };
  }
  if (state?.version !== 1 || typeof state.stacks !== 'object' || state.stacks === null) {
    return { problem: `${file} is not a local mode state file (version 1 with stacks)` };
  }
  return { state: state as LocalState };
}

/** Reads the state in `dir`; undefined when there is none or it is not usable. */
export function readState(dir: string): LocalState | undefined {
  return readStateFile(dir).state;
}

/** Writes the state to `dir` atomically. */
export function writeState(dir: string, state: LocalState): void {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, STATE_FILE);
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`);
  fs.renameSync(tmp, file);
}
