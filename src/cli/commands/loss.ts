import type { Decimal } from 'decimal.js';
import { InputError } from '../../errors.js';
import { isMultiOutputProblem, loadMultiOutputProblem } from '../../network/multi-output-problem.js';
import type { Problem } from '../../network/problem.js';
import { precision, type Precision } from '../../precision/context.js';
import { certifyByLadder } from '../../precision/ladder.js';
import type { Command } from '../command.js';
import { digitsOption, optionalString } from '../options.js';
import { problemOption, readJsonOption } from '../problem-options.js';
import { progressLine } from '../progress.js';

/** Digits of `value` that an absolute error `error` leaves earned (at most `digits`, at least 1). */
function earnedDigits(value: Decimal, error: Decimal, digits: number): number {
  if (error.isZero() || value.isZero()) return digits;
  const ratio = value.abs().div(error);
  return Math.max(1, Math.min(digits, Math.floor(ratio.log(10).toNumber())));
}

/** What the loss command uses of a problem: a scalar {@link Problem}, or one with C outputs (format version 2). */
type LossProblem = Pick<Problem, 'name' | 'parameterNames' | 'initial' | 'parseParams' | 'evaluate'> & {
  samples(q: Precision): number;
};

function lossProblem(values: Parameters<Command['run']>[0]): LossProblem {
  const ref = optionalString(values, 'problem');
  if (ref === undefined || !isMultiOutputProblem(ref)) {
    const problem = problemOption(values);
    return { ...problem, samples: (q) => problem.dataset(q).targets.length };
  }
  if (optionalString(values, 'width') !== undefined)
    throw new InputError(
      `--width: ${ref} is a multi-output problem; --width applies to scalar problems only`,
    );
  const problem = loadMultiOutputProblem(ref);
  return {
    ...problem,
    samples: (q) => problem.dataset(q).inputs.length,
    evaluate: (flat, q, o = {}) =>
      problem.evaluate(flat, q, {
        gradient: o.gradient ?? true,
        hessian: o.hessian ?? false,
        ...(o.onProgress === undefined ? {} : { onProgress: o.onProgress }),
      }),
  };
}

