import * as fs from 'node:fs';
import * as path from 'node:path';
import { tmpDir } from '../util';

const root = path.resolve(__dirname, '../..');

/** The ```ts blocks of a markdown file. */
function tsBlocks(file: string): string[] {
  const text = fs.readFileSync(path.join(root, file), 'utf8');
  return [...text.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
}

describe('README examples', () => {
  const blocks = tsBlocks('README.md');

  test('there is at least one TypeScript example', () => {
    expect(blocks.length).toBeGreaterThan(0);
  });

  test('the first example synthesizes', () => {
    const dir = tmpDir('readme-run');
    const code = blocks[0].replace(
      /from 'cdk-cognito-auth'/g,
      `from ${JSON.stringify(path.join(root, 'lib'))}`,
    );
    const file = path.join(dir, 'example.ts');
    fs.writeFileSync(file, `${code}\nexport const assembly = app.synth();\n`);
    const previous = process.env.CDK_OUTDIR;
    process.env.CDK_OUTDIR = path.join(dir, 'cdk.out');
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { assembly } = require(file) as {
        assembly: { stacks: Array<{ template: { Resources: Record<string, { Type: string }> } }> };
      };
      const types = Object.values(assembly.stacks[0].template.Resources).map((r) => r.Type);
      expect(types).toEqual(
        expect.arrayContaining([
          'AWS::Cognito::UserPool',
          'AWS::Lambda::Function',
          'AWS::Cognito::IdentityPool',
        ]),
      );
    } finally {
      if (previous === undefined) delete process.env.CDK_OUTDIR;
      else process.env.CDK_OUTDIR = previous;
    }
  });
});
