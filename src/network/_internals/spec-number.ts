import type { Decimal } from 'decimal.js';
import { multivariateFormula } from '../../activations/formula/multivariate-formula.js';
import { InputError } from '../../errors.js';
import type { Precision } from '../../precision/context.js';

/** A plain decimal literal: what a spec number string usually is (parsed exactly, without the formula parser). */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/**
 * The value of a spec number (a JSON number, a decimal string, or a constant expression such as `sqrt(3)`) in the
 * context p: decimal literals exactly, JSON numbers through their shortest decimal form, expressions rounded to p.
 * Throws an InputError naming `field` for NaN, infinities, and strings that are neither.
 */
export function specNumber(value: number | string, field: string, p: Precision): Decimal {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new InputError(`${field}: expected a finite number, got ${value}`);
    return new p.D(String(value));
  }
  const text = value.trim();
  if (DECIMAL.test(text)) {
    const d = new p.D(text);
    if (!d.isFinite()) throw new InputError(`${field}: "${value}" is out of range`);
    return d;
  }
  if (/^[+-]?(nan|inf(inity)?)$/i.test(text)) {
    throw new InputError(`${field}: expected a finite number, got "${value}"`);
  }
  try {
    return multivariateFormula(text, []).value([], p);
  } catch (e) {
    if (e instanceof InputError) {
      throw new InputError(
        `${field}: expected a number, a decimal string or a constant expression: ${e.message}`,
      );
    }
    throw e;
  }
}
