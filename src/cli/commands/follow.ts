import type { Decimal } from 'decimal.js';
import { InputError } from '../../errors.js';
import { digitsForA, followChannel, MAX_FOLLOW_A, type FollowPoint } from '../../landscape/follow-channel.js';
import { jumpChannel } from '../../landscape/jump-channel.js';
import { neuronPair, pairDivergence } from '../../network/neuron-pair.js';
import { isMultiOutputProblem } from '../../network/multi-output-problem.js';
import { loadProblem } from '../../network/problem.js';
import { MAX_INTERNAL_DIGITS, precision, type Precision } from '../../precision/context.js';
import type { Command } from '../command.js';
import { decimalString, digitsOption, integerInRange, optionalString, requiredString } from '../options.js';
import { readJsonOption } from '../problem-options.js';
import { parsePair } from './infinity.js';
import { runMultiOutputFollow } from './multi-output-channel.js';

/** n significant digits, in exponent notation outside [1e−4, 1e6). */
function short(x: Decimal, n = 12): string {
  const r = x.toSignificantDigits(n);
  const e = r.abs();
  return r.isZero() || (e.gte('1e-4') && e.lt('1e6')) ? r.toString() : r.toExponential().replace('e+', 'e');
}

function pointJson(pt: FollowPoint): Record<string, unknown> {
  return {
    A: pt.A.toString(),
    invEps: pt.invEps.toString(),
    loss: pt.loss.toString(),
    c: pt.c.toString(),
    a: pt.a.toString(),
    v: pt.v.map(String),
    w: pt.w.map(String),
    cosDeltaW: pt.cosDeltaW.toString(),
    slope: pt.slope.toString(),
    lambdaMax: pt.lambdaMax.toString(),
    digits: pt.digits,
    confirmedDigits: pt.confirmedDigits,
    ...(pt.raisedFrom === undefined ? {} : { raisedFrom: pt.raisedFrom }),
    ...(pt.t === undefined ? {} : { t: pt.t.toString(), tError: (pt.tError ?? 0).toString() }),
  };
}

