/**
 * Follows the emulator's log for the messages it would have sent (it writes them to its log instead of
 * e-mailing them), and reports each destination with its code.
 */
import * as fs from 'node:fs';

/** A message the emulator would have sent. */
export interface DeliveredCode {
  readonly destination: string;
  readonly code: string;
}

/** Strips ANSI colour codes. */
function plain(text: string): string {
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}

/** The codes in a piece of the emulator's log. */
export function parseCodes(text: string): DeliveredCode[] {
  const out: DeliveredCode[] = [];
  const blocks = plain(text).split('Confirmation Code Delivery').slice(1);
  for (const block of blocks) {
    const destination = /Destination:\s+([^\s│|]+)/.exec(block)?.[1];
    const code = /Code:\s+([^\s│|]+)/.exec(block)?.[1];
    if (destination && code) out.push({ destination, code });
  }
  return out;
}

/** Follows `logFile` from its current end; returns a function that stops following. */
export function followCodes(
  logFile: string,
  onCode: (code: DeliveredCode) => void,
  intervalMs = 300,
): () => void {
  let offset = fs.existsSync(logFile) ? fs.statSync(logFile).size : 0;
  let pending = '';
  const poll = (): void => {
    if (!fs.existsSync(logFile)) return;
    const size = fs.statSync(logFile).size;
    if (size <= offset) return;
    const fd = fs.openSync(logFile, 'r');
    const buffer = Buffer.alloc(size - offset);
    fs.readSync(fd, buffer, 0, buffer.length, offset);
    fs.closeSync(fd);
    offset = size;
    pending += buffer.toString('utf8');
    const lastBox = pending.lastIndexOf('╯');
    if (lastBox < 0) return;
    for (const code of parseCodes(pending.slice(0, lastBox + 1))) onCode(code);
    pending = pending.slice(lastBox + 1);
  };
  const timer = setInterval(poll, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** A code the local front made (a one-time sign-in code), to deliver like the emulator's codes. */
export interface FrontMessage {
  readonly username: string;
  /** The address the code goes to, in full (the API answers show it masked). */
  readonly destination: string;
  readonly code: string;
  /** What the code is for, e.g. `EMAIL_OTP sign-in`. */
  readonly purpose: string;
}

/**
 * Appends a message to the emulator's log in the shape of the emulator's own ("Confirmation Code
 * Delivery", one field a line, in a box), so that it is printed as a `[code]` line and found in the
 * log the way docs/local.md shows.
 */
export function appendCodeBlock(logFile: string, message: FrontMessage): void {
  const lines = [
    'Confirmation Code Delivery',
    '',
    `Username:    ${message.username}`,
    `Destination: ${message.destination}`,
    `Code:        ${message.code}`,
    `Purpose:     ${message.purpose}`,
  ];
  const width = Math.max(...lines.map((l) => l.length)) + 2;
  const box = [
    `╭${'─'.repeat(width)}╮`,
    ...lines.map((l) => `│ ${l.padEnd(width - 2)} │`),
    `╰${'─'.repeat(width)}╯`,
  ];
  fs.appendFileSync(logFile, `[front] ${new Date().toISOString()}\n${box.join('\n')}\n`);
}
