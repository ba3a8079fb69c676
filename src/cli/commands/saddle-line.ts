import type { Decimal } from 'decimal.js';
import { InputError } from '../../errors.js';
import { integrate, MAX_FLOW_TIME, MIN_FLOW_TIME } from '../../flow/integrate.js';
import { refineCriticalPoint } from '../../flow/refine-critical-point.js';
import {
  perturbSaddleLine,
  type PerturbDirection,
  type SaddleLinePerturbation,
} from '../../landscape/perturb-saddle-line.js';
import { saddleLine, type SaddleLineResult, type SaddlePrediction } from '../../landscape/saddle-line.js';
import { paramsToJson, unflatten } from '../../network/params.js';
import type { Problem } from '../../network/problem.js';
import { precision, roundTo, type Precision } from '../../precision/context.js';
import type { Command } from '../command.js';
import { decimalString, digitsOption, integerInRange, optionalString, requiredString } from '../options.js';
import { problemAtWidth, readJsonOption } from '../problem-options.js';

/**
 * Newton finds the critical point nearest its start, of any type (on rosenbrock-2d at width 1 from the initial
 * point: the degenerate saddle a = 0 with loss 1); theorem 3's plateau segment needs a strict minimum: say how to
 * get one.
 */
function notAMinimum(problem: string, width: number, trained: boolean): string {
  return (
    `this is the critical point nearest the start, not a minimum, so theorem 3 predicts no plateau segment; ` +
    (trained
      ? 'the gradient flow ended near it: try a longer --train time or another --init'
      : `for a minimum, train first (flat-channels flow --problem ${problem} --width ${width}), here with ` +
        '--train T (e.g. --train 1e4: Newton from the end point of the gradient flow) or --init a trained point')
  );
}

/** Where Theorem 3 puts the minima of the line θ_γ (mathematics.md §3). */
const STABLE_SEGMENT: Readonly<Record<SaddlePrediction, string>> = {
  inside: 'γ ∈ (0, 1)',
  outside: 'γ ∉ [0, 1]',
  none: 'none',
  degenerate: 'undecided (B is singular)',
  'saddle-base': 'none',
};

function definiteness(eigenvalues: readonly Decimal[]): string {
  if (eigenvalues.some((e) => e.isZero())) return 'singular';
  if (eigenvalues.every((e) => e.gt(0))) return 'positive definite';
  if (eigenvalues.every((e) => e.lt(0))) return 'negative definite';
  return 'indefinite';
}

function parseGammas(raw: string): string[] {
  const parts = raw.split(',').map((s) => s.trim());
  if (parts.length === 0 || parts.some((s) => s === '')) {
    throw new InputError(`--gammas: expected a comma-separated list such as -1,0.5,2, got "${raw}"`);
  }
  return parts.map((s) => decimalString('--gammas', s));
}

/**
 * Guard digits of the refinement: Newton runs at digits + 15 until its step is below 10^−(digits+5)·max(1, ‖θ‖∞),
 * so the critical point, and B computed from it, carry about digits + 5 correct digits; the ladder then compares
 * them rounded to the requested digits.
 */
const STEP_GUARD = 5;

function refine(problem: Problem, start: readonly Decimal.Value[], q: Precision, origin: string) {
  const refined = refineCriticalPoint(problem, start, q, {
    stepTolerance: new q.D(10).pow(-(q.digits + STEP_GUARD)),
    guardDigits: 15,
  });
  if (refined.kind === 'converged') return refined;
  const at = `from ${origin} at ${q.digits} digits`;
  if (refined.kind === 'channelSuspected') {
    const pair = refined.evidence.pair;
    throw new InputError(
      `saddle-line: no critical point found ${at}: the start lies in a channel, where the parameters run off to ` +
        `infinity instead of converging (${refined.evidence.reason}` +
        (pair === undefined ? '' : `; neurons ${pair.i + 1} and ${pair.j + 1}, A = ${pair.divergence}`) +
        '). Try another --width, or a problem file whose explicit initial point lies near a finite critical point; ' +
        '`flat-channels detect` and `flat-channels follow` describe the channel itself.',
    );
  }
  const why =
    refined.kind === 'stalled'
      ? refined.reason
      : `no convergence in ${refined.iterations} Newton iterations (‖∇L‖∞ = ${refined.gradNormInf.toExponential(2)})`;
  throw new InputError(
    `saddle-line: no critical point found ${at} (${why}). Start nearer one: --train T refines the end point of ` +
      'the gradient flow, --init a trained point.',
  );
}

