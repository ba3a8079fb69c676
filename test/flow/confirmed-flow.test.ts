import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfirmedFlowRun, confirmingFlow } from '../../src/flow/confirmed-flow-run.js';
import { confirmFlow, confirmOutcome, sharedDigits } from '../../src/flow/flow-confirmation.js';
import type { FlowResult } from '../../src/flow/integrate.js';
import { precision } from '../../src/precision/context.js';
import { twoParam } from './helpers.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures');
interface TwoParamFixture {
  states: { t: string; w: string; a: string; loss: string }[];
}
const golden = JSON.parse(readFileSync(join(fixtures, 'flow-two-param.json'), 'utf8')) as TwoParamFixture;

/** True when `printed` (k significant digits) is the reference rounded to k digits, give or take one unit. */
function correctTo(printed: string, reference: string, k: number): boolean {
  const w = precision(200);
  const x = new w.D(printed);
  const unit = new w.D(10).pow(new w.D(reference).abs().log(10).floor().plus(1).minus(k));
  return x.minus(reference).abs().lte(unit);
}

function run(
  digits: number,
  options: ConstructorParameters<typeof ConfirmedFlowRun>[3],
): ReturnType<ConfirmedFlowRun['result']> {
  const r = new ConfirmedFlowRun(twoParam(), ['0.2', '0.3'], precision(digits), options, 'two-param');
  while (!r.done) r.advance();
  return r.result();
}

describe('sharedDigits', () => {
  it('is the largest k whose roundings agree, tried from the top (naive reference: every k)', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 12n }),
        fc.integer({ min: -5, max: 5 }),
        fc.integer({ min: -3000, max: 3000 }),
        (m, e, delta) => {
          const a = `${m}e${e}`;
          const b = `${m * 10n ** 4n + BigInt(delta)}e${e - 4}`;
          const D = precision(60).D;
          let naive = 0;
          for (let k = 1; k <= 20; k++)
            if (new D(a).toSignificantDigits(k).eq(new D(b).toSignificantDigits(k))) naive = k;
          expect(sharedDigits(a, b, 20)).toBe(naive);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('handles equal values, signs, zeros and rounding boundaries', () => {
    expect(sharedDigits('1.5', '1.5', 30)).toBe(30);
    expect(sharedDigits('0', '0', 30)).toBe(30);
    expect(sharedDigits('0', '1e-40', 30)).toBe(0);
    expect(sharedDigits('1.5', '-1.5', 30)).toBe(0);
    // 0.1449 and 0.1451 share 3 digits (0.145) but not 2 (0.14 vs 0.15).
    expect(sharedDigits('0.1449', '0.1451', 10)).toBe(3);
    // 0.99999 and 1.00001 round to 1.000 at 4 digits, to 0.99999 and 1.0000 at 5.
    expect(sharedDigits('0.99999', '1.00001', 10)).toBe(4);
  });
});

