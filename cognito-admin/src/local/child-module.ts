/**
 * Where a module that local mode runs in a child process lives: the TypeScript source under tsx or jest
 * (in this repository), the compiled JavaScript in the published package.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The file to start and the Node.js options it needs. */
export interface ChildModule {
  readonly file: string;
  readonly execArgv: string[];
}

/** The child module `name` (without extension) beside this file. */
export function childModule(name: string): ChildModule {
  const ts = path.join(__dirname, `${name}.ts`);
  if (fs.existsSync(ts)) return { file: ts, execArgv: ['--require', require.resolve('tsx/cjs')] };
  return { file: path.join(__dirname, `${name}.js`), execArgv: [] };
}
