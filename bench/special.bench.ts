/**
 * Special functions: ours (correctly rounded, BigInt ball arithmetic) against decimal.js's built-ins at the same
 * precision, against float64, and, when Python with mpmath is available, against mpmath at equal digits.
 * For erf decimal.js has no built-in; the baseline is a plain Maclaurin series in decimal.js (10 guard digits),
 * i.e. what one would write first.
 */
import { spawnSync } from 'node:child_process';
import type { Decimal } from 'decimal.js';
import { precision, roundTo, withGuard, type Precision } from '../src/precision/context.js';
import { registeredActivations, resolveActivation, type Activation } from '../src/activations/index.js';
import { decimalField, derivativesFromJet, jetArithmetic } from '../src/precision/jet/index.js';
import { erf, exp, expm1, tanh } from '../src/precision/special/index.js';
import { erfStatistics } from '../src/precision/special/_internals/erf-ball.js';
import { compare, formatMs, formatRatio } from './harness.js';

const POINTS = ['-2.3', '-0.41', '0.1', '0.7316', '1.9'] as const;
const DIGITS = [50, 200] as const;

/** The naive baseline for erf: Maclaurin series in decimal.js with 10 guard digits; also returns its terms. */
function naiveErf(x: Decimal, p: Precision): { value: Decimal; terms: number } {
  const g = withGuard(p, 10);
  const z = new g.D(x);
  const z2 = z.times(z);
  let term = z;
  let sum = z;
  const eps = new g.D(10).pow(-g.digits);
  let n = 1;
  for (; n < 100000; n++) {
    term = term.times(z2).neg().div(n);
    const t = term.div(2 * n + 1);
    sum = sum.plus(t);
    if (t.abs().lt(sum.abs().times(eps))) break;
  }
  return { value: roundTo(p, sum.times(2).div(g.D.acos(-1).sqrt())), terms: n + 1 };
}

/** Cycles through the points so that every timed call sees a different argument. */
function cycling<T>(xs: readonly T[], f: (x: T) => unknown): () => unknown {
  let i = 0;
  return () => f(xs[i++ % xs.length] as T);
}

interface MpmathTiming {
  readonly fn: string;
  readonly digits: number;
  readonly perCallMs: number;
}

/** mpmath's tanh/erf/exp per-call medians (timeit inside one Python process), or a reason why not. */
function mpmathTimings(): { backend: string; timings: MpmathTiming[] } | string {
  const probe = spawnSync('python3', ['-c', 'import mpmath'], { encoding: 'utf8' });
  if (probe.status !== 0) return 'python3 with mpmath not available';
  const script = `
import json, sys, timeit, statistics
import mpmath, mpmath.libmp
points = ${JSON.stringify(POINTS)}
out = []
for d in ${JSON.stringify(DIGITS)}:
    mpmath.mp.dps = d
    xs = [mpmath.mpf(s) for s in points]
    for name, f in (('tanh', mpmath.tanh), ('erf', mpmath.erf), ('exp', mpmath.exp)):
        def run():
            for x in xs:
                f(x)
        t = timeit.Timer(run)
        n, _ = t.autorange()
        reps = t.repeat(repeat=7, number=n)
        out.append({'fn': name, 'digits': d, 'perCallMs': statistics.median(reps) / n / len(xs) * 1e3})
print(json.dumps({'backend': mpmath.libmp.BACKEND, 'timings': out}))
`;
  const r = spawnSync('python3', ['-c', script], { encoding: 'utf8', timeout: 90_000 });
  if (r.status !== 0) return `mpmath timing failed: ${r.stderr.trim().split('\n').pop() ?? ''}`;
  return JSON.parse(r.stdout) as { backend: string; timings: MpmathTiming[] };
}

/**
 * The same activation with its Decimal derivatives taken by the jet path only (Taylor-mode recurrences at the
 * activation's guard digits), i.e. without the closed-form fast path of orders 0–3: the side-by-side baseline.
 */
export function jetPathActivation(act: Activation): Activation {
  return {
    ...act,
    derivatives(x, order, p) {
      const x0 = new p.D(x);
      const g = precision(p.digits + 10 + Math.ceil(order / 4) + 2 * (x0.abs().plus(1).e + 1));
      const J = jetArithmetic(decimalField(g), order);
      return derivativesFromJet(J.field, act.jet(J, J.variable(new g.D(x0)))).map((v) => roundTo(p, v));
    },
  };
}

