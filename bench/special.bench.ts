/**
 * Special functions: ours (correctly rounded, BigInt ball arithmetic) against decimal.js's built-ins at the same
 * precision, against float64, and, when Python with mpmath is available, against mpmath at equal digits.
 * For erf decimal.js has no built-in; the baseline is a plain Maclaurin series in decimal.js (10 guard digits),
 * i.e. what one would write first.
 */
import { spawnSync } from 'node:child_process';
import type { Decimal } from 'decimal.js';
import { precision, roundTo, withGuard, type Precision } from '../src/precision/context.js';
import { erf, expm1, tanh } from '../src/precision/special/index.js';
import { erfStatistics } from '../src/precision/special/_internals/erf-ball.js';
import { expBall } from '../src/precision/special/_internals/exp-ball.js';
import { fromDecimal, readInput } from '../src/precision/special/_internals/input.js';
import { DEFAULT_GUARD_BITS, correctlyRounded } from '../src/precision/special/_internals/round-ball.js';
import { neg } from '../src/precision/special/_internals/ball.js';
import { compare, formatMs, formatRatio } from './harness.js';

const POINTS = ['-2.3', '-0.41', '0.1', '0.7316', '1.9'] as const;
const DIGITS = [50, 200] as const;

/** e^x correctly rounded, with the library's internal exponential (the special functions' workhorse). */
function ourExp(x: Decimal, p: Precision): Decimal {
  const input = readInput(x, p);
  if (input.kind !== 'finite') throw new Error('bench: finite points only');
  return correctlyRounded(p, DEFAULT_GUARD_BITS, (P) => {
    const a = fromDecimal(input.c, input.q, P + input.magnitudeBits + 12);
    return expBall(input.negative ? neg(a) : a, P + 4);
  });
}

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

export default function run(): void {
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
        { name: 'ours', run: cycling(xs, (x) => ourExp(x, p)) },
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
