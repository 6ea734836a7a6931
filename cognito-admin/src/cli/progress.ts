/** Shows the progress of a long operation. */
export interface ProgressReporter {
  start(label: string, total: number): void;
  update(done: number, total?: number): void;
  stop(): void;
}

/** Options of {@link createProgress}. */
export interface ProgressOptions {
  /** @default process.stderr */
  readonly stream?: NodeJS.WriteStream;
  /** Draw a bar (a terminal) or print plain lines (CI, pipes). @default - a bar on a TTY unless CI is set */
  readonly bar?: boolean;
  /** Time between two plain lines. @default 5000 */
  readonly intervalMs?: number;
  /** @default process.env */
  readonly env?: NodeJS.ProcessEnv;
}

/** Whether to draw progress bars: on a terminal, and not in CI. */
export function wantsBar(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv = process.env): boolean {
  const ci = env.CI !== undefined && env.CI !== '' && env.CI !== 'false' && env.CI !== '0';
  return Boolean(stream.isTTY) && !ci;
}

function plain(stream: NodeJS.WriteStream, intervalMs: number): ProgressReporter {
  let label = '';
  let total = 0;
  let done = 0;
  let started = 0;
  let last = 0;
  const print = () => {
    const seconds = (Date.now() - started) / 1000;
    const rate = seconds > 0 ? (done / seconds).toFixed(1) : '0';
    const percent = total > 0 ? ` (${Math.floor((done / total) * 100)}%)` : '';
    stream.write(`${label}: ${done}/${total}${percent}, ${rate}/s\n`);
  };
  return {
    start(l, t) {
      label = l;
      total = t;
      done = 0;
      started = Date.now();
      last = started;
    },
    update(d, t) {
      done = d;
      if (t !== undefined) total = t;
      if (Date.now() - last >= intervalMs) {
        last = Date.now();
        print();
      }
    },
    stop() {
      if (started) print();
      started = 0;
    },
  };
}

function bar(stream: NodeJS.WriteStream): ProgressReporter {
  // Loaded only for a terminal: cli-progress is not needed for plain output.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const cliProgress = require('cli-progress') as typeof import('cli-progress');
  let current: InstanceType<typeof cliProgress.SingleBar> | undefined;
  return {
    start(label, total) {
      current?.stop();
      current = new cliProgress.SingleBar(
        {
          stream,
          format: `${label} [{bar}] {percentage}% {value}/{total} {eta_formatted} left`,
          hideCursor: true,
          etaBuffer: 200,
        },
        cliProgress.Presets.shades_classic,
      );
      current.start(total, 0);
    },
    update(done, total) {
      if (total !== undefined) current?.setTotal(total);
      current?.update(done);
    },
    stop() {
      current?.stop();
      current = undefined;
    },
  };
}

/** A progress bar on a terminal, plain periodic lines otherwise (CI, pipes, log files). */
export function createProgress(options: ProgressOptions = {}): ProgressReporter {
  const stream = options.stream ?? process.stderr;
  const useBar = options.bar ?? wantsBar(stream, options.env);
  return useBar ? bar(stream) : plain(stream, options.intervalMs ?? 5000);
}
