import { Decimal } from 'decimal.js';
import type { Activation } from '../activations/index.js';
import { InputError } from '../errors.js';
import { OutOfRangeError } from '../precision/out-of-range-error.js';
import { precision, type Precision } from '../precision/context.js';
import { errorBoundField, jetArithmetic, type Bounded, type ScalarField } from '../precision/jet/index.js';
import { certifyByErrorBounds, type BoundedValue } from '../precision/ladder.js';
import { projectPoint } from './_internals/pair-jet.js';
import type { Expr } from './expr.js';
import type { GluExpansion } from './glu-expansion.js';

/** Coefficient values at one point, certified by the ladder and compared with the jets of εF(ε) there. */
export type GluValues =
  | {
      readonly kind: 'values';
      /** One decimal string per coefficient (powers −1 … K), rounded to p.digits; exact zeros stay "0". */
      readonly values: readonly string[];
      /** Largest |value − jet| / max(|jet|, 10^−10 max|jet|) at p.digits + 20. */
      readonly jetDifference: string;
      readonly agreesWithJets: boolean;
    }
  | { readonly kind: 'uncertain'; readonly reason: string };

/**
 * The symbolic coefficients of a concrete-activation expansion evaluated at `point` (z, delta, c, a; or w_i,
 * Delta_i, x_i, c, a in the vector form): each value is confirmed by the precision ladder (recomputed 20 digits
 * higher) and compared with the Taylor-mode jet of εF(ε) at the same point; a disagreement is reported.
 */
export function gluValuesAt(
  expansion: GluExpansion,
  activation: Activation,
  point: Readonly<Record<string, string>>,
  p: Precision,
): GluValues {
  // Every value carries a running error bound (errorBoundField), so that a coefficient that cancels — σ = cosh² −
  // sinh² at z = 100 gives 0 at 30 and at 50 digits — climbs until its interval rounds to one number instead of
  // being accepted as 0 by two equally wrong rungs.
  const log = { underflowed: false };
  const compute = (q: Precision): BoundedValue[] => {
    const F = errorBoundField(q, log);
    return expansion.coefficients.map((c) => {
      const b = evaluateBounded(c.expression, point, F);
      return { value: b.v, error: b.e };
    });
  };
  // Up to the contexts' 1100 digits (the default stops at digits + 200): cosh(z)² − sinh(z)² at z = 1000 cancels
  // 870 digits, and below that cap its ε⁰ coefficient was accepted as "zero within 4e660" and printed as 0.
  const outcome = certifyByErrorBounds(compute, p, { maxWorkingDigits: 1100, step: 100 });
  if (outcome.kind === 'uncertain') return { kind: 'uncertain', reason: outcome.reason };
  if (log.underflowed && outcome.values.some((v) => v.isZero()))
    // sigmoid's ε² coefficient at z = 1e20 is about e^(−1e20): below the Decimal range, not 0.
    throw new OutOfRangeError(
      'glu: a coefficient underflows the Decimal range at the point (nonzero but below 1e-9000000000000000)',
    );
  // A value only known to be within ±b of 0 is printed as 0 when b is below the requested digits at the scale of
  // the coefficients (a true zero); a wider bound is not a number.
  const scale = outcome.values.reduce((m, v) => Decimal.max(m, v.abs()), new p.D(1));
  const loose = outcome.unresolvedZeros.find((z) => z.bound.gt(scale.times(new p.D(10).pow(-p.digits))));
  if (loose !== undefined)
    return {
      kind: 'uncertain',
      reason: `coefficient ${loose.index} is only known to within ±${loose.bound.toString()} (cancellation beyond 1100 working digits)`,
    };

  // The jets of εF(ε) at the precision that certified the values, plus 20 digits, also with error bounds.
  const g = precision(Math.min(1100, outcome.workingDigits[1] + 20));
  const projected = projectPoint(point, expansion.dim, g);
  const epsF = boundedPairJet(activation, projected, expansion.order, g);
  const floor = epsF.reduce((m, v) => Decimal.max(m, v.v.abs()), new g.D(0)).times('1e-10');
  let worst = new g.D(0);
  let agrees = true;
  outcome.values.forEach((v, m) => {
    const ref = epsF[m] ?? { v: new g.D(0), e: new g.D(0) };
    const diff = v.minus(ref.v).abs();
    // Within the jet's own error bound plus the rounding of the value to p.digits, they agree.
    const allowed = new g.D(ref.e).plus(v.abs().times(new g.D(10).pow(1 - p.digits)));
    if (diff.gt(allowed)) agrees = false;
    const d = diff.div(Decimal.max(ref.v.abs(), floor, new g.D('1e-300')));
    if (d.gt(worst)) worst = d;
  });
  return {
    kind: 'values',
    values: outcome.values.map((v) => v.toString()),
    jetDifference: worst.isZero() ? '0' : worst.toSignificantDigits(3).toExponential(2),
    agreesWithJets: agrees,
  };
}

