import { repairNpmArgv } from '../../src/cli/npm-flags';

const NODE = ['node', 'cognito-admin'];
/** The environment of `npm run local <flags>` as npm 11 leaves it. */
const npm = (config: Record<string, string> = {}): NodeJS.ProcessEnv => ({
  npm_lifecycle_event: 'local',
  ...Object.fromEntries(Object.entries(config).map(([k, v]) => [`npm_config_${k}`, v])),
});

describe('options npm keeps for itself (npm run local --flag, without --)', () => {
  test('outside npm, or for another command, the command line is left as it is', () => {
    const argv = [...NODE, 'local', '--port', '0'];
    expect(repairNpmArgv(argv, { npm_config_reset: 'true' })).toEqual({ argv, notes: [] });
    const users = [...NODE, 'users', 'list'];
    expect(repairNpmArgv(users, npm({ reset: 'true' }))).toEqual({ argv: users, notes: [] });
  });

  test('npm run local --reset: taken as meant, with the command line for next time', () => {
    const repaired = repairNpmArgv([...NODE, 'local'], npm({ reset: 'true' }));
    expect(repaired.argv).toEqual([...NODE, 'local', '--reset']);
    expect(repaired.error).toBeUndefined();
    expect(repaired.notes).toEqual([
      'npm kept --reset for itself (it passes options on only after "--"); taken as meant. Next time: npm run local -- --reset',
    ]);
  });

  test('npm run local --port 9300: one option with a value arrives as a bare argument and is paired again', () => {
    const repaired = repairNpmArgv([...NODE, 'local', '9300'], npm({ port: 'true' }));
    expect(repaired.argv).toEqual([...NODE, 'local', '--port', '9300']);
    expect(repaired.notes[0]).toMatch(/Next time: npm run local -- --port 9300$/);
  });

  test('options after -- are kept beside the recovered ones; global options before local stay in place', () => {
    const repaired = repairNpmArgv(
      [...NODE, '--json', 'local', 'prod', '--quiet', '--port', '0'],
      npm({ reset: 'true', stage: 'true' }),
    );
    expect(repaired.argv).toEqual([
      ...NODE,
      '--json',
      'local',
      '--reset',
      '--stage',
      'prod',
      '--quiet',
      '--port',
      '0',
    ]);
  });

  test("-c key=value is npm's own -c (--call): its value comes along whole", () => {
    const repaired = repairNpmArgv([...NODE, 'local'], npm({ call: 'stage=prod' }));
    expect(repaired.argv).toEqual([...NODE, 'local', '-c', 'stage=prod']);
  });

  test('several options with values cannot be paired for sure: a usage error with the command line to type', () => {
    const repaired = repairNpmArgv(
      [...NODE, 'local', '9300', 'prod'],
      npm({ port: 'true', stage: 'true', reset: 'true' }),
    );
    expect(repaired.error).toBe(
      'npm kept --reset --port --stage for itself (npm passes options on only after "--") and passed 9300 prod on their own; ' +
        'run: npm run local -- --reset --port <value> --stage <value>',
    );
  });

  test('a value that did not arrive is named', () => {
    const repaired = repairNpmArgv([...NODE, 'local'], npm({ code: 'true' }));
    expect(repaired.error).toBe(
      'npm kept --code for itself and its value was lost; run: npm run local -- --code <value>',
    );
  });

  test('an option given properly after -- is not taken twice', () => {
    const argv = [...NODE, 'local', '--reset'];
    expect(repairNpmArgv(argv, npm({ reset: 'true' }))).toEqual({ argv, notes: [] });
  });
});
