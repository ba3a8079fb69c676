/**
 * (The issue-16 rows, two-param confirmed against odefun and float64 glu-teacher against scipy Radau, are in
 * peers.bench.ts, measured in interleaved rounds.)
 *
 * Gradient flow: two-param (a·tanh(w x) fitting 1.5·tanh(0.8 x) at five points) from (w, a) = (0.2, 0.3) to t = 1,
 * our Taylor integrator against mpmath's `odefun` (a Taylor method with numerically differentiated coefficients)
 * at 30 and 60 digits, in the same run, when python3 with mpmath is available. Prints medians, the ratio, and
 * the digits on which the two results agree. Then the cost of confirmation (what `flat-channels flow` does by
 * default: the same flow again at +20 digits, interleaved): confirmed vs unconfirmed, side by side.
 */
import { spawnSync } from 'node:child_process';
import { ConfirmedFlowRun } from '../src/flow/confirmed-flow-run.js';
import { integrate } from '../src/flow/integrate.js';
import { loadProblem } from '../src/network/problem.js';
import { precision } from '../src/precision/context.js';
import { compare, cpuMs } from './harness.js';

const PY = String.raw`
import sys, time, json
from mpmath import mp, mpf, odefun
mp.dps = int(sys.argv[1])
xs = [mpf(-2), mpf(-1), mpf('0.5'), mpf(1), mpf(3)]
ys = [mpf('1.5') * mp.tanh(mpf('0.8') * x) for x in xs]
def rhs(t, th):
    w, a = th
    gw = ga = mpf(0)
    for x, y in zip(xs, ys):
        s = mp.tanh(w * x)
        r = a * s - y
        gw += 2 * r * a * (1 - s * s) * x / 5
        ga += 2 * r * s / 5
    return [-gw, -ga]
t0 = time.process_time()
f = odefun(rhs, 0, [mpf('0.2'), mpf('0.3')])
w, a = f(1)
print(json.dumps({"seconds": time.process_time() - t0, "w": str(w), "a": str(a)}))
`;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1] ?? NaN;
}

function agreeing(a: string, b: string): number {
  const p = precision(120);
  const x = new p.D(a);
  const e = x.minus(b).abs();
  return e.isZero() ? Infinity : Math.floor(-e.div(x.abs()).log(10).toNumber());
}

export default function flowBench(): void {
  const problem = loadProblem('two-param');
  for (const digits of [30, 60]) {
    const p = precision(digits);
    const run = () =>
      integrate(problem, problem.initial(p), p, { times: ['1'], method: 'taylor', recordsPerDecade: 0 });
    run(); // warm-up (JIT)
    const times: number[] = [];
    let result = run();
    for (let i = 0; i < 3; i++) {
      const t0 = cpuMs();
      result = run();
      times.push(cpuMs() - t0);
    }
    const ours = median(times);
    const [w, a] = result.states[0]!.params as [string, string];
    let line = `two-param to t = 1 at ${digits} digits: taylor ${ours.toFixed(0)} ms CPU (median of 3, ${result.stats.steps} steps)`;
    const py = spawnSync('python3', ['-c', PY, String(digits)], { encoding: 'utf8', timeout: 3_600_000 });
    if (py.status === 0) {
      const ref = JSON.parse(py.stdout) as { seconds: number; w: string; a: string };
      const agree = Math.min(agreeing(w, ref.w), agreeing(a, ref.a));
      line += `; mpmath odefun ${(ref.seconds * 1000).toFixed(0)} ms; ratio ${((ref.seconds * 1000) / ours).toFixed(1)}×; agree to ${agree} digits`;
    } else line += '; mpmath unavailable (no peer measured)';
    console.log(line);
  }
  // Taylor at 30 and 60 digits; implicit (Radau IIA) at 20 digits, whose confirming run also tightens the
  // tolerance from 10⁻¹⁴ to 10⁻¹⁷ (about 10^(3/6) ≈ 3.2× more steps).
  for (const [digits, method] of [
    [30, 'taylor'],
    [60, 'taylor'],
    [20, 'implicit'],
  ] as const) {
    const p = precision(digits);
    const flow = (confirm: boolean) => (): unknown => {
      const r = new ConfirmedFlowRun(problem, problem.initial(p), p, { times: ['1'], method, confirm });
      while (!r.done) r.advance();
      return r.result();
    };
    compare(
      `two-param to t = 1, ${method} at ${digits} digits (records as in the CLI), confirmed (+20 digits) vs unconfirmed`,
      [
        { name: 'unconfirmed', run: flow(false) },
        { name: 'confirmed', run: flow(true) },
      ],
      'unconfirmed',
      { batches: method === 'implicit' ? 3 : 5, batchMs: 1 },
    );
  }
}
