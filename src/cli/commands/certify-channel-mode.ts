import {
  certifyChannel,
  type CertifiedChannel,
  type CertifiedLimitPoint,
  type ChannelDecrease,
  type ChannelLimitPoint,
} from '../../certified/certify-channel.js';
import { InputError } from '../../errors.js';
import type { Problem } from '../../network/problem.js';
import { type Ball, ballToString } from '../../precision/ball/index.js';
import { precision } from '../../precision/context.js';
import type { Io } from '../command.js';
import { decimalString, optionalString, type OptionSpecs, type ParsedValues } from '../options.js';
import { readJsonOption } from '../problem-options.js';

/** The options `certify --channel` adds to the command (merged into certify's option table). */
export const CHANNEL_OPTIONS: OptionSpecs = {
  channel: {
    type: 'string',
    value: 'JSON|FILE',
    help:
      'certify a channel instead: the approximate GLU limit {"w": …, "c": …, "a": …[, "others": [{"w": …, "a": …}], "b": …]} ' +
      'of the merged pair (mathematics.md §2), inline or in a file',
  },
  pair: { type: 'string', value: 'I,J', help: 'with --channel: the merged neurons (default the last two)' },
  eps0: {
    type: 'string',
    value: 'X',
    help: 'with --channel: certify this ε₀ only (default: the largest ε₀ ≤ 1 found by bisection)',
  },
};

const ballJson = (b: Ball): { mid: string; rad: string } => ({
  mid: b.mid.toString(),
  rad: b.rad.toSignificantDigits(3, 0).toString(),
});

const NUMBER = (label: string, v: unknown): string => {
  if (typeof v === 'number') return decimalString(label, String(v));
  if (typeof v === 'string') return decimalString(label, v);
  throw new InputError(
    `${label}: expected a decimal number (a string such as "0.5"), got ${JSON.stringify(v)}`,
  );
};

/** Reads --channel's JSON into a limit point (an InputError names what is wrong). */
export function channelLimitPoint(raw: unknown): ChannelLimitPoint {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new InputError('--channel: expected an object {"w": …, "c": …, "a": …}');
  }
  const o = raw as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    if (!['w', 'c', 'a', 'others', 'b'].includes(k))
      throw new InputError(`--channel: unknown key "${k}" (known: w, c, a, others, b)`);
  }
  const others = o['others'];
  if (others !== undefined && !Array.isArray(others))
    throw new InputError('--channel: "others" must be an array');
  const point: ChannelLimitPoint = {
    w: NUMBER('--channel w', o['w']),
    c: NUMBER('--channel c', o['c']),
    a: NUMBER('--channel a', o['a']),
    others: (others ?? []).map((n: unknown, k) => {
      if (typeof n !== 'object' || n === null)
        throw new InputError(`--channel others[${k}]: expected {"w": …, "a": …}`);
      const r = n as Record<string, unknown>;
      return { w: NUMBER(`--channel others[${k}].w`, r['w']), a: NUMBER(`--channel others[${k}].a`, r['a']) };
    }),
  };
  return o['b'] === undefined ? point : { ...point, b: NUMBER('--channel b', o['b']) };
}

function pairOption(raw: string | undefined): [number, number] | undefined {
  if (raw === undefined) return undefined;
  const m = /^\s*(\d+)\s*,\s*(\d+)\s*$/.exec(raw);
  if (m === null) throw new InputError(`--pair: expected two neuron numbers I,J such as 1,2, got "${raw}"`);
  return [Number(m[1]), Number(m[2])];
}

function limitJson(l: CertifiedLimitPoint): Record<string, unknown> {
  return {
    parameters: l.names,
    center: l.center.map(String),
    radius: l.radius.toString(),
    enclosure: l.enclosure.map(ballJson),
    enclosureRadius: l.enclosureRadius.toSignificantDigits(3, 0).toString(),
    lossAtInfinity: ballJson(l.loss),
    strictMinimum: l.strictMinimum,
    inertia:
      l.inertia.kind === 'decided'
        ? { negative: l.inertia.negative, positive: l.inertia.positive }
        : { undecided: l.inertia.reason },
    pivots: l.inertia.pivots.map(ballJson),
    symmetry: l.symmetry,
  };
}

