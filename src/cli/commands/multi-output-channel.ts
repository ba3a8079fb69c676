import type { Decimal } from 'decimal.js';
import { InputError } from '../../errors.js';
import {
  detectMultiOutputChannels,
  type MultiOutputDetectedPair,
} from '../../landscape/multi-output-detect.js';
import {
  followMultiOutputChannel,
  type MultiOutputFollowPoint,
} from '../../landscape/multi-output-follow.js';
import { unflattenMultiOutput } from '../../network/multi-output-params.js';
import { loadMultiOutputProblem } from '../../network/multi-output-problem.js';
import { precision } from '../../precision/context.js';
import type { Io } from '../command.js';
import {
  decimalString,
  integerInRange,
  optionalString,
  requiredString,
  type ParsedValues,
} from '../options.js';
import { readJsonOption } from '../problem-options.js';
import { parsePair } from './infinity.js';

/** Significant digits of every multi-output follow point (each confirmed by a solve at +20 digits). */
export const MULTI_OUTPUT_REPORT_DIGITS = 30;

/** The largest |A| the multi-output follow accepts from the command line. */
const MAX_MULTI_OUTPUT_A = '1e100';

function short(x: Decimal, n = 12): string {
  const r = x.toSignificantDigits(n);
  const e = r.abs();
  return r.isZero() || (e.gte('1e-4') && e.lt('1e6')) ? r.toString() : r.toExponential().replace('e+', 'e');
}

const vec = (xs: readonly Decimal[], n = 12): string => `(${xs.map((x) => short(x, n)).join(', ')})`;

/** Options of the scalar command that the multi-output route does not take. */
function refuse(values: ParsedValues, command: string, names: readonly string[]): void {
  for (const name of names)
    if (values[name] !== undefined && values[name] !== false)
      throw new InputError(
        `${command} --${name}: not available for a multi-output problem (docs/multi-output.md)`,
      );
}

/** `follow --problem P` where P has C outputs (built-in or version-2 spec): continuation on the sphere ‖A‖ = |A|. */
export function runMultiOutputFollow(values: ParsedValues, io: Io): number {
  refuse(values, 'follow', ['digits', 'time', 'route']);
  const problem = loadMultiOutputProblem(requiredString(values, 'problem'));
  const to = decimalString('--to', requiredString(values, 'to'));
  const q = precision(40);
  if (!new q.D(to).gt(0)) throw new InputError(`--to: expected |A| > 0, got ${to}`);
  if (new q.D(to).gt(MAX_MULTI_OUTPUT_A))
    throw new InputError(
      `--to: |A| = ${to} is beyond the largest supported for multi-output problems, ${MAX_MULTI_OUTPUT_A}`,
    );
  const pointsRaw = optionalString(values, 'points');
  const points = pointsRaw === undefined ? 8 : integerInRange('--points', pointsRaw, 2, 200);
  const initRaw = optionalString(values, 'init');
  const start =
    initRaw === undefined
      ? problem.initial(q)
      : problem.parseParams(readJsonOption('--init', initRaw), q, '--init');
  const pairRaw = optionalString(values, 'pair');
  const pair = pairRaw === undefined ? undefined : parsePair(pairRaw, problem.network.layout.width);
  let outcome;
  try {
    outcome = followMultiOutputChannel(problem, start, to, {
      points,
      reportDigits: MULTI_OUTPUT_REPORT_DIGITS,
      ...(pair === undefined ? {} : { pair }),
    });
  } catch (e) {
    if (e instanceof RangeError)
      throw new InputError(`follow: ${e.message.replace(/^followMultiOutputChannel: /, '')}`);
    throw e;
  }
  const [i, j] = outcome.pair;
  const strs = (xs: readonly Decimal[]): string[] => xs.map(String);
  const paramsJson = (flat: readonly Decimal[]): Record<string, unknown> => {
    const u = unflattenMultiOutput(problem.network.layout, flat);
    return {
      w: u.w.map(strs),
      a: u.a.map(strs),
      ...(u.b === undefined ? {} : { b: strs(u.b) }),
    };
  };
  const pointJson = (p: MultiOutputFollowPoint): Record<string, unknown> => ({
    A: p.A.toString(),
    divergence: strs(p.divergence),
    eps: p.eps.toString(),
    loss: p.loss.toString(),
    c: strs(p.c),
    a: strs(p.a),
    w: strs(p.w),
    delta: strs(p.delta),
    digits: p.digits,
    confirmedDigits: p.confirmedDigits,
    // The point as a parameters JSON ({"w", "a", "b"?}), for `detect --network` or `--init`.
    params: paramsJson(p.params),
  });
  const limit = outcome.kind === 'reached' ? outcome.limit : undefined;
  if (values['json'] === true) {
    io.stdout(
      JSON.stringify({
        problem: problem.name,
        outputs: problem.network.layout.outputs,
        pair: [i + 1, j + 1],
        status: outcome.kind,
        ...(outcome.kind === 'failed' ? { reason: outcome.reason } : {}),
        reportDigits: MULTI_OUTPUT_REPORT_DIGITS,
        points: outcome.points.map(pointJson),
        limit:
          limit === undefined
            ? null
            : {
                c: strs(limit.c),
                a: strs(limit.a),
                w: strs(limit.w),
                delta: strs(limit.delta),
                digits: limit.digits,
              },
      }) + '\n',
    );
    return outcome.kind === 'reached' ? 0 : 1;
  }
  const lines = [
    `channel of ${problem.name} (C = ${problem.network.layout.outputs} outputs), neurons ${i + 1}, ${j + 1}: ` +
      `valley floor on the sphere ‖A‖ = |A|, A = (a_${i + 1} − a_${j + 1})/2 ∈ R^C`,
    `every point solved at the digits shown and again at +20, agreeing to ${MULTI_OUTPUT_REPORT_DIGITS} digits (8 shown)`,
    ...outcome.points.map(
      (p) =>
        `  |A| = ${short(p.A, 3).padEnd(8)} ε = ${short(p.eps, 6).padEnd(12)} loss = ${short(p.loss, 8).padEnd(15)} ` +
        `c = ${vec(p.c, 8)}  a = ${vec(p.a, 8)}  digits ${p.digits}`,
    ),
  ];
  if (limit !== undefined)
    lines.push(
      `vector GLU limit c σ(w·x) + a (Δ·x) σ′(w·x), Richardson in 1/|A|² on the last points, ${limit.digits} digits ` +
        `(the last two against the two before):`,
      `  c = ${vec(limit.c, limit.digits)}`,
      `  a = ${vec(limit.a, limit.digits)}`,
      `  w = ${vec(limit.w, limit.digits)}`,
      `  Δ = ${vec(limit.delta, limit.digits)}`,
    );
  io.stdout(lines.join('\n') + '\n');
  if (outcome.kind === 'failed') {
    io.stderr(`flat-channels follow: stopped: ${outcome.reason}\n`);
    return 1;
  }
  return 0;
}

