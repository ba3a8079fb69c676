import { existsSync } from 'node:fs';
import { InputError } from '../errors.js';
import { loadProblem, problemFromSpec, type Problem } from '../network/problem.js';
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

/**
 * The problem at student width R: the spec's own width (also when R is undefined), a seeded init at width R, or the
 * first R explicit neurons. `flag` names the option in the error for R above the explicit neurons.
 */
export function problemAtWidth(ref: string, width: number | undefined, flag: string): Problem {
  const base = loadProblem(ref);
  if (width === undefined || base.network.layout.width === width) return base;
  const init = base.spec.student.init;
  if (init.kind !== 'explicit') return loadProblem(ref, { width });
  if (width > base.network.layout.width) {
    throw new InputError(
      `${flag}: ${width} exceeds the ${base.network.layout.width} explicit neurons of ${ref}`,
    );
  }
  const params = init.params as { w: string[][]; a: string[]; b?: string };
  const sliced = {
    w: params.w.slice(0, width),
    a: params.a.slice(0, width),
    ...(params.b === undefined ? {} : { b: params.b }),
  };
  return problemFromSpec(
    { ...base.spec, student: { ...base.spec.student, width, init: { kind: 'explicit', params: sliced } } },
    ref,
  );
}
