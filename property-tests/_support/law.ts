import fc from 'fast-check';
import { expect } from 'vitest';

/**
 * How every property suite runs a law: a printed seed (FC_SEED fixes it, e.g. to replay a failure) and, with
 * FC_PATH, the path of the failing case fast-check reported, so `FC_SEED=… FC_PATH=… npx vitest run FILE -t LAW`
 * reproduces a failure exactly. `examples` (the corpus) are tried before the random runs.
 */
export interface LawOptions<T> {
  readonly numRuns: number;
  readonly examples?: readonly T[];
}

function seedFor(): number {
  const fixed = process.env['FC_SEED'];
  if (fixed !== undefined && fixed !== '') return Number(fixed);
  return (Date.now() ^ Math.floor(Math.random() * 0x7fffffff)) | 0;
}

/** Runs `property` with a printed, reproducible seed. */
export function checkLaw<Ts extends [unknown, ...unknown[]]>(
  property: fc.IProperty<Ts>,
  options: LawOptions<Ts>,
): void {
  const seed = seedFor();
  const path = process.env['FC_PATH'];
  const name = expect.getState().currentTestName ?? 'law';
  console.log(`[law] ${name}: seed=${seed} numRuns=${options.numRuns}${path ? ` path=${path}` : ''}`);
  const params: fc.Parameters<Ts> = {
    seed,
    numRuns: options.numRuns,
    examples: options.examples === undefined ? [] : [...options.examples],
    ...(path !== undefined && path !== '' ? { path } : {}),
  };
  fc.assert(property, params);
}