function pairLine(p: MultiOutputDetectedPair): string {
  const glu =
    p.glu === undefined
      ? ''
      : `; GLU c = (${p.glu.c.join(', ')}), a = (${p.glu.a.join(', ')}), w = (${p.glu.w.join(', ')}), ` +
        `Δ = (${p.glu.delta.join(', ')}), ε = ${p.glu.eps}`;
  return (
    `  pair ${p.i + 1},${p.j + 1}: cosine distance ${p.cosineDistance}, readouts ${p.readoutsOpposite ? 'opposite' : 'not opposite'} ` +
    `(cos ${p.readoutCosine}), ‖a_i‖+‖a_j‖ = ${p.sumNormA}, |A| = ${p.divergence}${glu} → ${p.verdict}`
  );
}

/**
 * `detect --problem P` where P has C outputs: the criteria with vector readouts at the problem's initial point or at
 * `--network` (a parameters JSON {"w", "a", "b"?} of P, inline or a file).
 */
export function runMultiOutputDetect(values: ParsedValues, io: Io): number {
  refuse(values, 'detect', ['confirm', 'growth', 'layout', 'hidden-bias', 'activation', 'data']);
  const problem = loadMultiOutputProblem(requiredString(values, 'problem'));
  const q = precision(60);
  const raw = optionalString(values, 'network');
  const flat =
    raw === undefined
      ? problem.initial(q)
      : problem.parseParams(readJsonOption('--network', raw), q, '--network');
  const result = detectMultiOutputChannels(problem.network, flat, { problem });
  if (values['json'] === true) {
    io.stdout(
      JSON.stringify({ problem: problem.name, outputs: problem.network.layout.outputs, ...result }) + '\n',
    );
    return 0;
  }
  const lines = [
    `network of ${problem.name}: ${problem.network.layout.width} neurons, C = ${problem.network.layout.outputs} outputs ` +
      `(readout vectors a_k ∈ R^C, compared as they stand)`,
    `‖θ‖ = ${result.parameterNorm} (${result.normLarge ? 'above' : 'not above'} the paper's norm threshold 10³)` +
      (result.loss === undefined ? '' : `; loss ${result.loss}, ‖∇L‖ = ${result.gradNorm ?? ''}`),
    ...result.pairs.slice(0, 5).map(pairLine),
    ...(result.pairs.length > 5 ? [`  (${result.pairs.length - 5} more pairs; see --json)`] : []),
    `verdict: ${result.verdict}`,
  ];
  io.stdout(lines.join('\n') + '\n');
  return 0;
}
