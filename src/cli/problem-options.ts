import { existsSync } from 'node:fs';
import { InputError } from '../errors.js';
import { loadProblem, type Problem } from '../network/problem.js';
import { readInputFile } from '../io/read-input-file.js';
import { integerInRange, optionalString, type ParsedValues } from './options.js';

/**
 * The problem named by `--<name>` (a built-in name or a spec file), with `--width` applied when given. Commands that
 * take a problem share this, so that `--width` means the same everywhere. Throws InputError.
 */
export function problemOption(values: ParsedValues, name = 'problem'): Problem {
  const ref = optionalString(values, name);
  if (ref === undefined || ref.trim() === '') throw new InputError(`--${name} is required (see --help)`);
  const widthRaw = optionalString(values, 'width');
  return loadProblem(
    ref,
    widthRaw === undefined ? {} : { width: integerInRange('--width', widthRaw, 1, 1000) },
  );
}

/** Parameters JSON given as `--<label>`: inline (starting with `{`) or the path of a JSON file. Throws InputError. */
export function readJsonOption(label: string, raw: string): unknown {
  const text = raw.trim();
  let source = text;
  if (!text.startsWith('{')) {
    if (!existsSync(text))
      throw new InputError(
        `${label}: "${text}" is neither inline JSON ({"w": …, "a": …}) nor a readable file`,
      );
    source = readInputFile(label, text).toString('utf8');
  }
  try {
    return JSON.parse(source) as unknown;
  } catch (e) {
    throw new InputError(`${label}: not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
}
