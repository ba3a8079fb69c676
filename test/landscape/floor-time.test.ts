import type { Decimal } from 'decimal.js';
import { describe, expect, it, beforeAll } from 'vitest';
import { integrate } from '../../src/flow/integrate.js';
import { networkObjective } from '../../src/flow/objective.js';
import { gaussLegendre } from '../../src/landscape/_internals/gauss-legendre.js';
import { digitsForA, followChannel } from '../../src/landscape/follow-channel.js';
import { precision } from '../../src/precision/context.js';
import { gluData, gluNetwork, gluStart } from './_glu-teacher.js';

const Q = precision(40);

describe('Gauss–Legendre rule (quadrature of the flow time)', () => {
  it('n = 2 has nodes ±1/√3 (closed form); n nodes integrate x^k exactly for k < 2n', () => {
    const two = gaussLegendre(2, Q);
    const r = new Q.D(1).div(new Q.D(3).sqrt());
    expect(two.nodes.map((x) => x.abs().minus(r).abs().lt('1e-38'))).toEqual([true, true]);
    for (const n of [1, 4, 6]) {
      const { nodes, weights } = gaussLegendre(n, Q);
      for (let k = 0; k < 2 * n; k++) {
        const sum = nodes.reduce((s, x, i) => s.plus((weights[i] as Decimal).times(x.pow(k))), new Q.D(0));
        const exact = k % 2 === 1 ? new Q.D(0) : new Q.D(2).div(k + 1);
        expect(sum.minus(exact).abs().lt('1e-37'), `n = ${n}, k = ${k}`).toBe(true);
      }
    }
  });
});

