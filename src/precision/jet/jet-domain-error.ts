/**
 * A jet operation evaluated outside its function's domain at the base point: log of a non-positive number,
 * division by zero, a real power of a negative number. Raised by {@link JetArithmetic}; the activation layer turns
 * it into an InputError that names the formula and the point.
 */
export class JetDomainError extends RangeError {
  override readonly name = 'JetDomainError';

  constructor(
    /** The operation, e.g. `log`. */
    readonly operation: string,
    /** What went wrong, e.g. `log of a non-positive number`. */
    readonly reason: string,
    /** The base-point argument, as a string. */
    readonly at: string,
  ) {
    super(`${operation}: ${reason} (argument ${at})`);
  }
}
