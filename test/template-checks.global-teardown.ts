import { spawn, spawnSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Allowance, RUN_DIR_ENV, TemplateRecord } from './template-checks';

/** An error-level cfn-lint finding, as cached per template. */
interface Finding {
  rule: string;
  message: string;
  line: number;
  logicalId?: string;
}

interface LintMatch {
  Rule: { Id: string };
  Message: string;
  Filename: string;
  Location: { Start: { LineNumber: number }; Path?: Array<string | number> };
}

/** Results per template are kept here across runs, keyed by cfn-lint's version, the region and the template. */
const CACHE_DIR = path.join(__dirname, '.tmp', 'template-checks-cache');

function readJsonLines<T>(dir: string, prefix: string): T[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.startsWith(prefix) && f.endsWith('.jsonl'))
    .flatMap((f) =>
      fs
        .readFileSync(path.join(dir, f), 'utf8')
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l) as T),
    );
}

function runCfnLint(files: string[], region: string): Promise<LintMatch[]> {
  return new Promise((resolve, reject) => {
    const child = spawn('cfn-lint', ['--format', 'json', '--regions', region, '--', ...files], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      // The exit code is a bit mask of the levels found (2 errors, 4 warnings, 8 informational); 1 is a crash.
      try {
        resolve(JSON.parse(out || '[]') as LintMatch[]);
      } catch {
        reject(new Error(`cfn-lint exited with ${code}: ${err || out}`));
      }
    });
  });
}

/** Splits a list into at most `n` lists of about the same size. */
function chunks<T>(list: T[], n: number): T[][] {
  const size = Math.ceil(list.length / n);
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/**
 * Lints every distinct template the run's tests synthesized (test/template-checks.setup.ts recorded them)
 * and fails the run on an error-level cfn-lint finding that no `allowTemplateFindings` expects, or on an
 * allowance that nothing needed.
 */
export default async function teardown(): Promise<void> {
  const runDir = process.env[RUN_DIR_ENV];
  if (!runDir || !fs.existsSync(runDir)) return;
  const records = readJsonLines<TemplateRecord>(runDir, 'records-');
  const allowances = readJsonLines<Allowance>(runDir, 'allowances-');
  if (records.length === 0) {
    fs.rmSync(runDir, { recursive: true, force: true });
    return;
  }
  const version = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' });
  if (version.status !== 0) {
    console.warn(`cfn-lint is not on the PATH: the ${records.length} synthesized templates were not linted`);
    fs.rmSync(runDir, { recursive: true, force: true });
    return;
  }
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  const cacheFile = (hash: string): string =>
    path.join(
      CACHE_DIR,
      crypto.createHash('sha256').update(version.stdout.trim()).update(hash).digest('hex').slice(0, 24) +
        '.json',
    );

  // Distinct templates, by region; those linted by an earlier run come from the cache.
  const findings = new Map<string, Finding[]>();
  const todo = new Map<string, string[]>();
  for (const r of records) {
    if (findings.has(r.hash) || todo.get(r.region)?.includes(r.hash)) continue;
    const cached = cacheFile(r.hash);
    if (fs.existsSync(cached)) findings.set(r.hash, JSON.parse(fs.readFileSync(cached, 'utf8')) as Finding[]);
    else todo.set(r.region, [...(todo.get(r.region) ?? []), r.hash]);
  }
  const jobs: Array<Promise<void>> = [];
  const total = [...todo.values()].reduce((n, l) => n + l.length, 0);
  const parallel = Math.max(1, Math.min(os.availableParallelism(), Math.ceil(total / 10)));
  for (const [region, hashes] of todo) {
    for (const part of chunks(hashes, Math.max(1, Math.round((parallel * hashes.length) / total)))) {
      jobs.push(
        runCfnLint(
          part.map((h) => path.join(runDir, `${h}.template.json`)),
          region,
        ).then((matches) => {
          for (const h of part) findings.set(h, []);
          for (const m of matches) {
            if (!m.Rule.Id.startsWith('E')) continue; // warnings (W3005 for CDK's DependsOn ...) are not failures
            const h = path.basename(m.Filename).replace(/\.template\.json$/, '');
            const p = m.Location.Path ?? [];
            findings.get(h)?.push({
              rule: m.Rule.Id,
              message: m.Message,
              line: m.Location.Start.LineNumber,
              logicalId: p[0] === 'Resources' && p[1] !== undefined ? String(p[1]) : undefined,
            });
          }
          for (const h of part) fs.writeFileSync(cacheFile(h), JSON.stringify(findings.get(h)));
        }),
      );
    }
  }
  await Promise.all(jobs);

  const problems: string[] = [];
  const byHash = new Map<string, TemplateRecord[]>();
  for (const r of records) byHash.set(r.hash, [...(byHash.get(r.hash) ?? []), r]);
  for (const [hash, origins] of byHash) {
    for (const f of findings.get(hash) ?? []) {
      // A finding is expected when every test that synthesized the template expects it.
      const unexpected = origins.filter((o) => {
        const a = allowances.filter(
          (x) => x.rule === f.rule && x.file === o.file && (x.test === undefined || x.test === o.test),
        );
        for (const x of a) x.used = true;
        return a.length === 0;
      });
      if (unexpected.length === 0) continue;
      const where = f.logicalId
        ? `${unexpected[0].paths[f.logicalId] ?? '(no construct)'} (${f.logicalId})`
        : '(template)';
      problems.push(
        [
          `cfn-lint ${f.rule} at ${where}: ${f.message}`,
          `  template ${path.join(runDir, `${hash}.template.json`)}:${f.line} (region ${unexpected[0].region})`,
          ...unexpected
            .slice(0, 5)
            .map((o) => `  synthesized by ${o.file}: "${o.test ?? '(outside a test)'}", stack ${o.stack}`),
          ...(unexpected.length > 5 ? [`  and by ${unexpected.length - 5} more`] : []),
        ].join('\n'),
      );
    }
  }
  for (const a of allowances) {
    if (a.used) continue;
    problems.push(
      `${a.file}: allowTemplateFindings(['${a.rule}'], ...) in ${a.test ? `test "${a.test}"` : 'the file'} ` +
        `is not needed: no template it covers has that finding (reason given: ${a.reason})`,
    );
  }
  if (problems.length > 0) {
    throw new Error(
      `cfn-lint: ${problems.length} problem(s) in the templates the tests synthesized:\n\n${problems.join('\n\n')}\n\n` +
        'Fix the construct; a test that makes the template invalid on purpose calls allowTemplateFindings([rule], reason) ' +
        '(test/template-checks.ts).',
    );
  }
  fs.rmSync(runDir, { recursive: true, force: true });
}
