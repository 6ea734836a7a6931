/** Asking on the terminal: secrets without echo. */
import { CommanderError } from 'commander';
import { EXIT_INTERRUPTED, EXIT_USAGE } from './common';

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

/** A password: the flag's value, else COGNITO_ADMIN_PASSWORD, else asked on the terminal. */
export async function password(given: string | undefined, question: string): Promise<string> {
  if (given) return given;
  if (process.env.COGNITO_ADMIN_PASSWORD) return process.env.COGNITO_ADMIN_PASSWORD;
  return promptSecret(question, true);
}

/** A new password: the flag's value, else COGNITO_ADMIN_NEW_PASSWORD, else asked on the terminal. */
export async function newPassword(given: string | undefined, question = 'New password'): Promise<string> {
  if (given) return given;
  if (process.env.COGNITO_ADMIN_NEW_PASSWORD) return process.env.COGNITO_ADMIN_NEW_PASSWORD;
  return promptSecret(question, true);
}
