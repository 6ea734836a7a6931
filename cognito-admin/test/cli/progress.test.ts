import { PassThrough } from 'node:stream';
import { createProgress, wantsBar } from '../../src/cli/progress';

function stream(isTTY: boolean): NodeJS.WriteStream & { text(): string } {
  const s = new PassThrough() as unknown as NodeJS.WriteStream & { text(): string };
  let text = '';
  (s as unknown as PassThrough).on('data', (chunk: Buffer) => (text += chunk.toString()));
  Object.assign(s, { isTTY, columns: 80, text: () => text });
  return s;
}

describe('progress', () => {
  test('a bar on a terminal, plain lines in CI or when not a terminal', () => {
    expect(wantsBar(stream(true), {})).toBe(true);
    expect(wantsBar(stream(true), { CI: 'true' })).toBe(false);
    expect(wantsBar(stream(true), { CI: 'false' })).toBe(true);
    expect(wantsBar(stream(false), {})).toBe(false);
  });

  test('plain output prints a line at most every interval, and a last line at the end', () => {
    const out = stream(false);
    const progress = createProgress({ stream: out, bar: false, intervalMs: 60_000 });
    progress.start('importing', 200);
    for (let done = 1; done <= 200; done++) progress.update(done);
    progress.stop();
    expect(out.text().trim().split('\n')).toEqual([
      expect.stringMatching(/^importing: 200\/200 \(100%\), [\d.]+\/s$/),
    ]);
  });
});
