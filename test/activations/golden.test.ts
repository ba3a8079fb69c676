import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveActivation } from '../../src/activations/index.js';
import { precision } from '../../src/precision/context.js';
import { agrees, digitsAgreeing, scaleOf } from './helpers.js';

// Golden derivatives from SymPy + mpmath (scripts/golden/activations.py), printed with digits + 30 digits:
// every derivative up to order 6 at 60 and 200 digits must agree with them to about one unit in the last place.
interface Golden {
  readonly order: number;
  readonly cases: readonly { name: string; x: string; digits: number; derivatives: string[] }[];
}
const golden = JSON.parse(
  readFileSync(join(import.meta.dirname, '..', 'fixtures', 'activation-golden.json'), 'utf8'),
) as Golden;

describe('registered activations against SymPy/mpmath golden values', () => {
  const names = [...new Set(golden.cases.map((c) => c.name))];
  for (const name of names) {
    it(name, () => {
      const act = resolveActivation(name);
      for (const c of golden.cases.filter((g) => g.name === name)) {
        const p = precision(c.digits);
        const got = act.derivatives(c.x, golden.order, p);
        const want = c.derivatives.map((s) => new (precision(c.digits + 30).D)(s));
        const scale = scaleOf(want);
        want.forEach((w, k) => {
          const g = got[k]!;
          expect(
            agrees(g, w, c.digits, scale, { ulps: 1 }),
            `${name}^(${k})(${c.x}) at ${c.digits}: ${g} vs ${w} (${digitsAgreeing(g, w)} digits)`,
          ).toBe(true);
        });
      }
    });
  }
});
