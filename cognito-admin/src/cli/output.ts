import { safeCsvLine as csvLine } from '../admin/csv-safe';
import { safeInline } from './terminal-safe';

/** A cell value of a table. */
export type Cell = string | number | boolean | Date | undefined;

function text(value: Cell): string {
  if (value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

/** Renders rows as an aligned text table with a header line; control characters in cells are escaped. */
export function formatTable(columns: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const cells = rows.map((row) => row.map((cell) => safeInline(text(cell))));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((row) => (row[i] ?? '').length)));
  const line = (values: readonly string[]) =>
    values
      .map((v, i) => (i === values.length - 1 ? v : v.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.toUpperCase())), ...cells.map(line)].join('\n') + '\n';
}

/** Renders rows as CSV with a header line; values a spreadsheet would run as formulas are neutralized. */
export function formatCsv(columns: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return csvLine(columns) + rows.map((row) => csvLine(row.map(text))).join('');
}

/** Renders a value as indented JSON (dates as ISO strings). */
export function formatJson(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}
