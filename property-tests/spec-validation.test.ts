// Problem specs: malformed input must only ever raise InputError (one line, exit 2 in the CLI), never a
// TypeError, RangeError or a zod exception. numRuns 150 for parsing (fast), 60 for realising mutated built-in specs
// (each realisation evaluates the targets and the loss at 20 digits); the file runs in ≈ 10 s.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../src/errors.js';
import { problemFromSpec } from '../src/network/problem.js';
import { builtinProblem } from '../src/network/problems.js';
import { ProblemSpec, parseWith } from '../src/network/spec.js';
import { precision } from '../src/precision/context.js';
import { checkLaw } from './_support/law.js';

/** Values a careless or hostile file might hold where a number, string or list is expected. */
const junk: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    null,
    true,
    false,
    '',
    ' ',
    'abc',
    '1e999999',
    '-1e-999999',
    'sqrt(-1)',
    '1/0',
    'x',
    'nosuch(x)',
    '0.1.2',
    'NaN',
    'Infinity',
  ),
  fc.constantFrom(-1, 0, -0, 0.5, 2, 3, 1e308, -1e308, 5e-324, 1.5),
  fc.constantFrom([], {}, [[]], [1, 2], ['1', [2]], { kind: 'samples' }, { grid: {} }),
  fc.jsonValue({ maxDepth: 2 }),
);

/** Replaces the value at a random path of `value` by `replacement` (or deletes the key when `del`). */
function mutate(value: unknown, choices: readonly number[], replacement: unknown, del: boolean): unknown {
  if (choices.length === 0 || value === null || typeof value !== 'object') return replacement;
  const [pick = 0, ...rest] = choices;
  if (Array.isArray(value)) {
    if (value.length === 0) return replacement;
    const i = pick % value.length;
    const copy = [...value];
    if (del && rest.length === 0) copy.splice(i, 1);
    else copy[i] = mutate(copy[i], rest, replacement, del);
    return copy;
  }
  const keys = Object.keys(value);
  if (keys.length === 0) return replacement;
  const key = keys[pick % keys.length] as string;
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  if (del && rest.length === 0) delete copy[key];
  else copy[key] = mutate(copy[key], rest, replacement, del);
  return copy;
}

const mutatedSpecs = fc
  .tuple(
    fc.constantFrom('two-param', 'glu-teacher'),
    fc.array(fc.nat({ max: 20 }), { minLength: 1, maxLength: 6 }),
    junk,
    fc.boolean(),
  )
  .map(([name, path, replacement, del]) =>
    mutate(JSON.parse(JSON.stringify(builtinProblem(name))), path, replacement, del),
  );

function onlyInputErrors(run: () => void): void {
  try {
    run();
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    expect(e.message).not.toMatch(/\n/);
    expect(e.message.length).toBeGreaterThan(0);
  }
}

describe('spec validation', () => {
  it('parsing any JSON value as a problem spec returns a spec or throws InputError naming a field', () => {
    checkLaw(
      fc.property(fc.oneof(fc.jsonValue({ maxDepth: 4 }), mutatedSpecs), (v) => {
        onlyInputErrors(() => parseWith(ProblemSpec, v, 'problem spec'));
      }),
      { numRuns: 150 },
    );
  });

  it('a mutated built-in spec either realises (data, initial point, loss) or fails with InputError', () => {
    const p = precision(20);
    checkLaw(
      fc.property(mutatedSpecs, (v) => {
        onlyInputErrors(() => {
          const prob = problemFromSpec(parseWith(ProblemSpec, v, 'problem spec'));
          prob.evaluate(prob.initial(p), p, { gradient: false });
        });
      }),
      // 60 runs took 209 s once on a loaded machine (some mutations realise large datasets): 30, with a timeout.
      { numRuns: 30 },
    );
  });
});
