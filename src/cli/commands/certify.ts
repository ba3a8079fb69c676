import type { Decimal } from 'decimal.js';
import {
  certifyCriticalPoint,
  type CertifiedCriticalPoint,
  type CertifiedType,
} from '../../certified/certify-critical-point.js';
import {
  certifySaddleLine,
  type CertifiedSaddleLine,
  type PlateauSegment,
} from '../../certified/certify-saddle-line.js';
import { InputError } from '../../errors.js';
import { refineCriticalPoint } from '../../flow/refine-critical-point.js';
import { parameterNames } from '../../network/params.js';
import type { Problem } from '../../network/problem.js';
import { type Ball, ballToString } from '../../precision/ball/index.js';
import { precision, type Precision } from '../../precision/context.js';
import type { Command } from '../command.js';
import { CHANNEL_OPTIONS, runChannelMode } from './certify-channel-mode.js';
import {
  decimalString,
  digitsOption,
  integerInRange,
  optionalString,
  type ParsedValues,
} from '../options.js';
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
    'prove an isolated critical point of a finite-data problem (Krawczyk box by ball arithmetic) and its type, ' +
    'or the saddle line through it (criticality, the sign of B, the transversal inertia on a γ interval)',
  usage:
    'flat-channels certify --problem NAME|FILE [--params JSON|FILE] [--width N] [--saddle-line --gamma LO:HI ' +
    '[--neuron K]] [--channel JSON|FILE [--pair I,J] [--eps0 X]] [--digits N] [--json]',
  examples: [
    'flat-channels certify --problem two-param --digits 60',
    'flat-channels certify --problem test/fixtures/saddle-line/two-param-misfit.json --digits 60 --json',
    'flat-channels certify --problem test/fixtures/saddle-line/two-param-misfit.json --saddle-line --gamma 1.5:3 --digits 60',
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
    'saddle-line': {
      type: 'boolean',
      help:
        'certify the saddle line θ_γ of the split of neuron K of the certified critical point: every θ_γ critical, ' +
        'the definiteness of B (the plateau segment) and the Hessian inertia transversal to the line on --gamma',
    },
    gamma: {
      type: 'string',
      value: 'LO:HI',
      help: 'with --saddle-line: the γ interval [LO, HI] (LO < HI, e.g. 1.5:3 or -2:-0.5; not containing 0 or 1)',
    },
    neuron: {
      type: 'string',
      value: 'K',
      help: 'with --saddle-line: the neuron split, 1-based in the certified (canonical) order (default: the last)',
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
    const saddle =
      values['saddle-line'] === true ? saddleLineOptions(values, problem.network.layout.width) : undefined;
    if (saddle === undefined && (values['gamma'] !== undefined || values['neuron'] !== undefined)) {
      throw new InputError('--gamma and --neuron need --saddle-line');
    }
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
    if (saddle !== undefined) {
      const s = certifySaddleLine(problem, refined.point, p, saddle);
      if (s.kind === 'not-certified') return refuse(`${s.stage}: ${s.reason}`);
      io.stdout(
        json ? JSON.stringify(saddleLineJson(problem, digits, s)) + '\n' : saddleLineText(problem, digits, s),
      );
      return 0;
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

/** `--gamma LO:HI` and `--neuron K` (1-based) as the options of certifySaddleLine. */
function saddleLineOptions(values: ParsedValues, width: number): { gamma: [string, string]; neuron: number } {
  const raw = optionalString(values, 'gamma');
  if (raw === undefined) throw new InputError('--saddle-line needs --gamma LO:HI (e.g. --gamma 1.5:3)');
  const parts = raw.split(':');
  if (parts.length !== 2) throw new InputError(`--gamma: expected LO:HI such as 1.5:3, got "${raw}"`);
  const lo = decimalString('--gamma', parts[0]);
  const hi = decimalString('--gamma', parts[1]);
  if (!(Number(lo) < Number(hi))) throw new InputError(`--gamma: expected LO < HI, got ${lo}:${hi}`);
  const k = values['neuron'] === undefined ? width : integerInRange('--neuron', values['neuron'], 1, width);
  return { gamma: [lo, hi], neuron: k - 1 };
}

type CertifiedLine = Extract<CertifiedSaddleLine, { kind: 'certified' }>;

const SEGMENT: Record<PlateauSegment, string> = { inside: 'γ ∈ (0, 1)', outside: 'γ ∉ [0, 1]', none: 'none' };

function saddleLineJson(problem: Problem, digits: number, s: CertifiedLine): unknown {
  const names = wideNames(problem);
  return {
    problem: problem.name,
    digits,
    kind: 'certified',
    mode: 'saddle-line',
    neuron: s.neuron + 1,
    gamma: s.gamma.map(String),
    parent: {
      type: typeText(s.parent.type),
      parameters: problem.parameterNames,
      center: s.parent.center.map(String),
      radius: s.parent.radius.toString(),
      enclosure: s.parent.enclosure.map(ballJson),
      loss: ballJson(s.parent.loss),
    },
    criticality: s.criticality,
    B: {
      matrix: s.B.matrix.map((row) => row.map(ballJson)),
      pivots: s.B.pivots.map(ballJson),
      definiteness: s.B.definiteness,
    },
    stableSegment: SEGMENT[s.segment],
    segmentStatement: s.segmentStatement,
    transversal: {
      negative: s.transversal.negative,
      zero: s.transversal.zero,
      positive: s.transversal.positive,
      type: s.transversal.type,
      tangent: s.transversal.tangent.map((i) => names[i]),
      subintervals: s.transversal.subintervals.map((u) => ({
        lo: u.lo.toString(),
        hi: u.hi.toString(),
        pivots: u.pivots.map(ballJson),
      })),
    },
    theorems: s.theorems,
  };
}

/** The width-(r+1) parameter names (w[k][j], a[k], b), for the tangent's two indices. */
function wideNames(problem: Problem): string[] {
  const { layout } = problem.network;
  return parameterNames({ ...layout, width: layout.width + 1 });
}

function saddleLineText(problem: Problem, digits: number, s: CertifiedLine): string {
  const r = problem.network.layout.width;
  const k = s.neuron + 1;
  const names = wideNames(problem);
  const [lo, hi] = s.gamma.map(String) as [string, string];
  const t = s.transversal;
  const Bline =
    s.B.matrix.length === 1
      ? `B ∈ ${ballToString((s.B.matrix[0] as Ball[])[0] as Ball)}`
      : `B (${s.B.matrix.length}×${s.B.matrix.length}, pivots ${s.B.pivots.map(ballToString).join(', ')})`;
  const lines = [
    `${problem.name}: certified at ${digits} digits: the saddle line of neuron ${k} through the width-${r} critical point, γ ∈ [${lo}, ${hi}]`,
    `  parent: exactly one critical point θ* of L_${r} in the box x̃ ± ${s.parent.radius.toString()}, ${typeText(s.parent.type)}; loss ∈ ${ballToString(s.parent.loss)}`,
    `  (a) criticality: ${s.criticality.statement}`,
    `  (b) ${Bline}: ${s.B.definiteness} → ${s.segmentStatement}`,
    `  (c) Hessian of L_${r + 1} at θ*_γ for every γ ∈ [${lo}, ${hi}] (${t.subintervals.length} subintervals): ` +
      `${t.negative} negative, 1 zero (kernel = the line tangent e_${names[t.tangent[0]]} − e_${names[t.tangent[1]]}), ` +
      `${t.positive} positive eigenvalues: ${t.type === 'local minimum' ? 'each θ*_γ a local minimum (not strict: the line is flat)' : `each θ*_γ a saddle with ${t.negative} descending direction${t.negative === 1 ? '' : 's'}`}`,
    '  theorems:',
    ...s.theorems.map((th, i) => `    (${'abc'[i] ?? '?'}) ${th}`),
  ];
  return lines.join('\n') + '\n';
}