/** An expression evaluated over a bounded field (values with running error bounds). */
function evaluateBounded(e: Expr, scope: Readonly<Record<string, string>>, F: ScalarField<Bounded>): Bounded {
  const go = (x: Expr): Bounded => {
    switch (x.kind) {
      case 'number':
        return F.fromDecimalString(x.text);
      case 'symbol': {
        const v = scope[x.name];
        if (v === undefined) throw new Error(`evaluateExpr: no value for symbol ${x.name}`);
        return F.fromDecimalString(v);
      }
      case 'pi':
        return F.constant('pi');
      case 'negate':
        return F.neg(go(x.arg));
      case 'binary': {
        const l = go(x.left);
        const r = go(x.right);
        switch (x.op) {
          case '+':
            return F.add(l, r);
          case '-':
            return F.sub(l, r);
          case '*':
            return F.mul(l, r);
          case '/':
            if (F.sign(r) === 0) throw new InputError('glu: division by zero at the point');
            return F.div(l, r);
          case '^': {
            if (F.isInteger(r) && r.v.abs().lte(1e6)) return powInt(F, l, r.v.toNumber());
            if (F.sign(l) <= 0) throw new InputError(`glu: ${l.v.toString()}^${r.v.toString()} is not real`);
            return F.pow(l, r);
          }
        }
        break;
      }
      case 'call': {
        const u = go(x.arg);
        switch (x.fn) {
          case 'exp':
            return F.exp(u);
          case 'log':
            if (F.sign(u) <= 0) throw new InputError(`glu: log of ${u.v.toString()}`);
            return F.log(u);
          case 'sqrt':
            if (F.sign(u) < 0) throw new InputError(`glu: sqrt of ${u.v.toString()}`);
            return F.sqrt(u);
          case 'tanh':
            return F.tanhSech2(u)[0];
          case 'erf':
            return F.erf(u);
          case 'cosh':
            return F.sinhCosh(u)[1];
          case 'sinh':
            return F.sinhCosh(u)[0];
          case 'sin':
            return F.sinCos(u)[0];
          case 'cos':
            return F.sinCos(u)[1];
        }
      }
    }
    throw new Error(`evaluateBounded: unexpected expression`);
  };
  return go(e);
}

function powInt(F: ScalarField<Bounded>, base: Bounded, n: number): Bounded {
  if (n < 0) {
    if (F.sign(base) === 0) throw new InputError('glu: a negative power of zero at the point');
    return F.div(F.one, powInt(F, base, -n));
  }
  let result = F.one;
  let b = base;
  let k = n;
  while (k > 0) {
    if (k % 2 === 1) result = F.mul(result, b);
    k = Math.floor(k / 2);
    if (k > 0) b = F.mul(b, b);
  }
  return result;
}

/** pairJet over errorBoundField: the Taylor coefficients of εF(ε), each with an error bound. */
function boundedPairJet(
  activation: Activation,
  pt: { readonly z: Decimal; readonly delta: Decimal; readonly c: Decimal; readonly a: Decimal },
  order: number,
  g: Precision,
): readonly Bounded[] {
  const F = errorBoundField(g);
  const J = jetArithmetic(F, order + 1);
  const ex = (v: Decimal): Bounded => ({ v, e: F.zero.e });
  const zeros = new Array<Bounded>(order).fill(F.zero);
  const sp = activation.jet(J, [ex(pt.z), ex(pt.delta), ...zeros]);
  const sm = activation.jet(J, [ex(pt.z), ex(pt.delta.neg()), ...zeros]);
  const halfA = F.divInt(ex(pt.a), 2);
  const halfC = F.divInt(ex(pt.c), 2);
  return J.add(J.mul([halfA, halfC, ...zeros], sp), J.mul([F.neg(halfA), halfC, ...zeros], sm));
}
