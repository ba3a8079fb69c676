/**
 * A ball operation whose argument ball reaches outside the function's domain or cannot be decided: a divisor ball
 * containing 0, log or √ of a ball reaching below 0, the sign of a ball that contains 0 but is not exactly 0 (a jet
 * would otherwise treat it as an exact zero). The enclosure is not wrong, it does not exist: callers tighten the
 * argument (more digits) or give up with this reason.
 */
export class BallDomainError extends RangeError {
  override readonly name = 'BallDomainError';

  constructor(
    /** The operation, e.g. `div`. */
    readonly operation: string,
    /** What went wrong, e.g. `the divisor ball contains 0`. */
    readonly reason: string,
    /** The argument ball, as `mid ± rad`. */
    readonly at: string,
  ) {
    super(`ball ${operation}: ${reason} (argument ${at})`);
  }
}
