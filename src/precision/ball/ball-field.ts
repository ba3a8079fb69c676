import type { Precision } from '../context.js';
import type { FieldConstant, ScalarField } from '../jet/scalar-field.js';
import { normalPdf } from '../special/index.js';
import { type Ball, ballToString, exactBall } from './ball.js';
import { ballAdd, ballDiv, ballMul, ballNeg, ballSqrt, ballSub } from './ball-arithmetic.js';
import { BallDomainError } from './ball-domain-error.js';
import {
  ballErf,
  ballErfc,
  ballExp,
  ballExpNegSquare,
  ballLog,
  ballSech2,
  ballSigmoid,
  ballSigmoidComplement,
  ballSoftplus,
  ballTanh,
} from './ball-functions.js';
import { Exact } from './_internals/directed.js';
import { faithful, guarded, increasingImage } from './_internals/monotone.js';

/**
 * The jet field of balls at p: every operation encloses its result over the whole argument balls, so the Taylor
 * recurrences of JetArithmetic, run on the jet [X, 1, 0, …] of a ball X, give balls that contain σ^(k)(x)/k! for
 * every x in X (each recurrence is a polynomial in the base-point values and lower coefficients, and ball
 * arithmetic evaluates a polynomial to a ball containing its values over the product of the argument balls). No
 * derivative bound is needed: the enclosure of σ^(k) over X is the interval extension itself (see ballDerivatives).
 *
 * `sign` answers only when the ball is exactly 0 or excludes 0; a ball straddling 0 is a BallDomainError (jets
 * treat sign 0 as an exact zero, e.g. in abs and relu). sin and cos are not enclosed (no rigorous kernel here).
 */
export function ballField(p: Precision): ScalarField<Ball> {
  const exact = (x: string | number): Ball => exactBall(p, x);
  const zero = exact(0);
  const one = exact(1);
  // 1/√(2π) = φ(0), correctly rounded by the special layer: π = 1/(2φ(0)²), 2/√π = 2√2·φ(0).
  const phi0 = increasingImage(
    zero,
    p,
    faithful((a, q) => normalPdf(a, q), 'normalPdf'),
  );
  const wide = guarded(p);
  const sqrt2 = ballSqrt(exact(2), p);
  const constants: Record<FieldConstant, () => Ball> = {
    pi: () => ballDiv(one, ballMul(exact(2), ballMul(phi0, phi0, wide), wide), p),
    e: () => ballExp(one, p),
    sqrt2: () => sqrt2,
    twoOverSqrtPi: () => ballMul(ballMul(exact(2), sqrt2, wide), phi0, p),
  };
  const sign = (a: Ball): -1 | 0 | 1 => {
    if (a.mid.isZero() && a.rad.isZero()) return 0;
    if (a.mid.gt(a.rad)) return 1;
    if (new Exact(a.mid).neg().gt(a.rad)) return -1;
    throw new BallDomainError('sign', 'the ball contains 0 but is not exactly 0', ballToString(a));
  };
  return {
    kind: 'decimal',
    digits: p.digits,
    counter: undefined,
    zero,
    one,
    fromInt: (n) => exact(n),
    fromDecimalString: (text) => exact(text),
    constant: (name) => constants[name](),
    add: (a, b) => ballAdd(a, b, p),
    sub: (a, b) => ballSub(a, b, p),
    mul: (a, b) => ballMul(a, b, p),
    div: (a, b) => ballDiv(a, b, p),
    neg: (a) => ballNeg(a),
    mulInt: (a, n) => ballMul(a, exact(n), p),
    divInt: (a, n) => ballDiv(a, exact(n), p),
    sign,
    isInteger: (a) => a.rad.isZero() && a.mid.isInteger(),
    toNumber: (a) => a.mid.toNumber(),
    toString: (a) => ballToString(a),
    exp: (a) => ballExp(a, p),
    log: (a) => ballLog(a, p),
    sqrt: (a) => ballSqrt(a, p),
    pow: (a, r) => ballExp(ballMul(r, ballLog(a, p), p), p),
    expNegSquare: (a) => ballExpNegSquare(a, p),
    sinCos: (a) => {
      throw new BallDomainError('sinCos', 'sin and cos have no ball enclosure here', ballToString(a));
    },
    sinhCosh: (a) => {
      const e = ballExp(a, p);
      const f = ballExp(ballNeg(a), p);
      const two = exact(2);
      return [ballDiv(ballSub(e, f, p), two, p), ballDiv(ballAdd(e, f, p), two, p)];
    },
    tanhSech2: (a) => [ballTanh(a, p), ballSech2(a, p)],
    sigmoidPair: (a) => [ballSigmoid(a, p), ballSigmoidComplement(a, p)],
    softplus: (a) => ballSoftplus(a, p),
    erf: (a) => ballErf(a, p),
    erfc: (a) => ballErfc(a, p),
  };
}
