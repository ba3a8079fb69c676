import { InputError } from '../errors.js';

/**
 * A result or an intermediate value outside what the Decimal contexts can represent or reduce: e^x beyond
 * 10^±9e15 (decimal.js's exponent range, see context.ts), or a sine whose argument reduction needs more digits of
 * π than the largest context holds. It is the user's input that is out of range (a formula evaluated at a point),
 * so it is an {@link InputError}: one line, exit code 2, never a printed `Infinity` or an underflowed exact 0.
 */
export class OutOfRangeError extends InputError {
  override readonly name = 'InputError';
}
