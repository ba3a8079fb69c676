/**
 * The result of a jet operation has no Taylor coefficient of order `order` at the base point: |u| or relu(u)
 * where u changes sign, or a non-integer power of u where u = 0. Coefficients below `order` exist (a jet of order
 * `order − 1` can be computed); this one and all above it do not.
 */
export class NonDifferentiableError extends RangeError {
  override readonly name = 'NonDifferentiableError';

  constructor(
    /** The operation, e.g. `abs`. */
    readonly operation: string,
    /** The lowest Taylor order (= derivative order) that is undefined; at least 1. */
    readonly order: number,
    readonly reason: string,
  ) {
    super(`${operation}: ${reason}; derivatives of order ${order} and above are undefined`);
  }
}
