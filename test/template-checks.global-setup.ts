import * as fs from 'node:fs';
import * as path from 'node:path';
import { RUN_DIR_ENV } from './template-checks';

/** Creates the run's folder of recorded templates; the test workers inherit its name through the environment. */
export default function setup(): void {
  const dir = path.join(__dirname, '.tmp', `template-checks-${process.pid}-${Date.now()}`);
  fs.mkdirSync(dir, { recursive: true });
  process.env[RUN_DIR_ENV] = dir;
}
