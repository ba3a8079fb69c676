import type { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { resolveActivation } from '../../src/activations/index.js';
import { precision, type Precision } from '../../src/precision/context.js';
import { agrees, digitsAgreeing, scaleOf } from './helpers.js';

// Derivatives from jets against closed forms evaluated independently (plain decimal.js at 100 digits, no jets).
const P = precision(60);
const R = precision(100);
const D = R.D;
const POINTS = ['-7.5', '-3.25', '-1', '-0.3', '0', '0.0001', '0.5', '1.75', '4', '8'];

const exp = (x: Decimal): Decimal => x.exp();
const sig = (x: Decimal): Decimal => new D(1).div(new D(1).plus(x.neg().exp()));
const pi = new D(-1).acos();
const pdf = (x: Decimal): Decimal => exp(x.times(x).div(-2)).div(pi.times(2).sqrt());
/** Φ by its own Maclaurin series of erf at 100 + 40 digits (fine for |x| ≤ 8), independent of src/precision/special. */
function cdf(x: Decimal): Decimal {
  const w = precision(R.digits + 40);
  const u = new w.D(x).div(new w.D(2).sqrt());
  const u2 = u.times(u);
  let term = u;
  let sum = u;
  for (let n = 1; n < 2000; n++) {
    term = term.times(u2).neg().div(n);
    const add = term.div(2 * n + 1);
    sum = sum.plus(add);
    if (add.abs().lt(new w.D(10).pow(-w.digits - 5))) break;
  }
  const erf = sum.times(2).div(new w.D(-1).acos().sqrt());
  return new D(erf.plus(1).div(2));
}

/** σ, σ′, σ″, σ‴ in closed form. */
const CLOSED: Record<string, (x: Decimal) => Decimal[]> = {
  tanh: (x) => {
    const t = x.tanh();
    const s2 = new D(1).minus(t.times(t));
    return [t, s2, t.times(s2).times(-2), s2.times(t.times(t).times(6).minus(2))];
  },
  sigmoid: (x) => {
    const s = sig(x);
    const sq = s.times(new D(1).minus(s));
    return [s, sq, sq.times(new D(1).minus(s.times(2))), sq.times(new D(1).minus(sq.times(6)))];
  },
  softplus: (x) => {
    const s = sig(x);
    const sq = s.times(new D(1).minus(s));
    return [x.exp().plus(1).ln(), s, sq, sq.times(new D(1).minus(s.times(2)))];
  },
  erf: (x) => {
    const d = exp(x.times(x).div(-2)).times(new D(2).div(pi).sqrt());
    return [cdf(x).times(2).minus(1), d, x.neg().times(d), x.times(x).minus(1).times(d)];
  },
  gelu: (x) => {
    const p = pdf(x);
    const x2 = x.times(x);
    return [
      x.times(cdf(x)),
      cdf(x).plus(x.times(p)),
      p.times(new D(2).minus(x2)),
      x.times(p).times(x2.minus(4)),
    ];
  },
  silu: (x) => {
    const s = sig(x);
    const q = new D(1).minus(s);
    const sq = s.times(q);
    const d = q.minus(s);
    return [
      x.times(s),
      s.times(x.times(q).plus(1)),
      sq.times(x.times(d).plus(2)),
      sq.times(d.times(x.times(d).plus(3)).minus(x.times(sq).times(2))),
    ];
  },
  g: (x) => {
    const s4 = sig(x.times(4));
    const sq4 = s4.times(new D(1).minus(s4));
    const s = sig(x);
    const sq = s.times(new D(1).minus(s));
    return [
      s4.plus(x.exp().plus(1).ln()),
      sq4.times(4).plus(s),
      sq4
        .times(new D(1).minus(s4.times(2)))
        .times(16)
        .plus(sq),
      sq4
        .times(new D(1).minus(sq4.times(6)))
        .times(64)
        .plus(sq.times(new D(1).minus(s.times(2)))),
    ];
  },
};

function check(name: string, p: Precision): void {
  const act = resolveActivation(name);
  for (const x of POINTS) {
    const want = CLOSED[name]!(new D(x));
    const got = act.derivatives(x, 3, p);
    const scale = scaleOf(want);
    want.forEach((w, k) => {
      const g = got[k]!;
      expect(
        agrees(g, w, p.digits, scale),
        `${name}^(${k})(${x}): ${g} vs ${w} (${digitsAgreeing(g, w)} digits)`,
      ).toBe(true);
    });
  }
}

describe('derivatives agree with closed forms at 60 digits', () => {
  for (const name of Object.keys(CLOSED)) it(name, () => check(name, P));

  it("tanh‴ = −2(1 − tanh²)(1 − 3 tanh²) and the paper's erf″ = −x·erf′, erf‴ = (x² − 1)·erf′ at order 6", () => {
    for (const x of ['-2.5', '0.75', '3']) {
      const t = resolveActivation('tanh').derivatives(x, 6, P);
      const tx = new D(x).tanh();
      const s2 = new D(1).minus(tx.times(tx));
      const want3 = s2.times(new D(1).minus(tx.times(tx).times(3))).times(-2);
      expect(agrees(t[3]!, want3, 60, scaleOf(t))).toBe(true);
      const e = resolveActivation('erf').derivatives(x, 6, P);
      const X = new D(x);
      // The n-th derivative of e^(−x²/2) is (−1)^n He_n(x) e^(−x²/2): erf^(k+1) = √(2/π)(−1)^k He_k(x) e^(−x²/2).
      const he = [new D(1), X];
      for (let n = 1; n < 6; n++) he.push(X.times(he[n]!).minus(he[n - 1]!.times(n)));
      const base = exp(X.times(X).div(-2)).times(new D(2).div(pi).sqrt());
      for (let k = 1; k <= 6; k++) {
        const want = base.times(he[k - 1]!).times(k % 2 === 1 ? 1 : -1);
        expect(agrees(e[k]!, want, 60, scaleOf(e)), `erf^(${k})(${x})`).toBe(true);
      }
    }
  });

  it('softplus′ = sigmoid and g = sigmoid(4x) + softplus to order 8', () => {
    for (const x of ['-4', '0.2', '6.5']) {
      const sp = resolveActivation('softplus').derivatives(x, 8, P);
      const s = resolveActivation('sigmoid').derivatives(x, 7, P);
      const scale = scaleOf(sp);
      for (let k = 0; k < 8; k++) expect(agrees(sp[k + 1]!, s[k]!, 60, scale)).toBe(true);
      const g = resolveActivation('g').derivatives(x, 8, P);
      const s4 = resolveActivation('sigmoid').derivatives(new D(x).times(4), 8, precision(70));
      for (let k = 0; k <= 8; k++) {
        const want = s4[k]!.times(new D(4).pow(k)).plus(sp[k]!);
        expect(agrees(g[k]!, want, 60, scaleOf(g)), `g^(${k})(${x})`).toBe(true);
      }
    }
  });
});
