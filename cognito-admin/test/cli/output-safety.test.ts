import { parse } from 'csv-parse/sync';
import { neutralizeFormula, safeCsvLine } from '../../src/admin/csv-safe';
import { formatCsv, formatJson, formatTable } from '../../src/cli/output';
import { safeInline, safeTerminal } from '../../src/cli/terminal-safe';

describe('CSV for spreadsheets (OWASP CSV injection)', () => {
  test.each(['=HYPERLINK("http://evil.test","x")', '+1+1', '-2+3', '@SUM(A1)', '\tx', '\r=1', '＝1+1'])(
    '%j is written as text, not a formula',
    (value) => {
      const [row] = parse(safeCsvLine([value, 'ok'])) as string[][];
      expect(row).toEqual([`'${value}`, 'ok']);
    },
  );

  test('other values are written unchanged, quoted only where CSV needs it', () => {
    expect(safeCsvLine(['ana', 'a,b', 'say "hi"', 'x=1', ''])).toBe('ana,"a,b","say ""hi""",x=1,\n');
    expect(neutralizeFormula('ana@example.com')).toBe('ana@example.com');
  });

  test('users list --output csv neutralizes every cell', () => {
    const text = formatCsv(['username', 'nickname'], [['ana', '=cmd|"/C calc"!A0']]);
    expect(parse(text)).toEqual([
      ['username', 'nickname'],
      ['ana', `'=cmd|"/C calc"!A0`],
    ]);
  });
});

describe('text for a terminal', () => {
  const hostile = 'Ana\u001b[2J\u001b]0;owned\u0007\r\u009b31m\u202egnp.exe';

  test('escape sequences, carriage returns, C1 controls and bidirectional overrides are shown, not obeyed', () => {
    const safe = safeTerminal(hostile);
    expect(safe).toBe('Ana\\u001b[2J\\u001b]0;owned\\u0007\\u000d\\u009b31m\\u202egnp.exe');
    expect(safe).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e]/);
  });

  test('our own line breaks and tabs are kept; inside a value they are escaped', () => {
    expect(safeTerminal('a\tb\nc')).toBe('a\tb\nc');
    expect(safeInline('a\tb\nc')).toBe('a\\u0009b\\u000ac');
  });

  test('a table cell cannot forge a line or move the cursor', () => {
    const table = formatTable(['username', 'email'], [['ana\nroot  admin', hostile]]);
    expect(table.split('\n')).toHaveLength(3);
    expect(table).not.toContain('\u001b');
  });

  test('JSON output stays valid and equal once escaped', () => {
    const value = { name: hostile, note: 'x\u0085y' };
    expect(JSON.parse(safeTerminal(formatJson(value)))).toEqual(value);
  });
});
