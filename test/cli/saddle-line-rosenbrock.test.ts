import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { ROOT, runInProcess as run } from '../docs/run-cli.js';
import { itLong } from '../_support/tier.js';

/**
 * saddle-line on rosenbrock-2d (issue 15): the minima of width 1 and 2 against
 * scripts/saddle-line-reference/rosenbrock.json (generate.py rosenbrock: mpmath Newton at 50 digits with the loss,
 * gradient, Hessian and B written out by hand; independent of the toolkit).
 */
interface ReferencePoint {
  w: string[][];
  a: string[];
  loss: string;
  B: string[][];
  BEigenvalues: string[];
}
const REFERENCE = JSON.parse(
  readFileSync(join(ROOT, 'scripts', 'saddle-line-reference', 'rosenbrock.json'), 'utf8'),
) as Record<'width1Low' | 'width1High' | 'width2', ReferencePoint>;

interface SaddleLineJson {
  criticalPoint: { params: { w: string[][]; a: string[] }; loss: string; type: string; note?: string };
  B: { matrix: string[][]; eigenvalues: string[]; definiteness: string };
  prediction: string;
  stableSegment: string;
  line: { gamma: string; inertia: { neg: number; zero: number; pos: number }; agrees?: boolean }[];
}

/** The printed value is the reference rounded to its printed digits: off by at most half a unit of its last digit. */
function expectCorrectToPrinted(printed: string, reference: string, what: string, minDigits: number): void {
  const D = Decimal.clone({ precision: 100 });
  const x = new D(printed);
  const lastDigit = new D(10).pow(x.e - (x.sd(true) - 1));
  expect(x.sd(true), `${what}: ${printed} has too few digits`).toBeGreaterThanOrEqual(minDigits);
  expect(x.minus(reference).abs().lte(lastDigit.div(2)), `${what}: ${printed} vs ${reference}`).toBe(true);
}

function expectAgainst(out: SaddleLineJson, ref: ReferencePoint, minDigits: number): void {
  expect(out.criticalPoint.type).toBe('minimum');
  expect(out.criticalPoint.note).toBeUndefined();
  out.criticalPoint.params.w.forEach((row, k) =>
    row.forEach((x, c) => expectCorrectToPrinted(x, ref.w[k]![c]!, `w[${k}][${c}]`, minDigits)),
  );
  out.criticalPoint.params.a.forEach((x, k) => expectCorrectToPrinted(x, ref.a[k]!, `a[${k}]`, minDigits));
  expectCorrectToPrinted(out.criticalPoint.loss, ref.loss, 'loss', minDigits);
  out.B.matrix.forEach((row, i) =>
    row.forEach((x, j) => expectCorrectToPrinted(x, ref.B[i]![j]!, `B[${i}][${j}]`, minDigits - 3)),
  );
  out.B.eigenvalues.forEach((x, i) =>
    expectCorrectToPrinted(x, ref.BEigenvalues[i]!, `eigenvalue ${i} of B`, minDigits - 3),
  );
}

const args = (width: number, extra: string[]): string[] => [
  'saddle-line',
  '--problem',
  'rosenbrock-2d',
  '--width',
  String(width),
  ...extra,
];

describe('saddle-line on rosenbrock-2d', () => {
  it('--train and --init are checked before any work: one line, exit 2', async () => {
    for (const extra of [
      ['--train', '0'],
      ['--train', '-5'],
      ['--train', 'abc'],
      ['--train', '1e400'],
      ['--init', '{"w": [[1, 2]], "a": '],
    ]) {
      const r = await run(args(1, extra));
      expect(r.code, extra.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });

  // θ_γ at γ ∈ (0, 1) a minimum (no negative eigenvalue), outside a saddle, as B > 0 predicts; one zero: the line.
  function expectPlateauLine(out: SaddleLineJson): void {
    expect(out.B.definiteness).toBe('positive definite');
    expect(out.prediction).toBe('inside');
    expect(out.stableSegment).toBe('γ ∈ (0, 1)');
    expect(out.line.map((l) => [l.gamma, l.inertia.neg, l.inertia.zero, l.agrees])).toEqual([
      ['-1', 2, 1, true],
      ['0.5', 0, 1, true],
      ['2', 2, 1, true],
    ]);
  }

  itLong(
    'width 1, --train 1e4: the gradient flow ends at the minimum with loss 0.92785 (B > 0), every digit as mpmath',
    async () => {
      const r = await run(args(1, ['--train', '1e4', '--gammas', '-1,0.5,2', '--digits', '20', '--json']));
      expect(r.code, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout) as SaddleLineJson;
      expectAgainst(out, REFERENCE.width1High, 17);
      expectPlateauLine(out);
    },
  );

  itLong(
    'width 1, --init near the other minimum (loss 0.85744): Newton refines it, every digit as mpmath',
    async () => {
      const init = '{"w": [["-3.886", "2.2"]], "a": ["0.0985"]}';
      const r = await run(args(1, ['--init', init, '--digits', '20', '--json']));
      expect(r.code, r.stderr).toBe(0);
      expectAgainst(JSON.parse(r.stdout) as SaddleLineJson, REFERENCE.width1Low, 17);
    },
  );

  itLong(
    'width 2, --train 1e4: the minimum with loss 0.73944 (B of neuron 2 > 0), every digit as mpmath',
    async () => {
      const r = await run(args(2, ['--train', '1e4', '--gammas', '-1,0.5,2', '--digits', '20', '--json']));
      expect(r.code, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout) as SaddleLineJson;
      expectAgainst(out, REFERENCE.width2, 17);
      expectPlateauLine(out);
    },
  );

  itLong(
    'width 3, --train 1e4: the flow runs into a channel, and the command says so (exit 2, one line)',
    async () => {
      const r = await run(args(3, ['--train', '1e4', '--digits', '15']));
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(
        /the gradient flow from the problem's initial point runs into a channel by t = 10000/,
      );
      expect(r.stderr).toMatch(/no finite critical point lies ahead/);
    },
  );
});