export const followCommand: Command = {
  name: 'follow',
  summary:
    'follow a channel along its valley floor to large |A| (continuation in log A at A-chosen precision; ' +
    'multi-output problems: on the sphere ‖A‖ = |A|)',
  usage:
    'flat-channels follow --problem NAME|FILE [--init JSON|FILE] [--pair I,J] --to A_MAX [--points N] [--time] ' +
    '[--digits N] [--json]',
  examples: [
    'flat-channels follow --problem glu-teacher --to 1e30 --points 4',
    'flat-channels follow --problem glu-teacher --to 1e30 --digits 60 --json',
    'flat-channels follow --problem glu-teacher --to 1e6 --points 4 --time',
    'flat-channels follow --problem test/fixtures/multi-output/glu-teacher-c2.json --to 1e10 --points 8',
  ],
  options: {
    problem: { type: 'string', value: 'NAME|FILE', help: 'a built-in problem or a problem spec JSON file' },
    init: {
      type: 'string',
      value: 'JSON|FILE',
      help: 'start {"w": [[…]], "a": […]} inline or in a file, in a channel (default: the problem\'s initial point)',
    },
    pair: {
      type: 'string',
      value: 'I,J',
      help: 'the pair (1-based; default: the opposite-sign pair with the largest |a_i − a_j|)',
    },
    to: { type: 'string', value: 'A_MAX', help: 'the |A| = |a_i − a_j|/2 to reach, e.g. 1e30' },
    points: {
      type: 'string',
      value: 'N',
      help: 'reported points, geometric in |A| from the start (default 8)',
    },
    route: {
      type: 'string',
      value: 'continuation|jump',
      help: "continuation (default: Newton on the floor at each A) or the paper's jump procedure (halve ε, relax with the flow)",
    },
    time: {
      type: 'boolean',
      help: 'also the gradient-flow time t(A) from the first point, by quadrature of dt = dA/(dA/dt)',
    },
  },
  async run(values, io) {
    // A problem with C outputs (issue 19) is followed on the sphere ‖A‖ = |A| (multi-output-channel.ts).
    if (isMultiOutputProblem(requiredString(values, 'problem'))) return runMultiOutputFollow(values, io);
    const forced = values['digits'] === undefined ? undefined : digitsOption(values);
    const problem = loadProblem(requiredString(values, 'problem'));
    const to = decimalString('--to', requiredString(values, 'to'));
    // The library's one limit (followDigitsBudget reaches MAX_INTERNAL_DIGITS at |A| = MAX_FOLLOW_A), checked before
    // any work: 1e400 was a RangeError with a stack trace, 1e250 the library's own error.
    const p20 = precision(20);
    if (new p20.D(to).abs().gt(MAX_FOLLOW_A))
      throw new InputError(
        `--to: |A| = ${to} is beyond the largest supported ${MAX_FOLLOW_A} (a valley-floor point at |A| needs ` +
          `3·log₁₀|A| + 30 digits, 2·log₁₀|A| + 10 of guard and 60 for raises and confirmation, at most ` +
          `${MAX_INTERNAL_DIGITS} in all)`,
      );
    const route = optionalString(values, 'route') ?? 'continuation';
    if (route !== 'continuation' && route !== 'jump') {
      throw new InputError(`--route: expected continuation or jump, got "${route}"`);
    }
    if (route === 'jump' && (values['time'] === true || optionalString(values, 'points') !== undefined)) {
      throw new InputError('--route jump takes no --time or --points (its points are the jumps, A doubling)');
    }
    if (route === 'jump' && values['digits'] !== undefined) {
      throw new InputError('--route jump chooses its digits from A (no --digits)');
    }
    const pointsRaw = optionalString(values, 'points');
    const points = pointsRaw === undefined ? 8 : integerInRange('--points', pointsRaw, 2, 200);
    const pairRaw = optionalString(values, 'pair');
    const initRaw = optionalString(values, 'init');
    const initJson = initRaw === undefined ? undefined : readJsonOption('--init', initRaw);
    const start = (q: Precision): Decimal[] =>
      initJson === undefined ? problem.initial(q) : problem.parseParams(initJson, q, '--init');
    const q0 = precision(Math.max(40, digitsForA(to) + 10));
    const flat = start(q0);
    const width = problem.network.layout.width;
    const pair = pairRaw === undefined ? undefined : parsePair(pairRaw, width);
    const A0 =
      pair === undefined
        ? undefined
        : pairDivergence(neuronPair(problem.network.layout, flat, pair[0], pair[1]));
    if (A0?.isZero() === true)
      throw new InputError('--pair: the two readouts are equal (A = 0): not in a channel');
    if (!new q0.D(to).gt(0)) throw new InputError(`--to: expected |A| > 0, got ${to}`);
    if (A0 !== undefined && !new q0.D(to).gt(A0.abs())) {
      throw new InputError(`--to: ${to} does not exceed the start's |A| = ${A0.abs().toString()}`);
    }
    let outcome;
    try {
      outcome =
        route === 'jump'
          ? jumpChannel(
              problem.network,
              (q) => problem.dataset(q),
              flat,
              to,
              pair === undefined ? {} : { pair },
            )
          : followChannel(problem.network, (q) => problem.dataset(q), flat, to, {
              points,
              ...(pair === undefined ? {} : { pair }),
              ...(forced === undefined ? {} : { digits: forced }),
              time: values['time'] === true,
            });
    } catch (e) {
      if (e instanceof RangeError)
        throw new InputError(`follow: ${e.message.replace(/^(followChannel|jumpChannel): /, '')}`);
      throw e;
    }
    const raised = outcome.points.filter((p) => p.raisedFrom !== undefined);
    if (forced !== undefined && raised.length > 0) {
      io.stderr(
        `flat-channels follow: --digits ${forced} is too few beyond |A| = ${short(raised[0]!.A, 3)} ` +
          `(a loss there needs ≈ 3·log₁₀|A| + 10 digits and is silently wrong with fewer): raised to ` +
          `${raised.map((p) => p.digits).join(', ')} digits at the ${raised.length} point(s) that need more\n`,
      );
    }
    const [i, j] = outcome.pair;
    if (values['json'] === true) {
      io.stdout(
        JSON.stringify({
          problem: problem.name,
          pair: [i + 1, j + 1],
          route,
          status: outcome.kind,
          ...(outcome.kind === 'failed' ? { reason: outcome.reason } : {}),
          reportDigits: 20,
          ...(forced === undefined ? {} : { digitsRequested: forced, digitsRaised: raised.length > 0 }),
          points: outcome.points.map(pointJson),
          fits:
            outcome.kind === 'reached' && outcome.fits !== undefined
              ? {
                  lossAtInfinity: outcome.fits.lossAtInfinity.toString(),
                  gapPower: outcome.fits.gapPower.toString(),
                  lambdaPower: outcome.fits.lambdaPower.toString(),
                  slopePower: outcome.fits.slopePower.toString(),
                }
              : {},
        }) + '\n',
      );
      return outcome.kind === 'reached' ? 0 : 1;
    }
    const lines = [
      `channel of ${problem.name}, neurons ${i + 1}, ${j + 1}: valley floor at fixed A = (a_${i + 1} − a_${j + 1})/2`,
      route === 'jump'
        ? 'jump route: ε halved at fixed c, a, w, Δ (A doubled), the rest relaxed by the flow at the digits shown;\n' +
          'every relaxed point solved again at +20 by Newton from there, agreeing to 20 digits (12 shown)'
        : 'every point solved at the digits shown and again at +20, agreeing to 20 digits (12 shown)',
      ...outcome.points.map(
        (p) =>
          `  A = ${short(p.A, 3).padEnd(8)} 1/ε = ${short(p.invEps, 6).padEnd(12)} loss = ${short(p.loss).padEnd(19)} ` +
          `c = ${short(p.c, 8).padEnd(11)} a = ${short(p.a, 8).padEnd(11)} cos(Δ,w) = ${short(p.cosDeltaW, 3)}  digits ${p.digits}` +
          (p.t === undefined ? '' : `  t = ${short(p.t)}`),
      ),
    ];
    if (outcome.kind === 'reached' && outcome.fits !== undefined) {
      const f = outcome.fits;
      lines.push(
        `fits on the last three points: loss − L∞ ∝ ε^${short(f.gapPower, 4)}, λ_max ∝ (1/ε)^${short(f.lambdaPower, 4)}, ` +
          `|dL/dA| ∝ ε^${short(f.slopePower, 4)}, L∞ ≈ ${short(f.lossAtInfinity, 4)}`,
      );
    }
    io.stdout(lines.join('\n') + '\n');
    if (outcome.kind === 'failed') {
      io.stderr(`flat-channels follow: stopped: ${outcome.reason}\n`);
      return 1;
    }
    return 0;
  },
};
