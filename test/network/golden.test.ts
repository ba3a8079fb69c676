import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { loadProblem } from '../../src/network/problem.js';
import { precision } from '../../src/precision/context.js';

// Written by scripts/golden/network.py (mpmath: plain sums, mp.diff derivatives, mp.quad population losses).
interface GoldenPoint {
  readonly params: string[];
  readonly loss: string;
  readonly gradient?: string[];
  readonly hessian?: string[][];
}
interface GoldenProblem {
  readonly name: string;
  readonly digits: number;
  readonly points: GoldenPoint[];
}
const golden = JSON.parse(
  readFileSync(join(import.meta.dirname, '..', 'fixtures', 'network-golden.json'), 'utf8'),
) as { problems: GoldenProblem[] };

/** |got − want| ≤ 2 units of the `digits`-th significant digit of want (absolutely ≤ 1e−60 for want ≈ 0). */
function withinUnits(got: Decimal, want: string, digits: number): boolean {
  const p = precision(100);
  const w = new p.D(want);
  const unit = w.abs().lt('1e-50') ? new p.D('1e-60') : new p.D(10).pow(w.abs().e - digits + 1);
  return new p.D(got).minus(w).abs().lte(unit.times(2));
}

describe('loss values against an independent implementation (mpmath)', () => {
  for (const name of ['two-param', 'glu-teacher']) {
    it(`${name}: loss, gradient and Hessian at 60 digits, within 2 units of the 60th digit`, () => {
      const problem = loadProblem(name);
      const g = golden.problems.find((x) => x.name === name)!;
      const p = precision(60);
      expect(g.points.length).toBeGreaterThanOrEqual(3);
      for (const point of g.points) {
        const flat = point.params.map((v) => new p.D(v));
        const r = problem.evaluate(flat, p, { hessian: true });
        expect(withinUnits(r.loss, point.loss, 60), `${name} loss at ${point.params.join(', ')}`).toBe(true);
        point.gradient!.forEach((v, i) =>
          expect(
            withinUnits(r.gradient![i]!, v, 60),
            `${name} gradient[${i}]: ${r.gradient![i]!.toString()} vs ${v}`,
          ).toBe(true),
        );
        point.hessian!.forEach((row, i) =>
          row.forEach((v, j) =>
            expect(withinUnits(r.hessian![i]![j]!, v, 60), `${name} hessian[${i}][${j}]`).toBe(true),
          ),
        );
      }
    });
  }

  it('paper-toy (population): at 40 working digits, ≥ 30 correct digits and an honest error estimate', () => {
    const problem = loadProblem('paper-toy');
    expect(problem.population).toBe(true);
    const g = golden.problems.find((x) => x.name === 'paper-toy')!;
    const p = precision(40);
    for (const point of g.points) {
      const r = problem.evaluate(
        point.params.map((v) => new p.D(v)),
        p,
        { gradient: false },
      );
      const want = new (precision(60).D)(point.loss);
      const error = want.minus(r.loss).abs();
      expect(error.lte(want.abs().times('1e-30')), `loss ${r.loss.toString()} vs ${point.loss}`).toBe(true);
      // The estimate must cover the actual error (the golden value has 45 digits) and promise ≥ 30 digits.
      const estimate = r.quadratureError!;
      expect(
        error.lte(estimate.plus('1e-44')),
        `error ${error.toString()} vs estimate ${estimate.toString()}`,
      ).toBe(true);
      expect(estimate.lte(want.abs().times('1e-30'))).toBe(true);
    }
  });
});
