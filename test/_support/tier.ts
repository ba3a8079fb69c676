import { it, type TestFunction } from 'vitest';

/**
 * The two test tiers. `npm test` runs the default tier (≤ 5 minutes on a quiet 2-core machine); `npm run
 * test:long` runs only the long tier: tests named `[long] …`, selected by vitest.long.config.ts, with
 * FLAT_CHANNELS_LONG=1. FLOW_LONG=1 (its former name, for the long flow reference) also turns it on.
 */
export const LONG: boolean =
  process.env['FLAT_CHANNELS_LONG'] === '1' || process.env['FLOW_LONG'] !== undefined;

const LONG_PREFIX = '[long] ';

/**
 * A test of the long tier only. In the default tier it is registered as skipped, with a name that says why and
 * how to run it, so the report shows it rather than silently leaving it out.
 */
export function itLong(name: string, fn: TestFunction): void {
  if (LONG) it(`${LONG_PREFIX}${name}`, fn);
  else it.skip(`${LONG_PREFIX}${name} (skipped: long tier, run npm run test:long)`, fn);
}

/**
 * A test that runs in both tiers, smaller in the default one (fewer property runs, a shorter flow): `fn` gets
 * `long` to size itself, e.g. `numRuns: long ? 60 : 15`. In the long tier it is named `[long] …`, so that
 * `npm run test:long` runs its full version.
 */
export function itScaled(name: string, fn: (long: boolean) => unknown): void {
  it(LONG ? `${LONG_PREFIX}${name}` : `${name} (reduced; full size in npm run test:long)`, () => fn(LONG));
}

/** Property-test runs for a tier: `full` in the long tier, `quick` (default: a quarter, at least 5) otherwise. */
export function tierRuns(full: number, quick = Math.max(5, Math.ceil(full / 4))): number {
  return LONG ? full : Math.min(full, quick);
}
