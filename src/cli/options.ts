import { parseArgs } from 'node:util';
import { InputError } from '../errors.js';
import { MAX_DIGITS, MIN_DIGITS } from '../precision/context.js';

/** One option of a command, as `node:util` parseArgs takes it, plus the help line. */
export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly help: string;
  /** Placeholder shown in help, e.g. `N` for `--digits N`. */
  readonly value?: string;
}

export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

/** Options every command accepts (see README, "Conventions of every command"). */
export const GLOBAL_OPTIONS: OptionSpecs = {
  digits: {
    type: 'string',
    value: 'N',
    help: `significant decimal digits (default 40, ${MIN_DIGITS}–${MAX_DIGITS})`,
  },
  json: { type: 'boolean', help: 'print exactly one JSON object on stdout (numbers as decimal strings)' },
  help: { type: 'boolean', help: 'show this help' },
};

/** `--out DIR`, offered only by the commands that write files (verify, sweep): elsewhere it is an unknown option. */
export const OUT_OPTION: OptionSpec = {
  type: 'string',
  value: 'DIR',
  help: 'directory for output files (written atomically)',
};

export type ParsedValues = Readonly<Record<string, string | boolean | undefined>>;

/** Parses `argv` against the command's options plus the global ones; unknown options and stray positionals
 * are input errors that name the offending argument. */
export function parseOptions(command: string, argv: readonly string[], specs: OptionSpecs): ParsedValues {
  const all = { ...GLOBAL_OPTIONS, ...specs };
  const options: Record<string, { type: 'string' | 'boolean' }> = {};
  for (const [name, spec] of Object.entries(all)) options[name] = { type: spec.type };
  try {
    const { values, positionals } = parseArgs({
      args: joinNegativeValues(argv, all),
      options,
      strict: true,
      allowPositionals: true,
    });
    if (positionals.length > 0) {
      throw new InputError(`${command}: unexpected argument "${positionals[0] ?? ''}" (see --help)`);
    }
    return values as ParsedValues;
  } catch (e) {
    if (e instanceof InputError) throw e;
    const err = e as { code?: string; message?: string };
    if (typeof err.code === 'string' && err.code.startsWith('ERR_PARSE_ARGS')) {
      // parseArgs messages are multi-line and mention internals; keep the first sentence.
      const first = (err.message ?? '').split('\n')[0]?.replace(/\. To specify.*$/, '') ?? '';
      throw new InputError(`${command}: ${first}`);
    }
    throw e;
  }
}

/**
 * parseArgs reads `--at -3.5` as two options; a value that starts with '-' and then a digit or '.' (a negative number
 * or a list such as `-1,0.5,2`) after a string option is joined to it as `--at=-3.5`, so negative numbers work as
 * written.
 */
function joinNegativeValues(argv: readonly string[], specs: OptionSpecs): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const next = argv[i + 1];
    const name = arg.startsWith('--') && !arg.includes('=') ? arg.slice(2) : undefined;
    if (name !== undefined && specs[name]?.type === 'string' && next !== undefined && /^-[\d.]/.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}

/** `--digits`: an integer in MIN_DIGITS…MAX_DIGITS (default 40). */
export function digitsOption(values: ParsedValues, fallback = 40): number {
  const raw = values['digits'];
  if (raw === undefined) return fallback;
  return integerInRange('--digits', raw, MIN_DIGITS, MAX_DIGITS);
}

/** A required string option. */
export function requiredString(values: ParsedValues, name: string): string {
  const raw = values[name];
  if (typeof raw !== 'string' || raw.trim() === '')
    throw new InputError(`--${name} is required (see --help)`);
  return raw;
}

/** An optional string option. */
export function optionalString(values: ParsedValues, name: string): string | undefined {
  const raw = values[name];
  return typeof raw === 'string' ? raw : undefined;
}

/** Parses an integer option, rejecting anything but plain decimal integers in [min, max]. */
export function integerInRange(
  label: string,
  raw: string | boolean | undefined,
  min: number,
  max: number,
): number {
  const text = typeof raw === 'string' ? raw.trim() : '';
  if (!/^[+-]?\d+$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw new InputError(
      `${label}: expected an integer from ${min} to ${max}, got ${JSON.stringify(raw ?? '')}`,
    );
  }
  const n = Number(text);
  if (n < min || n > max)
    throw new InputError(`${label}: expected an integer from ${min} to ${max}, got ${n}`);
  return n;
}

const DECIMAL_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A finite decimal number given as text (e.g. `0.5`, `-1e-30`); returns the trimmed string, exactly as given. */
export function decimalString(label: string, raw: string | boolean | undefined): string {
  const text = typeof raw === 'string' ? raw.trim() : '';
  if (!DECIMAL_RE.test(text)) {
    throw new InputError(
      `${label}: expected a finite decimal number such as 0.5 or -1e-3, got ${JSON.stringify(raw ?? '')}`,
    );
  }
  const exponent = Math.abs(Number(/[eE]([+-]?\d+)$/.exec(text)?.[1] ?? '0'));
  if (!(exponent <= 1e15))
    throw new InputError(`${label}: exponent out of range (at most 1e15 in magnitude) in "${text}"`);
  return text;
}
