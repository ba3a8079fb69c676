import { Decimal } from 'decimal.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runInProcess as run } from '../docs/run-cli.js';

// The Bar of the foundation issue: `flat-channels activation --json` prints every derivative up to order 6, at 60 and
// 200 digits, correct to every printed digit. The reference is independent of this code: SymPy derivatives evaluated
// by mpmath at digits + 30 (scripts/golden/activations.py → test/fixtures/activation-golden.json).
interface GoldenCase {
  readonly name: string;
  readonly x: string;
  readonly digits: number;
  readonly derivatives: readonly string[];
}
const golden = JSON.parse(
  readFileSync(join(import.meta.dirname, '..', 'fixtures', 'activation-golden.json'), 'utf8'),
) as { readonly order: number; readonly cases: readonly GoldenCase[] };

const D = Decimal.clone({ precision: 400 });

/** Half a unit in the last of `digits` significant digits of `printed`: the error a correctly rounded value may have. */
function halfUlp(printed: Decimal.Instance, digits: number): Decimal.Instance {
  const e = printed.isZero() ? 0 : printed.abs().log(10).floor().toNumber();
  return new D(10).pow(e - digits + 1).div(2);
}

describe('activation --json against SymPy/mpmath golden derivatives (orders 0–6)', () => {
  for (const c of golden.cases) {
    it(`${c.name}(${c.x}) at ${c.digits} digits`, async () => {
      const r = await run([
        'activation',
        '--name',
        c.name,
        '--derivatives',
        '6',
        '--at',
        c.x,
        '--digits',
        String(c.digits),
        '--json',
      ]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const body = JSON.parse(r.stdout) as {
        name: string;
        x: string;
        digits: number;
        derivatives: string[];
        zeroWithin?: Record<string, string>;
      };
      expect(body.digits).toBe(c.digits);
      expect(body.derivatives).toHaveLength(7);
      body.derivatives.forEach((s, k) => {
        const exact = new D(c.derivatives[k] ?? 'NaN');
        const printed = new D(s);
        const bound = body.zeroWithin?.[String(k)];
        if (bound !== undefined) {
          // A true zero is printed as 0 with a bound; the reference must lie within it.
          expect(printed.isZero()).toBe(true);
          expect(exact.abs().lte(new D(bound)), `σ^(${k}) zero bound`).toBe(true);
          return;
        }
        // Never more digits than requested, and every printed digit correct (correct rounding).
        expect(s.replace(/^-?0?\.?0*|e.*$|\./g, '').length).toBeLessThanOrEqual(c.digits);
        const err = printed.minus(exact).abs();
        expect(err.lte(halfUlp(printed, c.digits)), `σ^(${k}): printed ${s}, exact ${c.derivatives[k]}`).toBe(
          true,
        );
      });
    });
  }
});
