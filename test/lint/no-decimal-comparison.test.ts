import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The rule needs type information, so lint real files inside this project (the tsconfig's project service).
const root = join(import.meta.dirname, '..', '..');

async function lintSource(source: string): Promise<string[]> {
  // Not a dot-directory: TypeScript's `include` globs skip those, and the rule needs the file in the project.
  const dir = mkdtempSync(join(root, 'test', 'lint', 'tmp-'));
  const file = join(dir, 'sample.ts');
  writeFileSync(file, source);
  const eslint = new ESLint({ cwd: root });
  const [result] = await eslint
    .lintFiles([file])
    .finally(() => rmSync(dir, { recursive: true, force: true }));
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'flat-channels/no-decimal-comparison')
    .map((m) => m.message);
}

describe('lint rule flat-channels/no-decimal-comparison', () => {
  it('rejects <, >, <=, >=, ==, === between Decimals and against numbers', async () => {
    const messages = await lintSource(
      [
        "import { Decimal } from 'decimal.js';",
        'const a = new Decimal(10);',
        'const b = new Decimal(9);',
        'export const r = [a > b, a < b, a <= b, a >= b, a == b, a === b, a > 3, 3 < b];',
      ].join('\n'),
    );
    expect(messages).toHaveLength(8);
    expect(messages[0]).toContain('valueOf() is a string');
  });

  it('allows method comparisons, nullish checks and plain numbers', async () => {
    const messages = await lintSource(
      [
        "import { Decimal } from 'decimal.js';",
        'const a: Decimal | undefined = new Decimal(10);',
        'const n = 3;',
        'export const r = [a?.gt(2), a === undefined, a !== null, n > 2, a?.cmp(1) === 1];',
      ].join('\n'),
    );
    expect(messages).toEqual([]);
  });
});
