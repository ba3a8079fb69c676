import type { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import {
  integrateLogPower,
  type LogPowerOptions,
  type PowerSample,
} from '../../src/landscape/_internals/log-power-quadrature.js';
import { timeDigits } from '../../src/landscape/_internals/time-digits.js';
import { precision } from '../../src/precision/context.js';

const Q = precision(60);
type F = (s: Decimal) => Decimal;

// Integrands shaped like a flow-time density (a power of A = e^s with corrections), with closed-form integrals.
const cases: { name: string; F: F; I: F }[] = [
  {
    // A⁶(1 + 3A⁻² − 2A⁻⁴): the realisable-GLU shape; ∫ = e^{6s}/6 + 3e^{4s}/4 − e^{2s}.
    name: 'A⁶ series in A⁻²',
    F: (s) => s.times(6).exp().plus(s.times(4).exp().times(3)).minus(s.times(2).exp().times(2)),
    I: (s) => s.times(6).exp().div(6).plus(s.times(4).exp().times(3).div(4)).minus(s.times(2).exp()),
  },
  {
    // A⁴(1 + sin(s)/2), not a series in A⁻²: ∫ e^{4s} sin s ds = e^{4s}(4 sin s − cos s)/17.
    name: 'A⁴ with an oscillating factor',
    F: (s) =>
      s
        .times(4)
        .exp()
        .times(new Q.D(1).plus(s.sin().div(2))),
    I: (s) =>
      s
        .times(4)
        .exp()
        .div(4)
        .plus(s.times(4).exp().times(s.sin().times(4).minus(s.cos())).div(34)),
  },
];

function run(f: F, a: string, b: string, options: LogPowerOptions = {}) {
  const end = (s: Decimal): PowerSample<null> => ({ s, F: f(s), state: null });
  let calls = 0;
  const out = integrateLogPower(
    end(new Q.D(a)),
    end(new Q.D(b)),
    (s) => {
      calls++;
      return end(new Q.D(s));
    },
    options,
  );
  if (out === undefined) throw new Error('no integral');
  return { ...out, calls };
}

describe('integrateLogPower (adaptive quadrature of the flow time) against closed forms', () => {
  for (const c of cases) {
    it(`${c.name}: over 8 decades of A (s from ln 3 to ln 3e8) the error is within the estimate and the estimate within relTol`, () => {
      const [a, b] = [new Q.D(3).ln(), new Q.D('3e8').ln()];
      const out = run(c.F, a.toString(), b.toString());
      const exact = c.I(b).minus(c.I(a));
      const actual = out.value.minus(exact).abs();
      expect(actual.lte(out.error), `${actual.toString()} > ${out.error.toString()}`).toBe(true);
      expect(out.error.lte(exact.abs().times('1e-13'))).toBe(true);
      expect(out.pieces).toBeGreaterThanOrEqual(8); // at least one piece per decade
      expect(out.calls).toBe(out.samples);
    });

    it(`${c.name}: with refinement forbidden (one piece per decade, at most 8) the estimate still covers the error`, () => {
      const [a, b] = [new Q.D(3).ln(), new Q.D('3e8').ln()];
      const out = run(c.F, a.toString(), b.toString(), { maxPieces: 8, nodes: 4 });
      const exact = c.I(b).minus(c.I(a));
      expect(out.pieces).toBe(8);
      expect(out.value.minus(exact).abs().lte(out.error)).toBe(true);
    });
  }

  it('one piece spanning 8 decades (the old rule, substitution by the fitted power) is much worse: why pieces exist', () => {
    // Single piece with the fitted power κ: y = e^{κ(s − s_a)}, nodes all near the top.
    const c = cases[0]!;
    const [a, b] = [new Q.D(3).ln(), new Q.D('3e8').ln()];
    const kappa = c.F(b).div(c.F(a)).ln().div(b.minus(a)).toNumber();
    const one = run(c.F, a.toString(), b.toString(), { maxPieces: 1, pieceWidth: 100, power: kappa });
    const many = run(c.F, a.toString(), b.toString());
    const exact = c.I(b).minus(c.I(a));
    expect(one.value.minus(exact).abs().gt(many.value.minus(exact).abs().times(1e6))).toBe(true);
  });
});

describe('timeDigits: the digits of t its error estimate supports', () => {
  it('keeps the estimate within half a unit of the last digit (brute force against the definition)', () => {
    for (const [t, err] of [
      ['3.6014e45', '1.3e40'],
      ['9.99e23', '4e18'],
      ['1.0e10', '5e-3'],
      ['123.456', '0.04'],
    ] as const) {
      const n = timeDigits(new Q.D(t), new Q.D(err), 40);
      const unit = (k: number): Decimal => new Q.D(10).pow(new Q.D(t).e - k + 1);
      expect(new Q.D(err).lte(unit(n).div(2)), `${t} ± ${err}: ${n}`).toBe(true);
      expect(new Q.D(err).lte(unit(n + 1).div(2)), `${t} ± ${err}: ${n + 1}`).toBe(false);
    }
    expect(timeDigits(new Q.D('3.6e45'), new Q.D('1e20'), 12)).toBe(12);
    expect(timeDigits(new Q.D(5), new Q.D(20), 12)).toBe(0);
  });
});
