import type { Decimal } from 'decimal.js';
import {
  certifyCriticalPoint,
  type CertifiedCriticalPoint,
  type CertifiedType,
} from '../../certified/certify-critical-point.js';
import { refineCriticalPoint } from '../../flow/refine-critical-point.js';
import type { Problem } from '../../network/problem.js';
import { type Ball, ballToString } from '../../precision/ball/index.js';
import { precision, type Precision } from '../../precision/context.js';
import type { Command } from '../command.js';
import { CHANNEL_OPTIONS, runChannelMode } from './certify-channel-mode.js';
import { digitsOption, optionalString } from '../options.js';
import { problemOption, readJsonOption } from '../problem-options.js';

const THEOREM =
  'Krawczyk (1969), Moore (1977): K(X) = x̃ − Y∇L(x̃) + (I − Y H(X))(X − x̃) ⊂ int X implies exactly one zero of ∇L in X, ' +
  'lying in K(X); the type from the inertia of H(X) (ball LDLᵀ of VᵀH(X)V, Sylvester’s law of inertia)';

function typeText(t: CertifiedType): string {
  switch (t.kind) {
    case 'saddle':
      return `saddle with ${t.descending} descending direction${t.descending === 1 ? '' : 's'}`;
    case 'undecided':
      return `type undecided (${t.reason})`;
    default:
      return t.kind;
  }
}

const ballJson = (b: Ball): { mid: string; rad: string } => ({
  mid: b.mid.toString(),
  rad: b.rad.toSignificantDigits(3, 0).toString(),
});

export const certifyCommand: Command = {
  name: 'certify',
  summary:
    'prove an isolated critical point of a finite-data problem (Krawczyk box by ball arithmetic) and its type',
  usage:
    'flat-channels certify --problem NAME|FILE [--params JSON|FILE] [--width N] [--channel JSON|FILE [--pair I,J] [--eps0 X]] [--digits N] [--json]',
  examples: [
    'flat-channels certify --problem two-param --digits 60',
    'flat-channels certify --problem test/fixtures/saddle-line/two-param-misfit.json --digits 60 --json',
    'flat-channels certify --problem glu-teacher --channel \'{"w": "1", "c": "0.5", "a": "1"}\' --digits 40',
  ],
  options: {
    problem: {
      type: 'string',
      value: 'NAME|FILE',
      help: 'a built-in problem or a problem spec JSON file (finite data; population problems are not certifiable)',
    },
    params: {
      type: 'string',
      value: 'JSON|FILE',
      help: 'start of Newton {"w": [[…]], "a": […]} inline or in a file (default: the problem\'s initial point)',
    },
    width: {
      type: 'string',
      value: 'N',
      help: 'student width of problems with a seeded initialisation',
    },
    ...CHANNEL_OPTIONS,
  },
  async run(values, io) {
    const digits = digitsOption(values, 60);
    const problem: Problem = problemOption(values);
    if (values['channel'] !== undefined) return runChannelMode(values, io, problem, digits);
    const paramsRaw = optionalString(values, 'params');
    const paramsJson = paramsRaw === undefined ? undefined : readJsonOption('--params', paramsRaw);
    const at = (q: Precision): Decimal[] =>
      paramsJson === undefined ? problem.initial(q) : problem.parseParams(paramsJson, q, '--params');
    at(precision(20)); // input errors before any computation
    const p = precision(digits);
    const json = values['json'] === true;
    const names = problem.parameterNames;
    const refuse = (reason: string): number => {
      if (json) {
        io.stdout(JSON.stringify({ problem: problem.name, digits, kind: 'not-certified', reason }) + '\n');
      } else io.stdout(`${problem.name}: not certified: ${reason}\n`);
      return 1;
    };
    if (problem.population) {
      const c = certifyCriticalPoint(problem, at(p), p);
      return refuse(c.kind === 'not-certified' ? c.reason : 'population problem');
    }
    // Newton to about digits + 5 correct digits (as saddle-line), so x̃ rounded to p is within ~10^−digits of the zero.
    const refined = refineCriticalPoint(problem, at(p), p, {
      stepTolerance: new p.D(10).pow(-(digits + 5)),
      guardDigits: 15,
    });
    if (refined.kind !== 'converged') {
      return refuse(
        `Newton found no critical point from the start (${refined.kind}${refined.kind === 'stalled' ? `: ${refined.reason}` : ''}); ` +
          'start nearer one with --params',
      );
    }
    const c: CertifiedCriticalPoint = certifyCriticalPoint(problem, refined.point, p);
    if (c.kind === 'not-certified') return refuse(c.reason);
    const inertia =
      c.inertia.kind === 'decided'
        ? { negative: c.inertia.negative, positive: c.inertia.positive }
        : { undecided: c.inertia.reason };
    if (json) {
      io.stdout(
        JSON.stringify({
          problem: problem.name,
          digits,
          kind: 'certified',
          type: typeText(c.type),
          parameters: names,
          center: c.center.map(String),
          radius: c.radius.toString(),
          enclosure: c.enclosure.map(ballJson),
          enclosureRadius: c.enclosureRadius.toSignificantDigits(3, 0).toString(),
          loss: ballJson(c.loss),
          inertia,
          pivots: c.inertia.pivots.map(ballJson),
          symmetry: c.symmetry.statement,
          theorem: THEOREM,
        }) + '\n',
      );
      return 0;
    }
    const w = Math.max(...names.map((n) => n.length));
    const lines = [
      `${problem.name}: certified at ${digits} digits: exactly one critical point in the box x̃ ± ${c.radius.toString()} (every coordinate)`,
      `  type: ${typeText(c.type)}` +
        (c.inertia.kind === 'decided'
          ? ` (Hessian over the box: ${c.inertia.negative} negative, ${c.inertia.positive} positive eigenvalues)`
          : ''),
      '  box centre x̃ (exact decimals) and the enclosure K(X) of the critical point:',
      ...names.map(
        (n, i) =>
          `    ${n.padEnd(w)}  ${String(c.center[i])}\n    ${' '.repeat(w)}  ∈ ${ballToString(c.enclosure[i] as Ball)}`,
      ),
      `  loss at the critical point ∈ ${ballToString(c.loss)}`,
      `  symmetry: ${c.symmetry.statement}`,
      `  theorem: ${THEOREM}`,
    ];
    io.stdout(lines.join('\n') + '\n');
    return 0;
  },
};