/** σ, σ′, σ″ (what a loss with its Hessian needs) and σ‴: the fast path against the jet path, same points. */
function activationPaths(): void {
  for (const d of [40, 100] as const) {
    const p = precision(d);
    const xs = POINTS.map((s) => new p.D(s));
    for (const name of registeredActivations().filter((n) => resolveActivation(n).smooth)) {
      const act = resolveActivation(name);
      const jet = jetPathActivation(act);
      compare(
        `${name} σ…σ″ at ${d} digits`,
        [
          { name: 'fast path', run: cycling(xs, (x) => act.derivatives(x, 2, p)) },
          { name: 'jet path', run: cycling(xs, (x) => jet.derivatives(x, 2, p)) },
          { name: 'float64', run: cycling(POINTS.map(Number), (x) => act.derivatives64(x, 2)) },
        ],
        'fast path',
        { batches: 5, batchMs: 30 },
      );
    }
  }
}

export default function run(): void {
  activationPaths();
  const ours = new Map<string, number>();
  for (const d of DIGITS) {
    const p = precision(d);
    const xs = POINTS.map((s) => new p.D(s));
    const fs = POINTS.map(Number);

    const t = compare(
      `tanh ${d} digits`,
      [
        { name: 'ours', run: cycling(xs, (x) => tanh(x, p)) },
        { name: 'Decimal.tanh', run: cycling(xs, (x) => p.D.tanh(x)) },
        { name: 'Math.tanh', run: cycling(fs, Math.tanh) },
      ],
      'ours',
    );
    ours.set(`tanh ${d}`, t.perCallMs.get('ours') ?? NaN);

    const e = compare(
      `exp ${d} digits`,
      [
        { name: 'ours', run: cycling(xs, (x) => exp(x, p)) },
        { name: 'Decimal.exp', run: cycling(xs, (x) => p.D.exp(x)) },
        { name: 'Math.exp', run: cycling(fs, Math.exp) },
      ],
      'ours',
    );
    ours.set(`exp ${d}`, e.perCallMs.get('ours') ?? NaN);

    compare(
      `expm1 ${d} digits`,
      [
        { name: 'ours', run: cycling(xs, (x) => expm1(x, p)) },
        { name: 'Decimal.exp−1', run: cycling(xs, (x) => p.D.exp(x).minus(1)) },
        { name: 'Math.expm1', run: cycling(fs, Math.expm1) },
      ],
      'ours',
    );

    const before = erfStatistics.seriesTerms + erfStatistics.fractionSteps;
    for (const x of xs) erf(x, p);
    const ourTerms = (erfStatistics.seriesTerms + erfStatistics.fractionSteps - before) / xs.length;
    const naiveTerms = xs.reduce((acc, x) => acc + naiveErf(x, p).terms, 0) / xs.length;
    const r = compare(
      `erf ${d} digits`,
      [
        { name: 'ours', run: cycling(xs, (x) => erf(x, p)) },
        { name: 'naive Maclaurin', run: cycling(xs, (x) => naiveErf(x, p).value) },
      ],
      'ours',
    );
    console.log(
      `  erf terms per call: ours ${ourTerms.toFixed(0)} (fixed-point BigInt), naive ${naiveTerms.toFixed(0)} (Decimal)`,
    );
    ours.set(`erf ${d}`, r.perCallMs.get('ours') ?? NaN);
  }

  const mp = mpmathTimings();
  if (typeof mp === 'string') {
    console.log(`mpmath comparison skipped: ${mp}`);
    return;
  }
  console.log(`mpmath (backend ${mp.backend}), same points and digits:`);
  for (const m of mp.timings) {
    const o = ours.get(`${m.fn} ${m.digits}`);
    if (o === undefined) continue;
    console.log(
      `  ${m.fn} ${m.digits} digits: ours ${formatMs(o)}, mpmath ${formatMs(m.perCallMs)}; ours/mpmath ${formatRatio(o, m.perCallMs)}`,
    );
  }
}
