/**
 * Text for a terminal. User data (names, attributes, messages from the service) may hold control
 * characters and escape sequences that a terminal would obey: move the cursor, rewrite earlier lines,
 * change the title, or reorder text (bidirectional overrides). They are shown as `\u001b`-style escapes
 * instead; tabs and line breaks of our own output are kept.
 */

/** C0 controls but tab and line feed, DEL, C1 controls, and the bidirectional embedding and isolate marks. */
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/** The same, with tab and line feed: for one value inside a line (a table cell). */
const UNSAFE_IN_LINE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

const escape = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * Text that is safe to print: every unsafe character becomes a visible `\uXXXX` escape. Inside a JSON
 * string that is the same character, so JSON output stays valid and equal.
 */
export function safeTerminal(text: string): string {
  return text.replace(UNSAFE, escape);
}

/** One value of a line (a table cell, a name in a message): line breaks and tabs are escaped too. */
export function safeInline(text: string): string {
  return text.replace(UNSAFE_IN_LINE, escape);
}
