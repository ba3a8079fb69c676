import type { Decimal } from 'decimal.js';
import { InputError } from '../../errors.js';
import {
  certifiedLimitCriticalPoints,
  limitModelOf,
  type CertifiedLimitOutcome,
  type LimitCriticalPoint,
} from '../../landscape/loss-at-infinity.js';
import { loadProblem } from '../../network/problem.js';
import { precision } from '../../precision/context.js';
import type { Command } from '../command.js';
import { decimalString, digitsOption, integerInRange, optionalString, requiredString } from '../options.js';

/** `--pair I,J` (1-based, as in parameter names) → 0-based indices. */
export function parsePair(raw: string | undefined, width: number): readonly [number, number] {
  if (raw === undefined) return [0, 1];
  const parts = raw.split(',').map((s) => s.trim());
  if (parts.length !== 2)
    throw new InputError(`--pair: expected two neuron numbers such as 1,2, got "${raw}"`);
  const [i, j] = parts.map((s) => integerInRange('--pair', s, 1, width)) as [number, number];
  if (i === j) throw new InputError(`--pair: the two neurons must differ, got ${i},${j}`);
  return [i - 1, j - 1];
}

function pointJson(pt: LimitCriticalPoint): Record<string, string> {
  return {
    w: pt.w.toString(),
    loss: pt.loss.toString(),
    c: pt.c.toString(),
    a: pt.a.toString(),
    h: pt.h.toString(),
    hSign: pt.h.isZero() ? '0' : pt.h.gt(0) ? '+' : '-',
    curvature: pt.curvature.toString(),
    kind: pt.kind,
    ...(pt.b === undefined ? {} : { b: pt.b.toString() }),
  };
}

function hNote(h: Decimal): string {
  if (h.isZero()) return '  (h = 0: higher orders decide)';
  return h.gt(0) ? '  (h > 0: a minimum at infinity, a channel)' : '  (h < 0: ε grows, no channel)';
}

const short = (x: Decimal): string => x.toSignificantDigits(12).toString();

export const infinityCommand: Command = {
  name: 'infinity',
  summary: 'critical points of the loss at infinity: a neuron pair replaced by its gated-linear-unit limit',
  usage:
    'flat-channels infinity --problem NAME|FILE [--pair I,J] [--w-min X] [--w-max X] [--scan N] [--digits N] [--json]',
  examples: [
    'flat-channels infinity --problem glu-teacher --digits 20',
    'flat-channels infinity --problem paper-toy --digits 15 --json',
  ],
  options: {
    problem: {
      type: 'string',
      value: 'NAME|FILE',
      help: 'a built-in problem or a problem spec JSON file (one input dimension, no hidden biases)',
    },
    pair: {
      type: 'string',
      value: 'I,J',
      help: 'the neuron pair replaced by its limit, 1-based (default 1,2)',
    },
    'w-min': { type: 'string', value: 'X', help: 'smallest w scanned (default 0.05)' },
    'w-max': { type: 'string', value: 'X', help: 'largest w scanned (default 10)' },
    scan: { type: 'string', value: 'N', help: 'scan points, geometric in w (default 48)' },
  },
  async run(values, io) {
    const digits = digitsOption(values);
    const problem = loadProblem(requiredString(values, 'problem'));
    const pair = parsePair(optionalString(values, 'pair'), problem.network.layout.width);
    const wMinRaw = optionalString(values, 'w-min');
    const wMaxRaw = optionalString(values, 'w-max');
    const scanRaw = optionalString(values, 'scan');
    // The scan is geometric in w > 0: name the flag here (the library's refusal names its option, wMin).
    const positive = (label: string, raw: string): string => {
      const text = decimalString(label, raw);
      if (!new (precision(20).D)(text).gt(0))
        throw new InputError(`${label}: expected a number > 0 (the scan is geometric in w), got ${text}`);
      return text;
    };
    const scan = {
      ...(wMinRaw === undefined ? {} : { wMin: positive('--w-min', wMinRaw) }),
      ...(wMaxRaw === undefined ? {} : { wMax: positive('--w-max', wMaxRaw) }),
      ...(scanRaw === undefined ? {} : { scanPoints: integerInRange('--scan', scanRaw, 3, 10000) }),
    };
    const p = precision(digits);
    const data = (q: typeof p): ReturnType<typeof problem.dataset> => problem.dataset(q);
    const initial = (q: typeof p): readonly Decimal[] => problem.initial(q);
    const glu = certifiedLimitCriticalPoints(limitModelOf(problem.network, data, initial, pair), p, scan);
    const one =
      problem.network.layout.width === 2
        ? certifiedLimitCriticalPoints(limitModelOf(problem.network, data, initial, pair, false), p, scan)
        : undefined;
    const uncertain = [glu, one].find(
      (o): o is Extract<CertifiedLimitOutcome, { kind: 'uncertain' }> => o?.kind === 'uncertain',
    );
    if (uncertain !== undefined) {
      io.stderr(
        `flat-channels infinity: the critical points did not reproduce at +20 digits (${uncertain.reason}); ` +
          'nothing is printed as valid\n',
      );
      return 1;
    }
    if (glu.kind !== 'certified') return 1;
    const oneNeuron = one?.kind === 'certified' ? one.points : undefined;
    if (values['json'] === true) {
      io.stdout(
        JSON.stringify({
          problem: problem.name,
          pair: [pair[0] + 1, pair[1] + 1],
          digits,
          workingDigits: glu.workingDigits,
          criticalPoints: glu.points.map(pointJson),
          zeros: glu.zeros.map((z) => ({ point: z.point, field: z.field, bound: z.bound.toString() })),
          ...(oneNeuron === undefined
            ? {}
            : {
                oneNeuron: oneNeuron.map((pt) => ({
                  w: pt.w.toString(),
                  loss: pt.loss.toString(),
                  c: pt.c.toString(),
                  kind: pt.kind,
                })),
              }),
        }) + '\n',
      );
      return 0;
    }
    const lines = [
      `loss at infinity of ${problem.name}: neurons ${pair[0] + 1}, ${pair[1] + 1} → c·σ(w·x) + a·x·σ′(w·x), readouts optimal`,
      `${glu.points.length} critical point(s) of ℓ(w, 0) for w > 0 (${digits} digits, confirmed at ${glu.workingDigits[0]} and ${glu.workingDigits[1]}; shown to 12):`,
      ...glu.points.map(
        (pt) =>
          `  ${pt.kind.padEnd(10)} w = ${short(pt.w)}  loss = ${short(pt.loss)}  c = ${short(pt.c)}  a = ${short(pt.a)}  h = ${short(pt.h)}${pt.kind === 'minimum' ? hNote(pt.h) : ''}`,
      ),
    ];
    if (oneNeuron !== undefined) {
      lines.push(
        'one-neuron network c·σ(w·x) (the pair merged), its critical points:',
        ...(oneNeuron.length === 0
          ? ['  none for w in the scanned range']
          : oneNeuron.map((pt) => `  ${pt.kind.padEnd(10)} w = ${short(pt.w)}  loss = ${short(pt.loss)}`)),
      );
    }
    io.stdout(lines.join('\n') + '\n');
    return 0;
  },
};
