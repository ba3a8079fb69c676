import { InputError } from '../errors.js';

/**
 * A derivative was requested where it does not exist (relu at x = 0; a formula with abs where its argument
 * changes sign). An InputError, so the CLI reports it on one line with exit code 2.
 */
export class NonSmoothError extends InputError {
  constructor(
    readonly activation: string,
    /** The point, as a decimal string. */
    readonly at: string,
    /** The lowest derivative order that does not exist. */
    readonly undefinedFrom: number,
    reason: string,
  ) {
    super(
      `activation "${activation}" is not differentiable at x = ${at}: derivatives of order ${undefinedFrom} and ` +
        `above are undefined (${reason})`,
    );
  }
}
