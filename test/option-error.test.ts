import { describe, expect, it } from 'vitest';
import {
  builtinProblem,
  certifyByLadder,
  classifyEndPoint,
  confirmFlow,
  detectChannels,
  floorTimeBetween,
  jumpChannel,
  renderFigureSvg,
  runSweep,
  toChannelCoordinates,
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
import {
  booleanOption,
  decimalOption,
  integerOption,
  knownOptions,
  numberOption,
  OptionError,
} from '../src/errors.js';
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
    expect(booleanOption('f', 'b', false)).toBe(false);
    for (const bad of ['yes', 1, 0, null, undefined])
      expect(optionError(() => booleanOption('f', 'b', bad)).message).toMatch(
        /^f: b must be true or false, got /,
      );
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
    // The entry points audited second (issue 22): each ran with the bad value, or failed deep inside.
    ...(
      [
        ['normThreshold', { normThreshold: -1 }],
        ['cosineThreshold', { cosineThreshold: 3 }],
        ['readoutThreshold', { readoutThreshold: NaN }],
        ['groupThreshold', { groupThreshold: 0 }],
        ['updateFraction', { updateFraction: 1.5 }],
        ['confirm', { confirm: 'yes' }],
        ['growth', { growth: 1 }],
        ['maxTime', { maxTime: -1 }],
        ['maxSteps', { maxSteps: 0 }],
        ['flowLog10Tolerance', { flowLog10Tolerance: 2 }],
        ['digits', { digits: 2.5 }],
        ['cosineTreshold', { cosineTreshold: 1e-3 }],
      ] as const
    ).map(([option, o]): [string, string, () => unknown] => [
      'detectChannels',
      option,
      () => detectChannels(two.network.layout, theta, undefined, o as never),
    ]),
    ...(
      [
        ['normThreshold', { normThreshold: 0 }],
        ['pairCosineDistance', { pairCosineDistance: -1e-3 }],
        ['lateFraction', { lateFraction: 2 }],
        ['lateShare', { lateShare: 0 }],
        ['gradientTolerance', { gradientTolerance: -1 }],
        ['zeroEigenvalue', { zeroEigenvalue: NaN }],
        ['newtonStep', { newtonStep: Infinity }],
        ['escalate', { escalate: 1 }],
        ['lateshare', { lateshare: 0.1 }],
      ] as const
    ).map(([option, o]): [string, string, () => unknown] => [
      'classifyEndPoint',
      option,
      () => classifyEndPoint({} as never, {} as never, o as never),
    ]),
    ['renderFigureSvg', 'width', () => renderFigureSvg({ id: 'f' } as never, { width: 0 })],
    ['renderFigureSvg', 'height', () => renderFigureSvg({ id: 'f' } as never, { height: NaN })],
    ['renderFigureSvg', 'idPrefix', () => renderFigureSvg({ id: 'f' } as never, { idPrefix: 3 } as never)],
    ['renderFigureSvg', 'widht', () => renderFigureSvg({ id: 'f' } as never, { widht: 300 } as never)],
    ['confirmFlow', 'minimumDigits', () => confirmFlow({} as never, {} as never, 20, { minimumDigits: -1 })],
    ['confirmFlow', 'digits', () => confirmFlow({} as never, {} as never, 0)],
    ['confirmFlow', 'minDigits', () => confirmFlow({} as never, {} as never, 20, { minDigits: 3 } as never)],
    ...(
      [
        ['reportDigits', { reportDigits: 0 }],
        ['confirmStep', { confirmStep: 2.5 }],
        ['maxRounds', { maxRounds: -1 }],
        ['pair[1]', { pair: [0, 5] }],
        ['pair', { pair: [0, 0] }],
        ['rounds', { rounds: 3 }],
      ] as const
    ).map(([option, o]): [string, string, () => unknown] => [
      'jumpChannel',
      option,
      () => jumpChannel(two.network, (q) => two.dataset(q), theta, '10', o as never),
    ]),
    ...(
      [
        ['nodes', { nodes: 2 }],
        ['maxIterations', { maxIterations: 0 }],
        ['digits', { digits: -12 }],
        ['maxPieces', { maxPieces: 0.5 }],
        ['digitsAt', { digitsAt: 40 }],
        ['elapsed', { elapsed: '-1' }],
        ['maxPeices', { maxPeices: 4 }],
      ] as const
    ).map(([option, o]): [string, string, () => unknown] => [
      'floorTimeBetween',
      option,
      () =>
        floorTimeBetween(
          two.network,
          (q) => two.dataset(q),
          0,
          1,
          {} as never,
          {} as never,
          {
            digitsAt: () => 40,
            ...o,
          } as never,
        ),
    ]),
    ...(
      [
        ['guardDigits', { guardDigits: -1 }],
        ['signed', { signed: 'no' }],
        ['sign', { sign: true }],
      ] as const
    ).map(([option, o]): [string, string, () => unknown] => [
      'toChannelCoordinates',
      option,
      () => toChannelCoordinates({ wi: ['1.5'], wj: ['0.5'], ai: '3', aj: '-1' } as never, p, o as never),
    ]),
  ];
  it.each(cases)('%s refuses a bad %s', (fn, option, f) => {
    const e = optionError(f);
    expect([e.functionName, e.option]).toEqual([fn, option]);
  });

  it('runSweep refuses bad options before touching the output directory', async () => {
    for (const [option, options] of [
      ['workers', { out: '/nonexistent/sweep', workers: 0 }],
      ['workers', { out: '/nonexistent/sweep', workers: 2.5 }],
      ['queueUnreachableMs', { out: '/nonexistent/sweep', queueUnreachableMs: NaN }],
      ['out', { out: '' }],
      ['worker', { out: '/nonexistent/sweep', worker: 2 }],
    ] as const) {
      const e: unknown = await runSweep([], options as never).then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(e, option).toBeInstanceOf(OptionError);
      expect([(e as OptionError).functionName, (e as OptionError).option]).toEqual(['runSweep', option]);
    }
  });

  it('the defaults and good values still pass', () => {
    expect(one(p).kind).toBe('certified');
    expect(certifyByLadder((q) => [new q.D(1)], p, { guard: 0, step: 1, maxWorkingDigits: 1100 }).kind).toBe(
      'certified',
    );
    expect(trainOptions({ optimizer: 'adam', steps: 1, batchSize: 1 }).learningRate).toBe(0.01);
    expect(builtinProblem('rosenbrock-2d', { width: 3 }).student.width).toBe(3);
    const coords = toChannelCoordinates({ wi: ['1.5'], wj: ['0.5'], ai: '3', aj: '-1' } as never, p, {
      signed: true,
      guardDigits: 5,
    });
    expect(coords.kind === 'pair' ? coords.A.toString() : coords.kind).toBe('2');
  });
});