describe('ConfirmedFlowRun (a flow confirmed by the same flow at +20 digits)', () => {
  it('two-param at 30 digits: every printed digit is correct against the independent 75-digit reference', () => {
    const r = run(30, { times: golden.states.map((s) => s.t), method: 'taylor', recordsPerDecade: 0 });
    const c = r.confirmation!;
    expect(c.kind).toBe('confirmed');
    if (c.kind !== 'confirmed') return;
    expect(c.digits).toBeGreaterThanOrEqual(27);
    c.states.forEach((s, i) => {
      const want = golden.states[i]!;
      expect(s.t).toBe(want.t);
      expect(correctTo(s.params[0]!, want.w, c.digits)).toBe(true);
      expect(correctTo(s.params[1]!, want.a, c.digits)).toBe(true);
      expect(correctTo(s.loss, want.loss, c.digits)).toBe(true);
    });
  });

  it('a sloppy run (implicit, tolerance 1e-6) is cut to the digits it earned, and those are correct', () => {
    const r = run(20, { times: ['1'], method: 'implicit', implicitLog10Tolerance: -6, recordsPerDecade: 0 });
    const c = r.confirmation!;
    expect(c.kind).toBe('confirmed');
    if (c.kind !== 'confirmed') return;
    // The tolerance estimate would claim 3 digits more than the tolerance; confirmation sees the real error.
    expect(c.digits).toBeGreaterThanOrEqual(4);
    expect(c.digits).toBeLessThan(12);
    expect(c.weakest!.agreeingDigits).toBe(c.digits);
    c.states.forEach((s, i) => {
      const want = golden.states[i]!;
      expect(correctTo(s.params[0]!, want.w, c.digits)).toBe(true);
      expect(correctTo(s.params[1]!, want.a, c.digits)).toBe(true);
    });
    // Demanding more digits than agree refuses, with the reason.
    const refused = confirmFlow(r.primary, r.confirming!, 20, { minimumDigits: c.digits + 1 });
    expect(refused.kind).toBe('unconfirmed');
    if (refused.kind === 'unconfirmed') expect(refused.reason).toMatch(/only \d+ digit/);
  });

  it('refuses results whose outcome kinds differ', () => {
    const r = run(20, { times: ['1'], method: 'taylor', recordsPerDecade: 0 });
    const other: FlowResult = { ...r.confirming!, outcome: { kind: 'maxSteps', t: '1', steps: 3 } };
    const c = confirmFlow(r.primary, other, 20);
    expect(c.kind).toBe('unconfirmed');
    if (c.kind === 'unconfirmed') expect(c.reason).toContain('maxTime at 20 digits, maxSteps');
  });

  it('the confirming run: +20 digits, implicit tolerance 10⁴ tighter, float64 confirmed in Decimal', () => {
    const p = precision(40);
    const c = confirmingFlow(p, { times: ['1'], method: 'auto' });
    expect(c.p.digits).toBe(60);
    // The run's own tolerance is 10^−(digits+3) = 10⁻⁴³.
    expect(c.options.implicitLog10Tolerance).toBe(-47);
    expect(confirmingFlow(precision(12), { times: ['1'] }).options.implicitLog10Tolerance).toBe(-19);
    expect(
      confirmingFlow(p, { times: ['1'], implicitLog10Tolerance: -20 }).options.implicitLog10Tolerance,
    ).toBe(-24);
    const f = confirmingFlow(p, { times: ['1'], method: 'float64' });
    expect(f.options.method).toBe('auto');
    expect(f.options.implicitLog10Tolerance).toBe(-14);
  });

  it('outcome numbers keep only shared digits; noise becomes an upper bound', () => {
    const a = { kind: 'converged', t: '9', gradNormInf: '1.23456e-35', type: 'minimum' } as const;
    const b = { ...a, gradNormInf: '7.1e-52' };
    const o = confirmOutcome(
      { ...a, inertia: { negative: 0, zero: 0, positive: 2 } },
      { ...b, inertia: { negative: 0, zero: 0, positive: 2 } },
    );
    expect(o).toMatchObject({ kind: 'converged', t: '9', gradNormInf: '1.3e-35' });
    const m = confirmOutcome(
      { kind: 'maxTime', t: '1', gradNormInf: '0.123456' },
      { kind: 'maxTime', t: '1', gradNormInf: '0.123499' },
    );
    expect(m).toMatchObject({ gradNormInf: '0.1235' });
  });

  it('checkpoint and restore of both runs mid-way give exactly the uninterrupted result', () => {
    const opts = { times: ['1'], method: 'taylor' as const };
    const whole = run(20, opts);
    const first = new ConfirmedFlowRun(twoParam(), ['0.2', '0.3'], precision(20), opts, 'two-param');
    for (let i = 0; i < 15; i++) first.advance();
    const saved = JSON.parse(JSON.stringify(first.checkpoint())) as ReturnType<
      ConfirmedFlowRun['checkpoint']
    >;
    expect(Number(saved.primary.t)).toBeGreaterThan(0);
    expect(Number(saved.confirming!.t)).toBeGreaterThan(0);
    const second = new ConfirmedFlowRun(twoParam(), ['0.2', '0.3'], precision(20), opts, 'two-param');
    second.restore(saved);
    while (!second.done) second.advance();
    expect(second.result().confirmation).toEqual(whole.confirmation);
    const unconfirmed = new ConfirmedFlowRun(twoParam(), ['0.2', '0.3'], precision(20), {
      ...opts,
      confirm: false,
    });
    expect(() => unconfirmed.restore(saved)).toThrow(/different run/);
  });
});
