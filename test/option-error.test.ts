import { describe, expect, it } from 'vitest';
import {
  builtinProblem,
  certifyByLadder,
  InputError,
  limitCriticalPoints,
  limitModelOf,
  loadProblem,
  lossAndDerivatives,
  networkObjective,
  networkOutput,
  precision,
  refineCriticalPoint,
  trainOptions,
  unflatten,
} from '../src/index.js';
import { decimalOption, integerOption, knownOptions, numberOption, OptionError } from '../src/errors.js';
import { certifyByErrorBounds } from '../src/precision/ladder.js';

/** Runs `f` and returns the OptionError it throws (fails the test if it throws anything else or nothing). */
function optionError(f: () => unknown): OptionError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(OptionError);
    expect(e).toBeInstanceOf(InputError);
    return e as OptionError;
  }
  throw new Error('expected an OptionError, nothing was thrown');
}

describe('OptionError: library options are checked at the public boundary and the error names the option', () => {
  it('the helpers: integers, finite numbers, Decimal tolerances, unknown names', () => {
    const p = precision(20);
    expect(integerOption('f', 'n', 3, 1, 5)).toBe(3);
    for (const bad of [0, 6, 2.5, NaN, Infinity, -Infinity, '3', undefined]) {
      const e = optionError(() => integerOption('f', 'n', bad, 1, 5));
      expect([e.functionName, e.option]).toEqual(['f', 'n']);
      expect(e.message).toMatch(/^f: n must be an integer in 1…5, got /);
    }
    expect(numberOption('f', 'x', 0.5, { above: 0, max: 1 })).toBe(0.5);
    for (const bad of [0, -1, 1.5, NaN, Infinity, '0.5'])
      expect(optionError(() => numberOption('f', 'x', bad, { above: 0, max: 1 })).option).toBe('x');
    expect(String(decimalOption('f', 'tol', '1e-30', p.D, 0))).toBe('1e-30');
    for (const bad of [0, -1, '-1e-30', 'abc', NaN, Infinity])
      expect(optionError(() => decimalOption('f', 'tol', bad, p.D, 0)).option).toBe('tol');
    knownOptions('f', { a: 1 }, ['a', 'b']);
    knownOptions('f', undefined, ['a']);
    const unknown = optionError(() => knownOptions('f', { a: 1, gaurd: 2 }, ['a', 'guard']));
    expect(unknown.option).toBe('gaurd');
    expect(unknown.message).toBe('f: unknown option "gaurd" (known: a, guard)');
  });

  // Each of these ran silently with the bad value (or failed deep inside with a message naming no option).
  const p = precision(20);
  const two = loadProblem('two-param');
  const theta = two.initial(p);
  const one = (q: typeof p): ReturnType<typeof certifyByLadder> => certifyByLadder((r) => [new r.D(1)], q);
  const toy = loadProblem('paper-toy');
  const model = limitModelOf(
    toy.network,
    (q) => toy.dataset(q),
    (q) => toy.initial(q),
    [0, 1],
  );
  const objective = networkObjective(two.network, (q) => two.dataset(q));
  const cases: [string, string, () => unknown][] = [
    ['certifyByLadder', 'guard', () => certifyByLadder((q) => [new q.D(1)], p, { guard: -1 })],
    ['certifyByLadder', 'step', () => certifyByLadder((q) => [new q.D(1)], p, { step: 0 })],
    ['certifyByLadder', 'step', () => certifyByLadder((q) => [new q.D(1)], p, { step: 2.5 })],
    [
      'certifyByLadder',
      'maxWorkingDigits',
      () => certifyByLadder((q) => [new q.D(1)], p, { maxWorkingDigits: NaN }),
    ],
    ['certifyByLadder', 'gaurd', () => certifyByLadder((q) => [new q.D(1)], p, { gaurd: 3 } as never)],
    [
      'certifyByErrorBounds',
      'step',
      () => certifyByErrorBounds((q) => [{ value: new q.D(1), error: new q.D(0) }], p, { step: -20 }),
    ],
    [
      'lossAndDerivatives',
      'guard',
      () => lossAndDerivatives(two.network, two.dataset(p), theta, p, { guard: -3 }),
    ],
    [
      'lossAndDerivatives',
      'guard',
      () => lossAndDerivatives(two.network, two.dataset(p), theta, p, { guard: 1.5 }),
    ],
    [
      'lossAndDerivatives',
      'hesian',
      () => lossAndDerivatives(two.network, two.dataset(p), theta, p, { hesian: true } as never),
    ],
    [
      'networkOutput',
      'guard',
      () => networkOutput(two.network, unflatten(two.network.layout, theta), ['1'], p, { guard: -1 }),
    ],
    [
      'refineCriticalPoint',
      'maxIterations',
      () => refineCriticalPoint(objective, theta, p, { maxIterations: -1 }),
    ],
    [
      'refineCriticalPoint',
      'guardDigits',
      () => refineCriticalPoint(objective, theta, p, { guardDigits: 1.5 }),
    ],
    [
      'refineCriticalPoint',
      'maxNormGrowth',
      () => refineCriticalPoint(objective, theta, p, { maxNormGrowth: 0 }),
    ],
    [
      'refineCriticalPoint',
      'gradientTolerance',
      () => refineCriticalPoint(objective, theta, p, { gradientTolerance: 0 }),
    ],
    [
      'refineCriticalPoint',
      'stepTolerance',
      () => refineCriticalPoint(objective, theta, p, { stepTolerance: 'abc' }),
    ],
    ['builtinProblem', 'width', () => builtinProblem('rosenbrock-2d', { width: -1 })],
    ['trainOptions', 'steps', () => trainOptions({ steps: -3 })],
    ['trainOptions', 'learningRate', () => trainOptions({ learningRate: NaN })],
    ['trainOptions', 'batchSize', () => trainOptions({ batchSize: 0 })],
    ['trainOptions', 'maxTime', () => trainOptions({ maxTime: -1 })],
    ['trainOptions', 'tolerance', () => trainOptions({ tolerance: 0 })],
    ['trainOptions', 'optimizer', () => trainOptions({ optimizer: 'sgdx' } as never)],
    ['trainOptions', 'stepz', () => trainOptions({ stepz: 3 } as never)],
    ['limitCriticalPoints', 'guardDigits', () => limitCriticalPoints(model, p, { guardDigits: -1 })],
    ['limitCriticalPoints', 'maxIterations', () => limitCriticalPoints(model, p, { maxIterations: 0 })],
    ['limitCriticalPoints', 'scanPoints', () => limitCriticalPoints(model, p, { scanPoints: 2.5 })],
    ['limitCriticalPoints', 'wMax', () => limitCriticalPoints(model, p, { wMax: 'abc' })],
  ];
  it.each(cases)('%s refuses a bad %s', (fn, option, f) => {
    const e = optionError(f);
    expect([e.functionName, e.option]).toEqual([fn, option]);
  });

  it('the defaults and good values still pass', () => {
    expect(one(p).kind).toBe('certified');
    expect(certifyByLadder((q) => [new q.D(1)], p, { guard: 0, step: 1, maxWorkingDigits: 1100 }).kind).toBe(
      'certified',
    );
    expect(trainOptions({ optimizer: 'adam', steps: 1, batchSize: 1 }).learningRate).toBe(0.01);
    expect(builtinProblem('rosenbrock-2d', { width: 3 }).student.width).toBe(3);
  });
});
