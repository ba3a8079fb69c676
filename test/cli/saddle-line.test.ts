import { describe, expect, it } from 'vitest';
import { runInProcess as run } from '../docs/run-cli.js';

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
    for (const l of out.line) {
      expect(l.loss).toBe(out.criticalPoint.loss);
      expect(Number(l.gradNorm)).toBeLessThanOrEqual(1e-30);
      expect(l.inertia.neg + l.inertia.zero + l.inertia.pos).toBe(4);
    }
    expect(out.B.matrix).toHaveLength(1);
    expect(typeof out.prediction).toBe('string');
  }, 300_000);

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
  }, 300_000);

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
