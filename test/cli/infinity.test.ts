import { readFileSync } from 'node:fs';
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { runInProcess as run } from '../docs/run-cli.js';

// Written by scripts/golden/infinity.py: mpmath quadrature, findroot and a numerical second derivative.
interface GoldenPoint {
  w: string;
  loss: string;
  c: string;
  a: string;
  h: string;
  second: string;
  kind: string;
}
const golden = JSON.parse(readFileSync('test/fixtures/infinity-paper-toy.json', 'utf8')) as {
  criticalPoints: GoldenPoint[];
  oneNeuron: GoldenPoint;
};
const rel = (x: string, y: string, digits: number): boolean =>
  new Decimal(x)
    .minus(y)
    .abs()
    .lte(new Decimal(y).abs().times(new Decimal(10).pow(-digits)));

describe('flat-channels infinity', () => {
  it('paper-toy (figure 6c): two minima with h > 0, a saddle at the one-neuron loss, all digits as mpmath', async () => {
    const r = await run(['infinity', '--problem', 'paper-toy', '--digits', '12', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as {
      criticalPoints: (GoldenPoint & { hSign: string; curvature: string })[];
      oneNeuron: { w: string; loss: string; kind: string }[];
      zeros: { point: number; field: string }[];
    };
    expect(out.criticalPoints.map((p) => p.kind)).toEqual(['minimum', 'saddle', 'minimum']);
    expect(out.criticalPoints.map((p) => p.kind)).toEqual(golden.criticalPoints.map((p) => p.kind));
    out.criticalPoints.forEach((p, k) => {
      const g = golden.criticalPoints[k]!;
      for (const f of ['w', 'loss', 'c', 'h'] as const)
        expect(rel(p[f], g[f], 11), `${f} of point ${k}`).toBe(true);
      if (p.kind === 'minimum') {
        expect(rel(p.a, g.a, 11)).toBe(true);
        expect(p.hSign).toBe('+');
      }
      expect(rel(p.curvature, g.second, 6), `ℓ″ of point ${k}`).toBe(true);
    });
    // The saddle is the one-neuron network's critical point: a = 0 (to its bound) and the same loss.
    const saddle = out.criticalPoints[1]!;
    expect(saddle.a).toBe('0');
    expect(out.zeros).toEqual([expect.objectContaining({ point: 1, field: 'a' })]);
    expect(out.oneNeuron).toHaveLength(1);
    expect(out.oneNeuron[0]!.loss).toBe(saddle.loss);
    expect(out.oneNeuron[0]!.w).toBe(saddle.w);
    expect(rel(out.oneNeuron[0]!.loss, golden.oneNeuron.loss, 11)).toBe(true);
    // The lower minimum is the global optimum at infinity.
    expect(new Decimal(out.criticalPoints[2]!.loss).lt(out.criticalPoints[0]!.loss)).toBe(true);
  });

  it('rejects bad input with one line and exit 2', async () => {
    for (const args of [
      ['infinity', '--problem', 'paper-toy', '--pair', '1,3'],
      ['infinity', '--problem', 'paper-toy', '--pair', '-1,2'],
      ['infinity', '--problem', 'paper-toy', '--w-min', 'x'],
      ['infinity', '--problem', 'paper-toy', '--scan', '2'],
      ['infinity', '--problem', 'rosenbrock-2d'],
      // Issue 22: a range beyond float64 gave "0 critical points" with exit 0; so did a scan too coarse to bracket.
      ['infinity', '--problem', 'paper-toy', '--w-max', '1e400'],
      ['infinity', '--problem', 'paper-toy', '--w-min', '1e-400'],
      ['infinity', '--problem', 'paper-toy', '--w-max', '1e6', '--scan', '5'],
    ]) {
      const r = await run(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});
