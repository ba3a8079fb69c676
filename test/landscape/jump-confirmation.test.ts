import type { Decimal } from 'decimal.js';
import { describe, expect, it, vi } from 'vitest';
import type * as Refine from '../../src/flow/refine-critical-point.js';
import { runInProcess } from '../docs/run-cli.js';

// The jump route's only Newton solve is its +20-digit confirmation. Here it is made to land 1e-12 (relative) off
// the floor, as a wrong or unconverged solve would: a route that printed its points without confirming them would
// still report them; a confirming route must refuse (exit 1, no point shown). The passing case (confirmed points,
// confirmedDigits 20) is in jump-channel.test.ts.
const offset = '1e-12';
vi.mock('../../src/flow/refine-critical-point.js', async (importOriginal) => {
  const real = await importOriginal<typeof Refine>();
  return {
    ...real,
    refineCriticalPoint: (...args: Parameters<typeof real.refineCriticalPoint>) => {
      const out = real.refineCriticalPoint(...args);
      if (out.kind !== 'converged') return out;
      const point = out.point.map((x: Decimal, k: number) => (k === 0 ? x.plus(x.abs().times(offset)) : x));
      return { ...out, point };
    },
  };
});

// The start: glu-teacher's valley-floor point at A = 4.75 (its initial point's A), as followChannel finds it, rounded
// to 25 digits (a₁ − a₂ = 9.5 exactly). What is tested is the gate after the relaxation, not the relaxation: from
// the problem's own initial point, which lies off the floor, the first relaxation alone cost ≈ 23 s of CPU (about
// 2 300 implicit steps at 33 digits); from near the floor it settles in a few rounds. Any start near the floor
// serves, so this one cannot go stale: a worse one only makes the test slower.
const nearFloor = JSON.stringify({
  w: [['1.108688745759113102655057'], ['0.8969828850276759625645831']],
  a: ['4.999300554859088406914761', '-4.500699445140911593085239'],
});

describe('jump route: a point that fails its +20-digit confirmation is never reported', () => {
  it('the CLI prints no point, says why on stderr and exits 1', async () => {
    const r = await runInProcess([
      'follow',
      '--problem',
      'glu-teacher',
      '--init',
      nearFloor,
      '--to',
      '5',
      '--route',
      'jump',
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).not.toMatch(/^ +A = /m); // no point line (the header mentions "fixed A = ")
    // Three tries (33, 53, 73 working digits), then the refusal.
    expect(r.stderr).toMatch(
      /stopped: values at 73 and 93 digits disagree in their first 20 digits at A = 4\.75/,
    );
  });
});
