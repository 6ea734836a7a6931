import { csvField } from './csv-file';

/**
 * CSV for people: files that a spreadsheet may open (import reports, `users list --output csv`). A value
 * that begins with `=`, `+`, `-`, `@`, a tab or a carriage return (or their full-width forms, which some
 * spreadsheets also read as formulas) is prefixed with a single quote, so that the spreadsheet shows it as
 * text instead of running it as a formula (CSV injection). The value is then quoted as CSV requires.
 * Files meant for programs (the CSV handed to Cognito's import job) are written without this.
 *
 * @see https://owasp.org/www-community/attacks/CSV_Injection
 */
const FORMULA_START = /^[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/;

/** `value`, made inert for a spreadsheet. */
export function neutralizeFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** One CSV field for a spreadsheet: neutralized, then quoted when needed. */
export function safeCsvField(value: string): string {
  const neutral = neutralizeFormula(value);
  return neutral !== value ? `"${neutral.replace(/"/g, '""')}"` : csvField(value);
}

/** One CSV line (with its line break) for a spreadsheet. */
export function safeCsvLine(values: readonly string[]): string {
  return values.map(safeCsvField).join(',') + '\n';
}
