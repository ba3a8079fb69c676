import { readFileSync } from 'node:fs';
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { runCli, runInProcess as run } from '../docs/run-cli.js';

const golden = JSON.parse(readFileSync('test/fixtures/follow-glu-teacher.json', 'utf8')) as {
  points: { A: string; lossA4: string }[];
};
const K = new Decimal(golden.points.find((p) => p.A === '1e30')?.lossA4 ?? 'NaN');

describe('flat-channels follow', () => {
  it('glu-teacher to 1e30: loss·A⁴ correct to 9+ digits against mpmath; forced --digits 60 raised and said so', async () => {
    const r = await run([
      'follow',
      '--problem',
      'glu-teacher',
      '--to',
      '1e30',
      '--points',
      '3',
      '--digits',
      '60',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as {
      status: string;
      digitsRaised: boolean;
      points: {
        A: string;
        loss: string;
        digits: number;
        confirmedDigits: number;
        raisedFrom?: number;
        invEps: string;
      }[];
    };
    expect(out.status).toBe('reached');
    expect(out.digitsRaised).toBe(true);
    expect(out.points.map((p) => p.confirmedDigits)).toEqual([20, 20, 20]);
    // Only confirmed digits are printed: no value has more than 20 significant digits.
    for (const p of out.points) expect(new Decimal(p.loss).sd()).toBeLessThanOrEqual(20);
    expect(r.stderr).toMatch(/--digits 60 is too few .* raised to/);
    const last = out.points[out.points.length - 1]!;
    expect(last.A).toBe('1e+30');
    expect(last.raisedFrom).toBe(60);
    expect(last.digits).toBeGreaterThanOrEqual(120);
    const lossA4 = new Decimal(last.loss).times(new Decimal(last.A).pow(4));
    expect(lossA4.minus(K).abs().div(K).lt('1e-12')).toBe(true);
    // Decimal strings everywhere.
    expect(typeof last.invEps).toBe('string');
  });

  it('--time adds t (0 at the start, then growing) and its error bound to every point', async () => {
    const r = await run([
      'follow',
      '--problem',
      'glu-teacher',
      '--to',
      '100',
      '--points',
      '2',
      '--time',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as {
      route: string;
      points: { A: string; loss: string; t: string; tError: string }[];
    };
    expect(out.route).toBe('continuation');
    expect(out.points.map((p) => p.t)[0]).toBe('0');
    const last = out.points[1]!;
    const t = new Decimal(last.t);
    expect(new Decimal(last.tError).lt(t.times('1e-12'))).toBe(true);
    // Printed to the digits the estimate supports, at most 12: the estimate is within half a unit of the last one.
    expect(t.sd()).toBeLessThanOrEqual(12);
    expect(new Decimal(last.tError).lte(new Decimal(10).pow(t.e - 11).div(2))).toBe(true);
    // Time law of a realisable GLU target: 12 K t ≈ A⁶ − A₀⁶ (K = loss·A⁴), to O(A⁻²).
    const K = new Decimal(last.loss).times(new Decimal(last.A).pow(4));
    const ratio = t
      .times(K)
      .times(12)
      .div(new Decimal(100).pow(6).minus(new Decimal('4.75').pow(6)));
    expect(ratio.minus(1).abs().lt('1e-3')).toBe(true);
  });

  it('rejects bad input with one line and exit 2', async () => {
    for (const args of [
      ['follow', '--problem', 'glu-teacher', '--to', 'abc'],
      ['follow', '--problem', 'glu-teacher', '--to', '2'],
      ['follow', '--problem', 'glu-teacher', '--to', '1e5', '--points', '1'],
      ['follow', '--problem', 'glu-teacher', '--to', '1e5', '--pair', '1,1'],
      ['follow', '--problem', 'glu-teacher', '--to', '1e5', '--init', '{"w": [["1"]], "a": ["1"]}'],
      ['follow', '--problem', 'glu-teacher'],
      ['follow', '--problem', 'glu-teacher', '--to', '1e5', '--route', 'leap'],
      ['follow', '--problem', 'glu-teacher', '--to', '1e5', '--route', 'jump', '--time'],
    ]) {
      const r = await run(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });

  it('the real binary prints help with an example', () => {
    const r = runCli(['follow', '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('flat-channels follow --problem glu-teacher --to 1e30');
  });
});
