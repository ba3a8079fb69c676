import { erf64, erfc64 } from './erf64.js';
import { expNegSquare64 } from './exp-neg-square64.js';
import { sigmoidPair64, softplus64, tanhPair64 } from './float64-kernels.js';
import type { FieldConstant, ScalarField } from './scalar-field.js';
import type { TranscendentalCounter } from './transcendental-counter.js';

const CONSTANTS: Readonly<Record<FieldConstant, number>> = {
  pi: Math.PI,
  e: Math.E,
  sqrt2: Math.SQRT2,
  twoOverSqrtPi: 1.1283791670955126,
};

/**
 * The scalar field of IEEE doubles: `Math.*` for the elementary functions, {@link erf64}/{@link erfc64} for the
 * error functions, and the same cancellation-free companion formulas as {@link decimalField} (tanh with sech²,
 * σ with 1 − σ), so that jets of tanh or σ far out in the tails keep their relative accuracy.
 */
export function float64Field(counter?: TranscendentalCounter): ScalarField<number> {
  const rec =
    counter === undefined
      ? (): void => undefined
      : (name: string): void => {
          counter.record(name);
        };
  return {
    kind: 'float64',
    digits: 15.95,
    counter,
    zero: 0,
    one: 1,
    fromInt: (n) => n,
    fromDecimalString: (text) => Number(text),
    constant: (name) => CONSTANTS[name],
    add: (a, b) => a + b,
    sub: (a, b) => a - b,
    mul: (a, b) => a * b,
    div: (a, b) => a / b,
    neg: (a) => -a,
    mulInt: (a, n) => a * n,
    divInt: (a, n) => a / n,
    sign: (a) => (a > 0 ? 1 : a < 0 ? -1 : 0),
    isInteger: (a) => Number.isInteger(a),
    toNumber: (a) => a,
    toString: (a) => String(a),

    exp(a) {
      rec('exp');
      return Math.exp(a);
    },
    log(a) {
      rec('log');
      return Math.log(a);
    },
    sqrt(a) {
      rec('sqrt');
      return Math.sqrt(a);
    },
    pow(a, r) {
      rec('pow');
      return Math.pow(a, r);
    },
    expNegSquare(a) {
      rec('exp');
      return expNegSquare64(a);
    },
    sinCos(a) {
      rec('sin');
      rec('cos');
      return [Math.sin(a), Math.cos(a)];
    },
    sinhCosh(a) {
      rec('sinh');
      rec('cosh');
      return [Math.sinh(a), Math.cosh(a)];
    },
    tanhSech2(a) {
      rec('exp');
      return tanhPair64(a);
    },
    sigmoidPair(a) {
      rec('exp');
      return sigmoidPair64(a);
    },
    softplus(a) {
      rec('exp');
      rec('log1p');
      return softplus64(a);
    },
    erf(a) {
      rec('erf');
      return erf64(a);
    },
    erfc(a) {
      rec('erfc');
      return erfc64(a);
    },
  };
}