describe('gradient-flow time along the glu-teacher channel', () => {
  let out!: ReturnType<typeof followChannel>;
  beforeAll(() => {
    out = followChannel(gluNetwork, gluData, gluStart(Q), '1e6', {
      values: ['10', '1e3', '1e6'],
      time: true,
    });
  });

  it('starts at t = 0 and grows; the error estimate reaches the default 12 digits', () => {
    expect(out.kind).toBe('reached');
    expect(out.points[0]?.t?.isZero()).toBe(true);
    const ts = out.points.map((p) => p.t as Decimal);
    for (let k = 1; k < ts.length; k++) expect(ts[k]?.gt(ts[k - 1] as Decimal)).toBe(true);
    for (const p of out.points.slice(1))
      expect((p.tError as Decimal).lt((p.t as Decimal).times('5e-13'))).toBe(true);
  });

  it('obeys the time law of a realisable GLU target: A⁶ ≈ A₀⁶ + 12 K t with K = loss·A⁴ (mathematics.md §2)', () => {
    const A0 = out.points[0]?.A as Decimal;
    for (const [A, tol] of [
      ['1e3', '1e-6'],
      ['1e6', '2e-12'],
    ] as const) {
      const p = out.points.find((x) => x.A.eq(A));
      if (p === undefined) throw new Error(`no point at ${A}`);
      const K = p.loss.times(p.A.pow(4));
      const ratio = (p.t as Decimal)
        .times(K)
        .times(12)
        .div(p.A.pow(6).minus(A0.pow(6)));
      expect(ratio.minus(1).abs().lt(tol), `${A}: ${ratio.toString()}`).toBe(true);
    }
  });

  it('agrees with a direct flow integration over a short stretch (independent route: src/flow)', () => {
    const start = out.points[0]?.params as readonly Decimal[];
    const T = '1e6';
    const flow = integrate(networkObjective(gluNetwork, gluData), start, precision(30), {
      times: [T],
      method: 'float64',
      recordsPerDecade: 0,
    });
    const end = flow.states[0]?.params ?? [];
    const A = new Q.D(end[2] ?? 'NaN').minus(end[3] ?? 'NaN').div(2);
    expect(A.minus('4.76').abs().lt('0.01')).toBe(true); // it moved, a little
    const quad = followChannel(gluNetwork, gluData, start, A, { values: [A], time: true });
    const t = quad.points[1]?.t as Decimal;
    expect(t.minus(T).abs().div(T).lt('1e-6'), t.toString()).toBe(true);
  });

  it('precision ladder: forcing 20 more working digits gives the same t to its reported digits', () => {
    const hi = followChannel(gluNetwork, gluData, gluStart(Q), '10', {
      values: ['10'],
      time: true,
      digits: 53,
    });
    const lo = out.points.find((x) => x.A.eq(10));
    const t = lo?.t as Decimal;
    expect(hi.points[1]?.digits).toBe(53);
    const sd = t.sd();
    expect((hi.points[1]?.t as Decimal).toSignificantDigits(sd).eq(t)).toBe(true);
  });

  it('over 6.3 decades (4.75 → 1e7) one stretch agrees with seven per-decade stretches to 12 digits (two subdivisions)', () => {
    const one = followChannel(gluNetwork, gluData, gluStart(Q), '1e7', { values: ['1e7'], time: true });
    const seven = followChannel(gluNetwork, gluData, gluStart(Q), '1e7', {
      values: ['10', '100', '1e3', '1e4', '1e5', '1e6', '1e7'],
      time: true,
    });
    const a = one.points[1];
    const b = seven.points[7];
    if (a?.t === undefined || b?.t === undefined) throw new Error('no time');
    // The single-stretch rule of before (one Gauss pair over the whole stretch) was off by 3.3e-6 here.
    expect(a.t.sd()).toBeGreaterThanOrEqual(11); // 12 digits, a trailing zero possibly dropped
    const unit = a.t.abs().times('1e-11'); // one unit of the 12th digit, at most
    expect(a.t.minus(b.t).abs().lte(unit), `${a.t.toString()} vs ${b.t.toString()}`).toBe(true);
  });

  it('16 digits: 12Kt/(A⁶ − A₀⁶) − 1 follows the next order of the time law, c/A², with one c from A = 1e3 to 1e6', () => {
    // The density is A⁶ times a series in A⁻² (mathematics.md §2), so the deviation from the leading law is c/A²
    // + O(A⁻⁴); at A = 1e6 it is ≈ 4e-13: only a time good to 14+ digits resolves it (before: 4–5 digits).
    const deep = followChannel(gluNetwork, gluData, gluStart(Q), '1e6', {
      values: ['1e3', '1e6'],
      time: true,
      timeDigits: 16,
    });
    expect(deep.kind).toBe('reached');
    const A0 = deep.points[0]?.A as Decimal;
    const c = deep.points.slice(1).map((p) => {
      expect((p.tError as Decimal).lt((p.t as Decimal).times('1e-16'))).toBe(true);
      const K = p.loss.times(p.A.pow(4));
      const ratio = (p.t as Decimal)
        .times(K)
        .times(12)
        .div(p.A.pow(6).minus(A0.pow(6)));
      return ratio.minus(1).times(p.A.pow(2));
    });
    const [c3, c6] = c as [Decimal, Decimal];
    expect(c3.lt(0) && c3.abs().gt('0.1') && c3.abs().lt(10), c3.toString()).toBe(true);
    expect(c6.minus(c3).abs().lt(c3.abs().times('2e-3')), `${c3.toString()} vs ${c6.toString()}`).toBe(true);
  });

  it('precision ladder over 3.3 decades: every node solved at ≥ 62 digits (20 above what A = 1e4 needs) gives the same 12 digits', () => {
    const at = (digits?: number) =>
      followChannel(gluNetwork, gluData, gluStart(Q), '1e4', {
        values: ['1e4'],
        time: true,
        ...(digits === undefined ? {} : { digits }),
      }).points[1];
    const lo = at();
    const hi = at(digitsForA('1e4') + 20);
    if (lo?.t === undefined || hi?.t === undefined) throw new Error('no time');
    expect(lo.t.sd()).toBeGreaterThanOrEqual(11);
    expect(
      hi.t.toSignificantDigits(12).eq(lo.t.toSignificantDigits(12)),
      `${lo.t.toString()} vs ${hi.t.toString()}`,
    ).toBe(true);
  });
});
