import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { ROOT, runInProcess as run } from '../docs/run-cli.js';

/** Values of scripts/saddle-line-reference/generate.py (mpmath at 80 digits, independent of the toolkit). */
const REFERENCE = JSON.parse(
  readFileSync(join(ROOT, 'scripts', 'saddle-line-reference', 'reference.json'), 'utf8'),
) as Record<'paperToy' | 'misfitTwoParam', { w: string; a: string; loss: string; B: string }>;

/** The printed value is the reference rounded to its printed digits: off by at most half a unit of its last digit. */
function expectCorrectToPrinted(printed: string, reference: string, what: string): void {
  const D = Decimal.clone({ precision: 100 });
  const x = new D(printed);
  const lastDigit = new D(10).pow(x.e - (x.sd(true) - 1));
  expect(x.sd(true), `${what}: ${printed} has too few digits`).toBeGreaterThanOrEqual(28);
  expect(x.minus(reference).abs().lte(lastDigit.div(2)), `${what}: ${printed} vs ${reference}`).toBe(true);
}

interface SaddleLineJson {
  criticalPoint: { params: { w: string[][]; a: string[] }; loss: string; type: string };
  B: { matrix: string[][]; eigenvalues: string[]; definiteness: string };
  prediction: string;
  stableSegment: string;
  line: { gamma: string; inertia: { neg: number; zero: number; pos: number }; agrees?: boolean }[];
}

function expectAgainstReference(out: SaddleLineJson, ref: (typeof REFERENCE)['paperToy']): void {
  const w = out.criticalPoint.params.w[0]?.[0] ?? '';
  const a = out.criticalPoint.params.a[0] ?? '';
  // An odd σ: (w, a) and (−w, −a) are the same critical point; the reference gives the w > 0 representative.
  const flip = w.startsWith('-') ? (v: string): string => new Decimal(v).neg().toString() : (v: string) => v;
  expectCorrectToPrinted(flip(w), ref.w, 'w');
  expectCorrectToPrinted(flip(a), ref.a, 'a');
  expectCorrectToPrinted(out.criticalPoint.loss, ref.loss, 'loss');
  expectCorrectToPrinted(out.B.matrix[0]?.[0] ?? '', ref.B, 'B');
  expectCorrectToPrinted(out.B.eigenvalues[0] ?? '', ref.B, 'eigenvalue of B');
}

describe('flat-channels saddle-line', () => {
  it('negative γ parse; JSON has the documented shape; every θ_γ is critical at the base loss', async () => {
    const r = await run([
      'saddle-line',
      '--problem',
      'two-param',
      '--width',
      '1',
      '--gammas',
      '-1,0.5,2',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as {
      criticalPoint: { params: unknown; loss: string; gradNorm: string };
      B: { matrix: string[][]; eigenvalues: string[] };
      prediction: string;
      line: {
        gamma: string;
        loss: string;
        gradNorm: string;
        inertia: { neg: number; zero: number; pos: number };
      }[];
    };
    expect(out.line.map((l) => l.gamma)).toEqual(['-1', '0.5', '2']);
    // Not a minimum (a saddle with a = 0): the note says theorem 3 predicts no plateau and how to get a minimum.
    expect((out.criticalPoint as { note?: string }).note).toMatch(
      /not a minimum, so theorem 3 predicts no plateau segment; for a minimum, train first \(flat-channels flow --problem two-param --width 1\)/,
    );
    for (const l of out.line) {
      expect(l.loss).toBe(out.criticalPoint.loss);
      expect(Number(l.gradNorm)).toBeLessThanOrEqual(1e-30);
      expect(l.inertia.neg + l.inertia.zero + l.inertia.pos).toBe(4);
    }
    expect(out.B.matrix).toHaveLength(1);
    expect(typeof out.prediction).toBe('string');
  });

  it('--perturb: every line entry has a perturbation with the documented fields; the saddle is escaped', async () => {
    const r = await run([
      'saddle-line',
      '--problem',
      'two-param',
      '--width',
      '1',
      '--gammas',
      '0.5',
      '--perturb',
      '0.01',
      '--digits',
      '20',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as {
      line: { perturbation: Record<string, string> }[];
    };
    const pt = out.line[0]?.perturbation;
    expect(pt?.alpha).toBe('0.01');
    expect(pt?.direction).toBe('hessian');
    expect(pt?.distanceStart).toBe('0.01');
    // two-param's critical point has a* = 0 and a negative curvature: the flow leaves it and the loss drops.
    expect(pt?.verdict).toBe('escapes');
    expect(Number(pt?.distanceEnd)).toBeGreaterThan(0.01);
    expect(Number(pt?.lossDrop)).toBeGreaterThan(0);
    expect(Number(pt?.curvature)).toBeLessThan(0);
  });

  it('paper-toy at 30 digits: the one-neuron minimum, B > 0 and the stable segment γ ∈ (0, 1), every printed digit right against mpmath', async () => {
    const r = await run([
      'saddle-line',
      '--problem',
      'paper-toy',
      '--width',
      '1',
      '--digits',
      '30',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as SaddleLineJson;
    expect(out.criticalPoint.type).toBe('minimum');
    expectAgainstReference(out, REFERENCE.paperToy);
    expect(out.B.definiteness).toBe('positive definite');
    expect(out.prediction).toBe('inside');
    expect(out.stableSegment).toBe('γ ∈ (0, 1)');
  });

  it('misfit two-param (B < 0): stable outside [0, 1], every printed digit right against mpmath; the inertia agrees', async () => {
    const r = await run([
      'saddle-line',
      '--problem',
      join(ROOT, 'test', 'fixtures', 'saddle-line', 'two-param-misfit.json'),
      '--width',
      '1',
      '--digits',
      '30',
      '--gammas',
      '-1,0.5,2',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as SaddleLineJson;
    expect(out.criticalPoint.type).toBe('minimum');
    expectAgainstReference(out, REFERENCE.misfitTwoParam);
    expect(out.B.definiteness).toBe('negative definite');
    expect(out.stableSegment).toBe('γ ∉ [0, 1]');
    expect(out.line.map((l) => [l.gamma, l.inertia.neg, l.agrees])).toEqual([
      ['-1', 0, true],
      ['0.5', 1, true],
      ['2', 0, true],
    ]);
  });

  it('rejects bad input with one line and exit 2', async () => {
    for (const args of [
      ['saddle-line', '--problem', 'two-param', '--width', '1', '--gammas', '1,,2'],
      ['saddle-line', '--problem', 'two-param', '--width', '1', '--gammas', 'x'],
      ['saddle-line', '--problem', 'two-param', '--width', '3', '--gammas', '0.5'],
      ['saddle-line', '--problem', 'two-param', '--width', '1', '--neuron', '2', '--gammas', '0.5'],
      ['saddle-line', '--problem', 'two-param', '--gammas', '0.5'],
      ['saddle-line', '--problem', 'two-param', '--width', '1', '--gammas', '0.5', '--perturb', '0'],
      ['saddle-line', '--problem', 'two-param', '--width', '1', '--gammas', '0.5', '--time', '3'],
      [
        'saddle-line',
        '--problem',
        'two-param',
        '--width',
        '1',
        '--gammas',
        '0.5',
        '--perturb',
        '1e-2',
        '--direction',
        'x',
      ],
      [
        'saddle-line',
        '--problem',
        'two-param',
        '--width',
        '1',
        '--gammas',
        '0.5',
        '--perturb',
        '1e-2',
        '--time',
        '-1',
      ],
    ]) {
      const r = await run(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});