export const lossCommand: Command = {
  name: 'loss',
  summary:
    'loss, gradient and (optionally) Hessian of a problem at a parameter point, every printed digit checked',
  usage:
    'flat-channels loss --problem NAME|FILE [--params JSON|FILE] [--hessian] [--width N] [--digits N] [--json]',
  examples: [
    'flat-channels loss --problem two-param',
    'flat-channels loss --problem glu-teacher --params \'{"w": [["1.1"], ["0.9"]], "a": ["5", "-4.5"]}\' --hessian --digits 60 --json',
    'flat-channels loss --problem paper-toy --digits 30 --json',
  ],
  options: {
    problem: {
      type: 'string',
      value: 'NAME|FILE',
      help: 'a built-in problem (two-param, glu-teacher, paper-toy, rosenbrock-2d; mixture-c3, mixture-c5, mixture-c10 with C outputs) or a problem spec JSON file',
    },
    params: {
      type: 'string',
      value: 'JSON|FILE',
      help: 'parameters {"w": [[…]], "a": […]} inline or in a file (default: the problem\'s initial point)',
    },
    hessian: { type: 'boolean', help: 'also compute the Hessian' },
    width: {
      type: 'string',
      value: 'N',
      help: 'student width of problems with a seeded initialisation (rosenbrock-2d)',
    },
  },
  async run(values, io) {
    const digits = digitsOption(values);
    const problem = lossProblem(values);
    const paramsRaw = optionalString(values, 'params');
    const paramsJson = paramsRaw === undefined ? undefined : readJsonOption('--params', paramsRaw);
    const at = (q: Precision): Decimal[] =>
      paramsJson === undefined ? problem.initial(q) : problem.parseParams(paramsJson, q, '--params');
    at(precision(20)); // input errors before any computation
    const hessian = values['hessian'] === true;
    const P = problem.parameterNames.length;
    const p = precision(digits);
    let quadratureError: Decimal | undefined;
    let gradientErrors: readonly Decimal[] | undefined;
    let hessianErrors: readonly (readonly Decimal[])[] | undefined;
    // Every printed digit is checked by the ladder (the same computation 20 digits higher rounds to it); for a
    // population the two rungs use different quadrature rules, so their agreement also checks the quadrature.
    // Large data (10⁵–10⁶ samples, fine population rules) take minutes per rung: say which rung is running.
    const progress = progressLine(io, values['json'] === true);
    let rung = 0;
    let outcome: ReturnType<typeof certifyByLadder>;
    try {
      outcome = certifyByLadder(
        (q) => {
          rung++;
          const head = `loss: ${problem.name}: evaluating at ${q.digits} working digits (rung ${rung}; the ladder needs two that agree)`;
          // Realising the data (targets at q digits) can take most of a rung (2·10⁴ formula targets: 7 s CPU, the
          // sums 0.9 s); it reports no progress of its own, so the line names the phase. The sums then report
          // every few thousand samples.
          progress.update(`${head}: realising the data…`);
          const N = problem.samples(q);
          const r = problem.evaluate(at(q), q, {
            gradient: true,
            hessian,
            quadratureErrors: true,
            onProgress: (done) => progress.update(`${head}: ${done} of ${N} samples…`),
          });
          quadratureError = r.quadratureError;
          gradientErrors = r.gradientQuadratureErrors;
          hessianErrors = r.hessianQuadratureErrors;
          return [r.loss, ...(r.gradient ?? []), ...(r.hessian ?? []).flat()];
        },
        p,
        {
          scale: (vs) => vs.reduce((m, v) => (v.abs().gt(m) ? v.abs() : m), new p.D(1)),
          maxWorkingDigits: Math.min(1100, digits + 70),
        },
      );
    } finally {
      progress.done();
    }
    if (outcome.kind === 'uncertain') {
      io.stderr(
        `flat-channels: could not earn ${digits} digits for the loss of ${problem.name}: ${outcome.reason}\n`,
      );
      return 1;
    }
    const [loss, ...rest] = outcome.values as [Decimal, ...Decimal[]];
    const gradient = rest.slice(0, P);
    const hessianRows = hessian
      ? Array.from({ length: P }, (_, i) => rest.slice(P + i * P, P + (i + 1) * P))
      : [];
    const label = (i: number): string =>
      i === 0
        ? 'loss'
        : i <= P
          ? `gradient[${problem.parameterNames[i - 1] ?? ''}]`
          : `hessian[${problem.parameterNames[Math.floor((i - 1 - P) / P)] ?? ''}][${problem.parameterNames[(i - 1 - P) % P] ?? ''}]`;
    const zeroWithin = Object.fromEntries(
      outcome.unresolvedZeros.map((z) => [label(z.index), z.bound.toString()]),
    );
    // A population loss also carries the quadrature error of the finer rung: print only the digits it leaves.
    const lossDigits = quadratureError === undefined ? digits : earnedDigits(loss, quadratureError, digits);
    const lossText = loss.toSignificantDigits(lossDigits).toString();
    // So does every gradient and Hessian entry, each by its own estimate (same quantity on the embedded rule).
    const shown = (v: Decimal, e: Decimal | undefined): string =>
      e === undefined ? String(v) : v.toSignificantDigits(earnedDigits(v, e, digits)).toString();
    const gradientText = gradient.map((v, i) => shown(v, gradientErrors?.[i]));
    const hessianText = hessianRows.map((row, i) => row.map((v, j) => shown(v, hessianErrors?.[i]?.[j])));
    const cut = (v: Decimal, e: Decimal | undefined): boolean =>
      e !== undefined && earnedDigits(v, e, digits) < digits;
    // A quantity whose error estimate is not below its own size has no earned digit at all: say so.
    const noDigit = (v: Decimal, e: Decimal | undefined): boolean =>
      e !== undefined && !e.isZero() && !v.isZero() && v.abs().lte(e.times(10));

    if (values['json'] === true) {
      const body: Record<string, unknown> = {
        problem: problem.name,
        digits,
        loss: lossText,
        gradient: gradientText,
        ...(hessian ? { hessian: hessianText } : {}),
        parameters: problem.parameterNames,
      };
      if (quadratureError !== undefined) {
        body['quadratureError'] = quadratureError.toString();
        body['quadratureNodes'] = problem.samples(precision(outcome.workingDigits[1]));
        if (lossDigits < digits) body['lossDigits'] = lossDigits;
        if (gradientErrors !== undefined) body['gradientQuadratureErrors'] = gradientErrors.map(String);
        if (hessianErrors !== undefined)
          body['hessianQuadratureErrors'] = hessianErrors.map((row) => row.map(String));
      }
      if (outcome.unresolvedZeros.length > 0) body['zeroWithin'] = zeroWithin;
      io.stdout(JSON.stringify(body) + '\n');
      return 0;
    }
    const names = problem.parameterNames;
    const width = Math.max(...names.map((n) => n.length));
    const zeroNote = (key: string): string =>
      zeroWithin[key] === undefined ? '' : ` (zero to within ${zeroWithin[key]})`;
    const lines = [
      `${problem.name}: ${paramsJson === undefined ? 'at the initial point' : 'at the given parameters'}, ${digits} significant digits`,
      `  loss = ${lossText}${zeroNote('loss')}`,
    ];
    if (quadratureError !== undefined) {
      lines.push(
        `  quadrature error ≤ ${quadratureError.toString()} (estimate; fixed trapezoidal rule)` +
          (lossDigits < digits ? `, so the loss is shown to ${lossDigits} digits` : ''),
      );
    }
    lines.push('  gradient:');
    names.forEach((n, i) => {
      const v = gradient[i] as Decimal;
      const e = gradientErrors?.[i];
      const note = noDigit(v, e)
        ? ` (quadrature error ≤ ${String(e)}: no digit earned)`
        : cut(v, e)
          ? ` (quadrature error ≤ ${String(e)})`
          : '';
      lines.push(`    ${n.padEnd(width)}  ${gradientText[i] ?? ''}${zeroNote(label(i + 1))}${note}`);
    });
    if (hessian) {
      lines.push('  hessian (rows and columns in the order above):');
      const cell = Math.max(...hessianText.flat().map((v) => v.length));
      hessianText.forEach((row) => lines.push(`    ${row.map((v) => v.padStart(cell)).join('  ')}`));
      const worst = hessianErrors?.flat().reduce((m, e) => (e.gt(m) ? e : m));
      if (
        hessianRows.some((row, i) => row.some((v, j) => cut(v, hessianErrors?.[i]?.[j]))) &&
        worst !== undefined
      )
        lines.push(
          `    (entries shown to the digits their quadrature errors leave; largest error ≤ ${String(worst)})`,
        );
    }
    io.stdout(lines.join('\n') + '\n');
    return 0;
  },
};
