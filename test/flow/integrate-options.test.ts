import { describe, expect, it } from 'vitest';
import { integrate, type FlowOptions } from '../../src/flow/integrate.js';
import { InputError, OptionError } from '../../src/errors.js';
import { precision } from '../../src/precision/context.js';
import { twoParam } from './helpers.js';

// Issue 22: integrate(…, { maxSteps: -3 }) was accepted silently (no step taken, outcome maxSteps at once).
const p = precision(15);
const base: FlowOptions = { times: ['0.01'], method: 'float64', recordsPerDecade: 0 };
const refused = (extra: Partial<FlowOptions>): OptionError => {
  try {
    integrate(twoParam(), ['0.2', '0.3'], p, { ...base, ...extra });
  } catch (e) {
    if (e instanceof OptionError) return e;
    throw e;
  }
  throw new Error(`accepted ${JSON.stringify(extra)}`);
};

describe('integrate: numeric options are checked at the boundary, the error names the option', () => {
  const bad: [keyof FlowOptions, unknown][] = [
    ['maxSteps', -3],
    ['maxSteps', 0],
    ['maxSteps', 2.5],
    ['maxSteps', Number.NaN],
    ['guardDigits', -1],
    ['guardDigits', 1.5],
    ['guardDigits', 1086],
    ['recordsPerDecade', -1],
    ['recordsPerDecade', 0.5],
    ['gbsColumns', 1],
    ['gbsColumns', 101],
    ['implicitLog10Tolerance', 0],
    ['implicitLog10Tolerance', 3],
    ['implicitLog10Tolerance', Number.NEGATIVE_INFINITY],
    ['implicitLog10Tolerance', Number.NaN],
    ['stiffnessThreshold', 0],
    ['stiffnessThreshold', -1],
    ['stiffnessThreshold', Number.POSITIVE_INFINITY],
    ['stiffnessThreshold', Number.NaN],
  ];
  it.each(bad)('%s = %s is refused', (option, value) => {
    const e = refused({ [option]: value } as Partial<FlowOptions>);
    expect(e).toBeInstanceOf(InputError);
    expect(e.functionName).toBe('integrate');
    expect(e.option).toBe(option);
    expect(e.message).toContain(`integrate: ${option} must be`);
    expect(e.message).toContain(String(value));
  });

  it('the edges of each range are accepted and run', () => {
    const ok: Partial<FlowOptions>[] = [
      { maxSteps: 1 },
      { guardDigits: 0 },
      { guardDigits: 1085 },
      { recordsPerDecade: 1000 },
      { gbsColumns: 2 },
      { gbsColumns: 100 },
      { implicitLog10Tolerance: -1e-9 },
      { stiffnessThreshold: 1e-300 },
    ];
    for (const extra of ok)
      expect(() => integrate(twoParam(), ['0.2', '0.3'], p, { ...base, ...extra })).not.toThrow();
  });
});
