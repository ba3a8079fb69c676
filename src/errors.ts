import type { Decimal } from 'decimal.js';

/**
 * An error the user caused (bad argument, malformed input, unknown name, impossible precision).
 * The CLI prints its message on one line and exits with code 2; anything else that is thrown is a bug.
 * The message names the offending input, e.g. `--digits: expected an integer in 10…1000, got "abc"`.
 */
export class InputError extends Error {
  override readonly name = 'InputError';
}

/**
 * A library option out of its documented range, or an option name the function does not know: an
 * {@link InputError} (the CLI prints it on one line, exit 2) that also names the function and the option, so a
 * caller can tell `maxSteps` from `digits` without parsing the message.
 *
 * Example: `integerOption('certifyByLadder', 'step', -3, 1, 1100)` throws
 * `certifyByLadder: step must be an integer in 1…1100, got -3` with `functionName === 'certifyByLadder'` and
 * `option === 'step'`.
 */
export class OptionError extends InputError {
  /** The library function whose option was refused. */
  readonly functionName: string;
  /** The option's name as the caller spelt it. */
  readonly option: string;
  constructor(functionName: string, option: string, message: string) {
    super(`${functionName}: ${message}`);
    this.functionName = functionName;
    this.option = option;
  }
}

function shown(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : String(value);
}

/**
 * `value` if it is an integer in `min…max` (a JavaScript number: NaN, ±Infinity, 2.5 and non-numbers are refused),
 * otherwise an {@link OptionError} naming `fn` and `option`.
 */
export function integerOption(fn: string, option: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new OptionError(fn, option, `${option} must be an integer in ${min}…${max}, got ${shown(value)}`);
  }
  return value;
}

/** Bounds of {@link numberOption}: `above`/`below` are strict, `min`/`max` inclusive. */
export interface NumberOptionBounds {
  readonly above?: number;
  readonly below?: number;
  readonly min?: number;
  readonly max?: number;
}

/** `value` if it is a finite number within `bounds`, otherwise an {@link OptionError} naming `fn` and `option`. */
export function numberOption(
  fn: string,
  option: string,
  value: unknown,
  bounds: NumberOptionBounds = {},
): number {
  const { above, below, min, max } = bounds;
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (above === undefined || value > above) &&
    (below === undefined || value < below) &&
    (min === undefined || value >= min) &&
    (max === undefined || value <= max);
  if (!ok) {
    const range = [
      above === undefined ? undefined : `> ${above}`,
      min === undefined ? undefined : `≥ ${min}`,
      below === undefined ? undefined : `< ${below}`,
      max === undefined ? undefined : `≤ ${max}`,
    ].filter((s) => s !== undefined);
    throw new OptionError(
      fn,
      option,
      `${option} must be a finite number${range.length === 0 ? '' : ' ' + range.join(' and ')}, got ${shown(value)}`,
    );
  }
  return value;
}

/**
 * `value` read by the Decimal constructor `D` (exactly, no rounding) if it is a finite number strictly above
 * `above` (a tolerance of 0, −1, NaN or "abc"), otherwise an {@link OptionError} naming `fn` and `option`.
 */
export function decimalOption(
  fn: string,
  option: string,
  value: Decimal.Value,
  D: typeof Decimal,
  above: Decimal.Value,
): Decimal {
  let v: Decimal | undefined;
  try {
    v = new D(value);
  } catch {
    v = undefined;
  }
  if (v === undefined || !v.isFinite() || !v.gt(above)) {
    throw new OptionError(
      fn,
      option,
      `${option} must be a finite number > ${String(above)}, got ${shown(typeof value === 'object' ? String(value) : value)}`,
    );
  }
  return v;
}

/**
 * Refuses option names outside `known` (a misspelt `{ gaurd: 3 }` was ignored and the default used). Only for
 * option bags of plain data; `undefined` passes.
 */
export function knownOptions(fn: string, options: object | undefined, known: readonly string[]): void {
  if (options === undefined) return;
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      throw new OptionError(fn, key, `unknown option ${JSON.stringify(key)} (known: ${known.join(', ')})`);
    }
  }
}

/** `value` if it is `true` or `false` (a `"yes"` or a 1 was taken as truthy), otherwise an {@link OptionError}. */
export function booleanOption(fn: string, option: string, value: unknown): boolean {
  if (typeof value !== 'boolean') {
    throw new OptionError(fn, option, `${option} must be true or false, got ${shown(value)}`);
  }
  return value;
}
