import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MUTANTS } from '../../mutants/catalogue.js';
import { applicationProblem, applyMutant, occurrences, type Mutant } from '../../mutants/mutant.js';

const ROOT = join(import.meta.dirname, '..', '..');

/**
 * The catalogue of mutants must stay applicable as the core changes: a snippet that no longer occurs exactly once
 * (someone edited the line) makes its mutant an `error` in the next `npm run mutants`. This test finds the drift at
 * once, without running verify (the full run is slow and not part of `npm test`).
 */
describe('mutant catalogue', () => {
  it('has unique kebab-case ids', () => {
    const ids = MUTANTS.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('has at least 35 non-equivalent mutants, each described', () => {
    expect(MUTANTS.filter((m) => m.equivalent !== true).length).toBeGreaterThanOrEqual(35);
    for (const m of MUTANTS) expect(m.description.trim(), m.id).not.toBe('');
  });

  it('gives every equivalent mutant its reason', () => {
    for (const m of MUTANTS.filter((x) => x.equivalent === true)) {
      expect(m.why?.trim() ?? '', m.id).not.toBe('');
    }
  });

  it('plants its bugs in the core, never in tests or the harness', () => {
    for (const m of MUTANTS) expect(m.file, m.id).toMatch(/^src\//);
  });

  it.each(MUTANTS.map((m) => [m.id, m] as const))(
    '%s: its snippet occurs exactly once in its file on the current tree',
    (_id, m: Mutant) => {
      expect(applicationProblem(ROOT, m)).toBeUndefined();
    },
  );
});

describe('applyMutant', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mutant-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = 'src/x.ts';
  const write = (text: string): void => {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  };
  const mutant = (find: string, replace: string): Mutant => ({
    id: 't',
    file,
    find,
    replace,
    kind: 'sign-flip',
    description: 'test',
  });

  it('replaces the one occurrence', () => {
    write('const a = 1 + 2;\nconst b = 3;\n');
    applyMutant(dir, mutant('1 + 2', '1 - 2'));
    expect(readFileSync(join(dir, file), 'utf8')).toBe('const a = 1 - 2;\nconst b = 3;\n');
  });

  it('refuses a missing or repeated snippet, and a missing file', () => {
    write('x + x;\n');
    expect(() => applyMutant(dir, mutant('x', 'y'))).toThrow(/occurs 2 times/);
    expect(() => applyMutant(dir, mutant('z', 'y'))).toThrow(/occurs 0 times/);
    expect(applicationProblem(dir, { ...mutant('x', 'y'), file: 'src/none.ts' })).toMatch(/does not exist/);
  });

  it('counts non-overlapping occurrences', () => {
    expect(occurrences('aaaa', 'aa')).toBe(2);
    expect(occurrences('abc', '')).toBe(0);
  });
});
