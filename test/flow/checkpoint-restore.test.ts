import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { FlowRun, integrate, type FlowCheckpoint } from '../../src/flow/integrate.js';
import { precision } from '../../src/precision/context.js';
import { gluTeacher, twoParam } from './helpers.js';

const start = ['0.2', '0.3'];
const opts = { times: ['1', '3'], method: 'taylor' as const };

/** A taylor run's checkpoint after a dozen step attempts. */
function midway(): FlowCheckpoint {
  const run = new FlowRun(twoParam(), start, precision(30), opts, 'k');
  for (let i = 0; i < 12; i++) run.advance();
  return JSON.parse(JSON.stringify(run.checkpoint())) as FlowCheckpoint;
}

const restoring =
  (c: unknown): (() => void) =>
  () =>
    new FlowRun(twoParam(), start, precision(30), opts, 'k').restore(c as FlowCheckpoint);

describe('FlowRun.restore refuses checkpoints that would continue as another run', () => {
  it('a mode the method never takes (a taylor run told it is implicit ran on at the implicit tolerance)', () => {
    expect(restoring({ ...midway(), mode: 'implicit' })).toThrow(InputError);
    expect(restoring({ ...midway(), mode: 'implicit' })).toThrow(
      /mode "implicit" is not one of method taylor/,
    );
    expect(restoring({ ...midway(), mode: 'rk4' })).toThrow(/mode "rk4"/);
  });

  it('a state of the wrong length, t outside its events, h ≤ 0, records that do not match the events', () => {
    const c = midway();
    expect(restoring({ ...c, y: [c.y[0]] })).toThrow(/state has 1 values, the problem 2/);
    expect(restoring({ ...c, y: ['NaN', '1'] })).toThrow(/not decimal/);
    expect(restoring({ ...c, t: '5' })).toThrow(/not between the events/);
    expect(restoring({ ...c, h: '0' })).toThrow(/not positive/);
    expect(restoring({ ...c, h: '-1e-3' })).toThrow(/not positive/);
    expect(restoring({ ...c, eventIndex: 99 })).toThrow(/event index 99/);
    expect(restoring({ ...c, records: c.records.slice(1) })).toThrow(/records for/);
  });

  it('an intact checkpoint still resumes to the uninterrupted digits', () => {
    const whole = integrate(twoParam(), start, precision(30), opts);
    const run = new FlowRun(twoParam(), start, precision(30), opts, 'k');
    run.restore(midway());
    while (!run.done) run.advance();
    expect(run.result().states).toEqual(whole.states);
  });
});

describe('the Radau stepper carries its state through a checkpoint', () => {
  // Mid-run in the implicit method the predictor (the last step's stage increments), the controller's memory and,
  // in float64, the kept Hessian decide the next steps; a restore without them takes other steps.
  const cases = [
    { method: 'implicit', objective: twoParam, init: start, times: ['1'] },
    { method: 'float64', objective: gluTeacher, init: ['1.1', '0.9', '5', '-4.5'], times: ['1e4'] },
  ] as const;
  for (const c of cases) {
    it(`${c.method}: a run restored mid-way continues exactly as the uninterrupted one (and not without the state)`, () => {
      const o = { times: [...c.times], method: c.method };
      const p = precision(20);
      const run = (): FlowRun => new FlowRun(c.objective(), c.init, p, o, 'k');
      const whole = run();
      for (let i = 0; i < 6; i++) whole.advance();
      const saved = JSON.parse(JSON.stringify(whole.checkpoint())) as FlowCheckpoint;
      expect(saved.mode).toBe('implicit');
      expect(saved.stepper?.increments.length).toBeGreaterThan(0);
      for (let i = 0; i < 3; i++) whole.advance();
      const later = whole.checkpoint();
      const resumed = run();
      resumed.restore(saved);
      for (let i = 0; i < 3; i++) resumed.advance();
      expect(resumed.checkpoint()).toEqual(later);
      const blind = run();
      blind.restore({ ...saved, stepper: null });
      for (let i = 0; i < 3; i++) blind.advance();
      const b = blind.checkpoint();
      expect([b.y, b.h]).not.toEqual([later.y, later.h]);
    });
  }

  it('a checkpoint of version 1 (before the stepper state) is refused by name', () => {
    expect(restoring({ ...midway(), version: 1 })).toThrow(/not a flow checkpoint of version 2/);
  });
});

describe('integrate validates its options at the public boundary', () => {
  it('an unknown method is an InputError (method "euler" ran silently as auto)', () => {
    expect(() =>
      integrate(twoParam(), start, precision(20), { times: ['1'], method: 'euler' as never }),
    ).toThrow(/method must be one of auto, taylor, gbs, implicit, float64, got "euler"/);
  });

  it('times beyond the double range are refused (1e309 and 1e-400 looped forever)', () => {
    for (const t of ['1e309', '1e-400', 'NaN', 'abc'])
      expect(() => integrate(twoParam(), start, precision(20), { times: [t] })).toThrow(InputError);
  });
});
