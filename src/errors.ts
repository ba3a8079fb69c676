/**
 * An error the user caused (bad argument, malformed input, unknown name, impossible precision).
 * The CLI prints its message on one line and exits with code 2; anything else that is thrown is a bug.
 * The message names the offending input, e.g. `--digits: expected an integer in 10…1000, got "abc"`.
 */
export class InputError extends Error {
  override readonly name = 'InputError';
}
