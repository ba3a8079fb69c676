import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { itLong } from '../_support/tier.js';
import { ROOT } from '../docs/run-cli.js';

/**
 * Every program in examples/ is run as a user would run it (`npx tsx examples/NAME.ts`, here `node --import tsx`):
 * it must exit 0, print something, and write nothing to stderr. The examples check their own results and throw
 * (exit 1) when the mathematics does not come out, so this also tests what they claim.
 */
const dir = join(ROOT, 'examples');
// Each example takes under 20 s of CPU; they run at once (separate processes) and without a wall-clock limit, since
// on a loaded machine the wall time of one is many times its CPU time (vitest.config.ts sets no timeouts).
const examples = readdirSync(dir)
  .filter((f) => f.endsWith('.ts'))
  .sort();
/**
 * Examples run in the long tier only. Measured (`/usr/bin/time node --import tsx examples/NAME.ts`, load ≈ 27):
 * adam-then-unmask 11.0 s of CPU (a float64 Adam run, then the 30-digit flow and continuation to A = 10⁸); the
 * others 1.0–4.2 s each.
 */
const LONG_EXAMPLES: ReadonlySet<string> = new Set(['adam-then-unmask.ts']);

function runExample(file: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(dir, file)], {
      cwd: ROOT,
      env: { ...process.env, FORCE_COLOR: '0', NODE_NO_WARNINGS: '1' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('examples/', () => {
  it('has examples', () => expect(examples.length).toBeGreaterThanOrEqual(2));

  // Concurrent: each example is its own process, and most of their time is start-up.
  const runsAndPrints = async (file: string): Promise<void> => {
    const r = await runExample(file);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).not.toBe('');
  };
  it.concurrent.each(examples.filter((f) => !LONG_EXAMPLES.has(f)))(
    '%s exits 0 and prints its result',
    runsAndPrints,
  );
  for (const file of examples.filter((f) => LONG_EXAMPLES.has(f))) {
    itLong(`${file} exits 0 and prints its result`, () => runsAndPrints(file));
  }

  it('import the public API only (../src/index.js), as a user of the package would', () => {
    for (const file of examples) {
      const text = readFileSync(join(dir, file), 'utf8');
      for (const m of text.matchAll(/from '([^']+)'/g)) {
        expect(m[1], `${file} imports ${m[1]}`).toMatch(/^(\.\.\/src\/index\.js|node:.*|decimal\.js)$/);
      }
    }
  });
});