function decreaseJson(d: ChannelDecrease): Record<string, unknown> {
  return {
    from: d.from.toString(),
    epsilon0: d.epsilon0.toString(),
    order: d.order,
    coefficients: d.coefficients.map(ballJson),
    remainder: ballJson(d.remainder),
    margin: d.margin.toSignificantDigits(3, 1).toString(),
    bound: d.bound,
  };
}

function limitLines(l: CertifiedLimitPoint): string[] {
  const w = Math.max(...l.names.map((n) => n.length));
  return [
    `  L∞: exactly one critical point θ₀* in the box x̃ ± ${l.radius.toString()}; ` +
      (l.inertia.kind === 'decided'
        ? `Hessian over the box: ${l.inertia.negative} negative, ${l.inertia.positive} positive eigenvalues` +
          (l.strictMinimum ? ' (strict local minimum)' : '')
        : `inertia undecided (${l.inertia.reason})`),
    ...l.names.map((n, i) => `    ${n.padEnd(w)}  ∈ ${ballToString(l.enclosure[i] as Ball)}`),
    `  L∞(θ₀*) ∈ ${ballToString(l.loss)}`,
  ];
}

/** `flat-channels certify --channel …`: exit 0 certified, 1 not certified, 2 bad input (thrown as InputError). */
export function runChannelMode(values: ParsedValues, io: Io, problem: Problem, digits: number): number {
  const raw = optionalString(values, 'channel');
  if (raw === undefined) throw new InputError('--channel: expected the GLU limit as JSON or a file');
  const point = channelLimitPoint(readJsonOption('--channel', raw));
  const pair = pairOption(optionalString(values, 'pair'));
  const epsRaw = values['eps0'];
  const eps0 = epsRaw === undefined ? undefined : decimalString('--eps0', epsRaw);
  if (eps0 !== undefined && !(Number(eps0) > 0))
    throw new InputError(`--eps0: must be positive, got ${eps0}`);
  const p = precision(digits);
  const out: CertifiedChannel = certifyChannel(problem, point, p, {
    ...(pair === undefined ? {} : { pair }),
    ...(eps0 === undefined ? {} : { epsilon0: eps0 }),
  });
  if (values['json'] === true) {
    const common = { problem: problem.name, digits, mode: 'channel' };
    const body =
      out.kind === 'certified'
        ? {
            ...common,
            kind: out.kind,
            pair: out.pair,
            limit: limitJson(out.limit),
            h: ballJson(out.h),
            decrease: decreaseJson(out.decrease),
            statement: out.statement,
            theorems: out.theorems,
            notCertified: out.notCertified,
          }
        : {
            ...common,
            kind: out.kind,
            reason: out.reason,
            ...(out.limit === undefined ? {} : { limit: limitJson(out.limit) }),
            ...(out.h === undefined ? {} : { h: ballJson(out.h) }),
            ...(out.decrease === undefined ? {} : { decrease: decreaseJson(out.decrease) }),
            ...(out.statement === undefined ? {} : { statement: out.statement }),
          };
    io.stdout(JSON.stringify(body) + '\n');
    return out.kind === 'certified' ? 0 : 1;
  }
  const lines =
    out.kind === 'certified'
      ? [
          `${problem.name}: channel of neurons ${out.pair[0]}, ${out.pair[1]} certified at ${digits} digits`,
          ...limitLines(out.limit),
          `  h(θ₀*) ∈ ${ballToString(out.h)} > 0`,
          `  dL/dε > 0 on (0, ${out.decrease.epsilon0.toString()}] (Taylor order ${out.decrease.order}, remainder φ^(${out.decrease.order}) ∈ ${ballToString(out.decrease.remainder)})`,
          `  statement: ${out.statement}`,
          ...out.theorems.map((t) => `  theorem: ${t}`),
          `  ${out.notCertified}`,
        ]
      : [
          `${problem.name}: channel not certified: ${out.reason}`,
          ...(out.limit === undefined ? [] : limitLines(out.limit)),
          ...(out.h === undefined ? [] : [`  h(θ₀*) ∈ ${ballToString(out.h)}`]),
          ...(out.statement === undefined ? [] : [`  what is certified: ${out.statement}`]),
        ];
  io.stdout(lines.join('\n') + '\n');
  return out.kind === 'certified' ? 0 : 1;
}
