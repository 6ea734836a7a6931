/** Secrets: asked on the terminal without echo, or read from standard input or the environment. */
import { CommanderError } from 'commander';
import type { AuthSecretNeeds, AuthSecretOptions, AuthSecrets } from '../admin/secret-input';
import { EXIT_INTERRUPTED, EXIT_USAGE, note } from './common';

/** Reads an answer from the terminal; a secret is not echoed. */
export async function promptSecret(question: string, secret: boolean): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY)
    throw new CommanderError(EXIT_USAGE, 'cognito-admin.noTerminal', `${question}: no terminal to ask on`);
  process.stderr.write(`${question}: `);
  if (!secret) {
    const readline = await import('node:readline/promises');
    const rl = readline.createInterface({ input: stdin, output: process.stderr, terminal: false });
    const answer = await rl.question('');
    rl.close();
    return answer.trim();
  }
  return new Promise((resolve, reject) => {
    let value = '';
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') {
          done();
          resolve(value);
          return;
        }
        if (char === '\u0003') {
          done();
          reject(new CommanderError(EXIT_INTERRUPTED, 'cognito-admin.interrupted', 'interrupted'));
          return;
        }
        value = char === '\u007f' ? value.slice(0, -1) : value + char;
      }
    };
    const done = () => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
    };
    stdin.on('data', onData);
  });
}

/**
 * The secrets of a command, none of which needs to be on the command line: each from standard input, the
 * flag (with a warning), the environment or the terminal (see ../admin/secret-input.ts).
 */
export async function secrets(options: AuthSecretOptions, needs: AuthSecretNeeds): Promise<AuthSecrets> {
  const { readAuthSecrets } = await import('../admin/secret-input');
  return readAuthSecrets(options, needs, {
    env: process.env,
    stdin: process.stdin,
    warn: note,
    prompt: process.stdin.isTTY ? (question) => promptSecret(question, true) : undefined,
  });
}
