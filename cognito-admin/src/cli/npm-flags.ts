/**
 * `npm run local --reset` (without `--`): npm keeps the flags it does not know for itself, warns
 * "Unknown cli config", and passes them on only as `npm_config_<name>=true` in the environment; the value
 * of a flag (`--port 9300`) arrives as a bare argument. This finds what npm swallowed from local mode's
 * options and gives it back: a switch as it was meant, one flag with a value when the pairing is certain,
 * else a usage error that shows the command line to type.
 */

/** Local mode's switches, by their `npm_config_` name. */
const SWITCHES: Readonly<Record<string, string>> = { reset: '--reset' };

/** Local mode's options that take a value, by their `npm_config_` name. */
const VALUED: Readonly<Record<string, string>> = {
  port: '--port',
  lambda_port: '--lambda-port',
  stage: '--stage',
  code: '--code',
  app: '--app',
  assembly: '--assembly',
  stack: '--stack',
  dir: '--dir',
  context: '--context',
};

/** The program's options that take a value (they may come before the command name). */
const GLOBAL_VALUED = [
  '--user-pool-id',
  '--config',
  '--stack',
  '--region',
  '--profile',
  '--endpoint',
  '--rate',
  '--max-attempts',
];

/** The outcome of {@link repairNpmArgv}. */
export interface NpmRepair {
  /** The command line to parse. */
  readonly argv: string[];
  /** What was given back, for the user (one line each). */
  readonly notes: string[];
  /** Set when the command line cannot be recovered: what to type instead. */
  readonly error?: string;
}

/** Index of the command name in `argv` (after `node script` and the global options), or -1. */
function commandIndex(argv: readonly string[]): number {
  for (let i = 2; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') return -1;
    if (!arg.startsWith('-')) return i;
    if (GLOBAL_VALUED.includes(arg)) i++;
  }
  return -1;
}

/** The bare arguments of `local` (none are expected), with their positions. */
function bareArguments(args: readonly string[]): number[] {
  const valued = new Set([...Object.values(VALUED), '-c']);
  const out: number[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') break;
    if (valued.has(arg)) i++;
    else if (!arg.startsWith('-')) out.push(i);
  }
  return out;
}

/**
 * Gives `cognito-admin local` back the options npm swallowed, when it runs as an npm script
 * (`npm_lifecycle_event` set); any other command line is returned as it is.
 */
export function repairNpmArgv(argv: readonly string[], env: NodeJS.ProcessEnv): NpmRepair {
  const at = commandIndex(argv);
  const script = env.npm_lifecycle_event;
  if (!script || at < 0 || argv[at] !== 'local') return { argv: [...argv], notes: [] };
  const args = argv.slice(at + 1);
  const given = (flag: string): boolean => args.some((a) => a === flag || a.startsWith(`${flag}=`));
  const switches = Object.entries(SWITCHES)
    .filter(([name, flag]) => env[`npm_config_${name}`] === 'true' && !given(flag))
    .map(([, flag]) => flag);
  const valued = Object.entries(VALUED)
    .filter(([name, flag]) => env[`npm_config_${name}`] === 'true' && !given(flag))
    .map(([, flag]) => flag);
  // npm's own -c (--call) takes the value with it: -c stage=prod arrives whole.
  const call = env.npm_config_call && /^[^=\s]+=/.test(env.npm_config_call) ? env.npm_config_call : undefined;
  if (switches.length === 0 && valued.length === 0 && !call) return { argv: [...argv], notes: [] };

  const bare = bareArguments(args);
  const values = bare.map((i) => args[i]);
  const rest = args.filter((_, i) => !bare.includes(i));
  const typed = [...switches, ...valued, ...(call ? ['-c'] : [])].join(' ');
  const runLine = (options: string): string => `npm run ${script} -- ${options}`;
  if (valued.length > 1 || values.length > valued.length) {
    const wanted = [
      ...switches,
      ...(call ? [`-c ${call}`] : []),
      ...valued.map((flag) => `${flag} <${flag === '--context' ? 'key=value' : 'value'}>`),
    ].join(' ');
    return {
      argv: [...argv],
      notes: [],
      error:
        `npm kept ${typed} for itself (npm passes options on only after "--")` +
        (values.length ? ` and passed ${values.join(' ')} on their own` : '') +
        `; run: ${runLine(wanted)}`,
    };
  }
  const recovered = [
    ...switches,
    ...(call ? ['-c', call] : []),
    ...(valued.length === 1 ? [valued[0], ...values] : []),
  ];
  if (valued.length === 1 && values.length === 0) {
    return {
      argv: [...argv],
      notes: [],
      error: `npm kept ${valued[0]} for itself and its value was lost; run: ${runLine(`${valued[0]} <value>`)}`,
    };
  }
  return {
    argv: [...argv.slice(0, at + 1), ...recovered, ...rest],
    notes: [
      `npm kept ${recovered.join(' ')} for itself (it passes options on only after "--"); taken as meant. Next time: ${runLine(recovered.join(' '))}`,
    ],
  };
}