/**
 * The end point of the float64 gradient flow from `start` to time T (the start of Newton with --train): a flow
 * descends, so it ends near a minimum unless it runs into a channel, where no finite critical point lies ahead.
 */
function trainedStart(
  problem: Problem,
  start: readonly Decimal[],
  train: string,
  q: Precision,
  origin: string,
): readonly string[] {
  const flow = integrate(problem, start, q, { times: [train], method: 'float64', recordsPerDecade: 0 });
  const o = flow.outcome;
  if (o.kind === 'channelSuspected') {
    const pair = o.evidence.pair;
    throw new InputError(
      `saddle-line: the gradient flow from ${origin} runs into a channel by t = ${o.t} (${o.evidence.reason}` +
        (pair === undefined ? '' : `; neurons ${pair.i + 1} and ${pair.j + 1}, A = ${pair.divergence}`) +
        '): no finite critical point lies ahead of it. Try another --init or --width; ' +
        '`flat-channels detect` and `flat-channels follow` describe the channel.',
    );
  }
  if (o.kind === 'stepFailure' || o.kind === 'maxSteps' || o.kind === 'interrupted') {
    throw new InputError(`saddle-line: the gradient flow from ${origin} stopped at t = ${o.t} (${o.kind})`);
  }
  const last = flow.states[flow.states.length - 1];
  if (last === undefined) throw new Error('saddle-line: the flow recorded no state');
  return last.params;
}

function run(
  problem: Problem,
  start: readonly Decimal.Value[],
  k: number,
  gammas: readonly string[],
  q: Precision,
  origin: string,
) {
  const refined = refine(problem, start, q, origin);
  return {
    refined,
    line: saddleLine(problem.network, (d) => problem.dataset(d), refined.point, k, gammas, q),
  };
}

export const saddleLineCommand: Command = {
  name: 'saddle-line',
  summary:
    'the saddle line of a split neuron: B, its predicted plateau segment, and the Hessian inertia along γ',
  usage:
    'flat-channels saddle-line --problem NAME|FILE --width R [--neuron K] [--gammas G1,G2,…] [--perturb ALPHA ' +
    '[--direction hessian|split] [--time T]] [--init JSON|FILE] [--train T] [--digits N] [--json]',
  examples: [
    'flat-channels saddle-line --problem two-param --width 1 --gammas -1,0.5,2',
    'flat-channels saddle-line --problem paper-toy --width 1 --gammas -0.5,0.5,1.5 --digits 15 --json',
    'flat-channels saddle-line --problem two-param --width 1 --gammas 0.5 --perturb 0.01',
  ],
  options: {
    problem: { type: 'string', value: 'NAME|FILE', help: 'a built-in problem or a problem spec file' },
    width: { type: 'string', value: 'R', help: 'width of the network whose critical point is split' },
    neuron: { type: 'string', value: 'K', help: 'the neuron split, 1-based (default R)' },
    gammas: {
      type: 'string',
      value: 'G1,G2,…',
      help: 'split fractions γ at which to report the Hessian inertia (negative values allowed: -1,0.5,2)',
    },
    perturb: {
      type: 'string',
      value: 'ALPHA',
      help: 'perturb each θ_γ by α·e_min and integrate the gradient flow: returns to the line or escapes',
    },
    direction: {
      type: 'string',
      value: 'hessian|split',
      help: 'e_min: smallest Hessian eigenvector across the line (default) or the split direction ((1−γ)u, −γu)',
    },
    time: {
      type: 'string',
      value: 'T',
      help: 'flow time of --perturb (default 6/|curvature| clamped to [1, 1e4])',
    },
    init: {
      type: 'string',
      value: 'JSON|FILE',
      help: 'start {"w": [[…]], "a": […]} inline or in a file (default: the problem\'s initial point at --width)',
    },
    train: {
      type: 'string',
      value: 'T',
      help: 'integrate the float64 gradient flow from the start to time T first, then refine its end point',
    },
  },
  async run(values, io) {
    const digits = digitsOption(values);
    const ref = requiredString(values, 'problem');
    const width = integerInRange('--width', requiredString(values, 'width'), 1, 1000);
    const neuronRaw = optionalString(values, 'neuron');
    const k = (neuronRaw === undefined ? width : integerInRange('--neuron', neuronRaw, 1, width)) - 1;
    const gammasRaw = optionalString(values, 'gammas');
    const gammas = gammasRaw === undefined ? [] : parseGammas(gammasRaw);
    const perturbRaw = optionalString(values, 'perturb');
    const alpha = perturbRaw === undefined ? undefined : decimalString('--perturb', perturbRaw);
    const directionRaw = optionalString(values, 'direction') ?? 'hessian';
    if (directionRaw !== 'hessian' && directionRaw !== 'split') {
      throw new InputError(`--direction: expected hessian or split, got "${directionRaw}"`);
    }
    const direction: PerturbDirection = directionRaw;
    const timeRaw = optionalString(values, 'time');
    const time = timeRaw === undefined ? undefined : decimalString('--time', timeRaw);
    if (alpha === undefined && (timeRaw !== undefined || optionalString(values, 'direction') !== undefined)) {
      throw new InputError('--direction and --time need --perturb ALPHA');
    }
    if (alpha !== undefined && new (precision(20).D)(alpha).isZero()) {
      throw new InputError('--perturb: α must be nonzero');
    }
    if (time !== undefined && !new (precision(20).D)(time).gt(0)) {
      throw new InputError(`--time: expected a time > 0, got ${time}`);
    }
    const initRaw = optionalString(values, 'init');
    const trainRaw = optionalString(values, 'train');
    const train = trainRaw === undefined ? undefined : decimalString('--train', trainRaw);
    if (train !== undefined) {
      const T = new (precision(20).D)(train);
      if (!T.gt(0) || T.lt(MIN_FLOW_TIME) || T.gt(MAX_FLOW_TIME))
        throw new InputError(`--train: expected a time in ${MIN_FLOW_TIME}…${MAX_FLOW_TIME}, got ${train}`);
    }
    const problem = problemAtWidth(ref, width, '--width');
    const p = precision(digits);
    // The ladder: the critical point refined to full precision at digits + STEP_GUARD, then again from there at
    // 20 more digits; every printed value, rounded to the requested digits, must agree between the two.
    const lo = precision(digits + STEP_GUARD);
    const q0 = precision(digits + 10);
    const initJson = initRaw === undefined ? undefined : readJsonOption('--init', initRaw);
    const given = initJson === undefined ? problem.initial(q0) : problem.parseParams(initJson, q0, '--init');
    const origin = initJson === undefined ? "the problem's initial point" : 'the --init point';
    const start = train === undefined ? given : trainedStart(problem, given, train, q0, origin);
    const from = train === undefined ? origin : `the gradient flow's end point (t = ${train} from ${origin})`;
    const first = run(problem, start, k, gammas, lo, from);
    const second = run(problem, first.refined.point, k, gammas, precision(lo.digits + 20), from);
    const r = (x: Decimal): Decimal => roundTo(p, x);
    // Eigenvalues of B below 10^−digits·max(1, max|λ|) are zero to the precision (B vanishes exactly when a*_k or
    // the residual does): printed as 0.
    const bScale = second.line.eigenvalues.reduce((mx, e) => (e.abs().gt(mx) ? e.abs() : mx), new p.D(1));
    const tiny = bScale.times(new p.D(10).pow(-digits));
    const eigen = (x: Decimal): Decimal => (x.abs().lt(tiny) ? new p.D(0) : r(x));
    // Likewise a coordinate of θ* below 10^−digits·max(1, ‖θ*‖∞) is zero to the precision (e.g. a* = 0 exactly).
    const thetaScale = second.refined.point.reduce((mx, x) => (x.abs().gt(mx) ? x.abs() : mx), new p.D(1));
    const tinyTheta = thetaScale.times(new p.D(10).pow(-digits));
    const coord = (x: Decimal): Decimal => (x.abs().lt(tinyTheta) ? new p.D(0) : r(x));
    const key = (s: SaddleLineResult, refined: { loss: Decimal; point: readonly Decimal[] }): string =>
      [
        r(refined.loss),
        ...refined.point.map(coord),
        ...s.B.flat().map(eigen),
        ...s.eigenvalues.map(eigen),
        s.prediction,
        ...s.line.map((l) => r(l.loss)),
      ]
        .map(String)
        .join(',');
    if (key(first.line, first.refined) !== key(second.line, second.refined)) {
      io.stderr(
        `flat-channels saddle-line: results at ${lo.digits} and ${lo.digits + 20} digits disagree when rounded ` +
          `to ${digits} digits; nothing printed\n`,
      );
      return 1;
    }
    const res = second.line;
    const perturbations: (SaddleLinePerturbation | undefined)[] = res.line.map((l) =>
      alpha === undefined
        ? undefined
        : perturbSaddleLine(
            problem.network,
            (d) => problem.dataset(d),
            second.refined.point,
            k,
            l.gamma,
            alpha,
            p,
            { direction, ...(time === undefined ? {} : { time }) },
          ),
    );
    const layout = problem.network.layout;
    const params = paramsToJson(unflatten(layout, second.refined.point.map(coord)));
    const body = {
      problem: problem.name,
      width,
      neuron: k + 1,
      criticalPoint: {
        params,
        loss: r(second.refined.loss).toString(),
        gradNorm: second.refined.gradNormInf.toExponential(3),
        type: second.refined.type,
        ...(second.refined.type === 'minimum'
          ? {}
          : { note: notAMinimum(problem.name, width, train !== undefined) }),
      },
      B: {
        matrix: res.B.map((row) => row.map((x) => eigen(x).toString())),
        eigenvalues: res.eigenvalues.map((x) => eigen(x).toString()),
        definiteness: definiteness(res.eigenvalues.map(eigen)),
      },
      prediction: res.prediction,
      stableSegment: STABLE_SEGMENT[res.prediction],
      line: res.line.map((l, idx) => {
        const pt = perturbations[idx];
        return {
          gamma: l.gamma.toString(),
          loss: r(l.loss).toString(),
          gradNorm: l.gradNorm.toExponential(3),
          inertia: l.inertia,
          ...(l.agrees === undefined ? {} : { agrees: l.agrees }),
          ...(pt === undefined
            ? {}
            : {
                perturbation: {
                  alpha: pt.alpha.toString(),
                  direction: pt.direction,
                  curvature: pt.curvature.toString(),
                  time: pt.time.toString(),
                  distanceStart: pt.distanceStart.toString(),
                  distanceEnd: pt.distanceEnd.toString(),
                  ...(pt.gammaEnd === undefined ? {} : { gammaEnd: pt.gammaEnd.toString() }),
                  lossDrop: pt.lossDrop.toString(),
                  verdict: pt.verdict,
                },
              }),
        };
      }),
    };
    const disagree = res.line.some((l) => l.agrees === false);
    if (values['json'] === true) {
      io.stdout(JSON.stringify(body) + '\n');
      return disagree ? 1 : 0;
    }
    const short = (x: Decimal): string => x.toSignificantDigits(12).toString();
    const meaning: Record<string, string> = {
      inside: 'B positive definite: minima for γ in (0, 1) (a plateau saddle), saddles outside',
      outside: 'B negative definite: minima for γ < 0 and γ > 1, saddles inside',
      none: 'B indefinite: saddles for every γ ≠ 0, 1',
      degenerate: 'B has a zero eigenvalue: no prediction',
      'saddle-base': 'the critical point is itself a saddle: every θ_γ is a saddle',
    };
    const lines = [
      `critical point of ${problem.name} at width ${width} (${second.refined.type}): loss ${short(second.refined.loss)}, ` +
        `‖∇L‖∞ ${second.refined.gradNormInf.toExponential(1)}`,
      ...(second.refined.type === 'minimum'
        ? []
        : [`note: ${notAMinimum(problem.name, width, train !== undefined)}`]),
      `B of neuron ${k + 1}: eigenvalues ${res.eigenvalues.map((x) => short(eigen(x))).join(', ')} ` +
        `(${definiteness(res.eigenvalues.map(eigen))}) → ${meaning[res.prediction] ?? res.prediction}`,
      `stable segment of the saddle line: ${STABLE_SEGMENT[res.prediction]}`,
      ...res.line.flatMap((l, idx) => {
        const pt = perturbations[idx];
        const head =
          `  γ = ${l.gamma.toString().padEnd(6)} loss ${short(l.loss)}  ‖∇L‖∞ ${l.gradNorm.toExponential(1)}  ` +
          `inertia (neg ${l.inertia.neg}, zero ${l.inertia.zero}, pos ${l.inertia.pos})` +
          (l.agrees === undefined ? '  (γ ∈ {0, 1}: extra zeros)' : l.agrees ? '  agrees' : '  DISAGREES');
        if (pt === undefined) return [head];
        return [
          head,
          `      perturbed by ${pt.alpha.toString()}·e (${pt.direction}, curvature ${pt.curvature.toString()}), ` +
            `flow to t = ${pt.time.toString()}: distance ${pt.distanceStart.toString()} → ${pt.distanceEnd.toString()}` +
            (pt.gammaEnd === undefined ? '' : ` (nearest γ ${pt.gammaEnd.toString()})`) +
            `, loss drop ${pt.lossDrop.toString()}: ${pt.verdict}`,
        ];
      }),
    ];
    io.stdout(lines.join('\n') + '\n');
    return disagree ? 1 : 0;
  },
};
