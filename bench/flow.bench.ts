/**
 * Gradient flow, three rows measured side by side in one run (CPU time, in-process, each peer in its own python3
 * process timing itself with time.process_time):
 *
 * 1. two-param to t = 1 at 30 digits as `flat-channels flow` runs it by default (method auto, confirmed by the run
 *    at +20 digits) against mpmath's `odefun` at 30 digits (issue 16's bar: ≥ 10×);
 * 2. glu-teacher to t = 10⁸ in float64 (`--method float64 --no-confirm`: Radau IIA, 3 stages, embedded error
 *    estimate, simplified Newton with the Hessian reused) against scipy's `solve_ivp(method="Radau", jac=exact
 *    Hessian)` at several tolerances, each with its error at t = 10⁸ against the 50-digit values below, so that the
 *    ratio is read at matched accuracy;
 * 3. (below) the older rows: Taylor alone against odefun at 30 and 60 digits, and the cost of confirmation.
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
import { compare } from './harness.js';

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
t0 = time.perf_counter()
f = odefun(rhs, 0, [mpf('0.2'), mpf('0.3')])
w, a = f(1)
print(json.dumps({"seconds": time.perf_counter() - t0, "w": str(w), "a": str(a)}))
`;

/** glu-teacher's gradient flow in numpy, solved by scipy's Radau with the exact Hessian as Jacobian. */
const SCIPY = String.raw`
import sys, time, json
import numpy as np
from scipy.integrate import solve_ivp
xs = np.linspace(-3.0, 3.0, 9)
ys = 0.5 * np.tanh(xs) + xs / np.cosh(xs) ** 2
N = len(xs)
def grad_hess(th, hess):
    w, a = th[0:2], th[2:4]
    t = np.tanh(np.outer(w, xs)); s2 = 1 - t * t
    r = a @ t - ys
    J = np.vstack([a[0] * s2[0] * xs, a[1] * s2[1] * xs, t[0], t[1]])
    g = 2 * J @ r / N
    if not hess: return g
    H = 2 * J @ J.T / N
    for k in range(2):
        H[k, k] += 2 * np.sum(r * a[k] * (-2 * t[k] * s2[k]) * xs * xs) / N
        c = 2 * np.sum(r * s2[k] * xs) / N
        H[k, 2 + k] += c; H[2 + k, k] += c
    return H
f = lambda t, y: -grad_hess(y, False)
jac = lambda t, y: -grad_hess(y, True)
y0 = np.array([1.1, 0.9, 5.0, -4.5])
out = []
for rtol in [float(v) for v in sys.argv[1].split(',')]:
    best = None
    for rep in range(3):
        t0 = time.process_time()
        sol = solve_ivp(f, (0.0, 1e8), y0, method='Radau', jac=jac, rtol=rtol, atol=rtol)
        dt = time.process_time() - t0
        best = dt if best is None else min(best, dt)
    out.append({"rtol": rtol, "seconds": best, "y": [repr(float(v)) for v in sol.y[:, -1]], "nfev": int(sol.nfev), "njev": int(sol.njev), "nlu": int(sol.nlu), "steps": int(len(sol.t) - 1)})
print(json.dumps(out))
`;

/** glu-teacher at t = 10⁸ to 30 digits (our flow at 30 and 50 digits agree to 28–30 of them; the mpmath fixture in
 * test/flow/fixtures is the independent check). */
const GLU_1E8 = [
  '1.087799533715874218131773528766',
  '0.915936743850548582637171983903',
  '6.089607577901944368353724153485',
  '-5.590527893867509042797936015267',
];

function maxRelativeError(values: readonly string[]): number {
  return Math.max(...values.map((v, i) => Math.abs(Number(v) / Number(GLU_1E8[i]) - 1)));
}

function cpuMs(run: () => unknown): number {
  const t0 = process.cpuUsage();
  run();
  const c = process.cpuUsage(t0);
  return (c.user + c.system) / 1000;
}

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
  {
    // Row 1: the CLI's default (auto, confirmed at +20 digits) against odefun at 30 digits.
    const p = precision(30);
    const confirmed = () => {
      const r = new ConfirmedFlowRun(problem, problem.initial(p), p, { times: ['1'] });
      while (!r.done) r.advance();
      return r.result();
    };
    confirmed(); // warm-up (JIT)
    const samples = [0, 1, 2].map(() => cpuMs(confirmed));
    const ours = median(samples);
    const res = confirmed();
    const c = res.confirmation;
    let line = `two-param to t = 1 at 30 digits, flow as the CLI runs it (auto, confirmed at 50 digits: ${c?.kind === 'confirmed' ? c.digits : 0} digits): ${ours.toFixed(0)} ms CPU (median of 3)`;
    const py = spawnSync('python3', ['-c', PY, '30'], { encoding: 'utf8', timeout: 3_600_000 });
    if (py.status === 0) {
      const ref = JSON.parse(py.stdout) as { seconds: number; w: string; a: string };
      const [w, a] = (c?.kind === 'confirmed' ? c.states[0]?.params : undefined) ?? ['0', '0'];
      const agree = Math.min(agreeing(w as string, ref.w), agreeing(a as string, ref.a));
      line += `; mpmath odefun (30 digits, unconfirmed) ${(ref.seconds * 1000).toFixed(0)} ms CPU; ratio ${((ref.seconds * 1000) / ours).toFixed(1)}× (bar: ≥ 10×); agree to ${agree} digits`;
    } else line += '; mpmath unavailable (no peer measured)';
    console.log(line);
  }
  {
    // Row 2: float64 glu-teacher to 1e8 against scipy Radau with the exact Jacobian, at matched accuracy.
    const glu = loadProblem('glu-teacher');
    const p = precision(30);
    const run = () => integrate(glu, glu.initial(p), p, { times: ['1e8'], method: 'float64' });
    run();
    const ours = median([0, 1, 2, 3, 4].map(() => cpuMs(run)));
    const r = run();
    const err = maxRelativeError(r.states[0]?.params ?? []);
    console.log(
      `glu-teacher to t = 1e8 in float64 (as \`flow --method float64 --no-confirm\`, records 10/decade): ${ours.toFixed(1)} ms CPU, ` +
        `${r.stats.steps} steps, ${r.stats.evaluations} evaluations (${r.stats.hessianEvaluations} Hessians), max relative error ${err.toExponential(1)}`,
    );
    const py = spawnSync('python3', ['-c', SCIPY, '1e-6,1e-8,1e-10,1e-12'], {
      encoding: 'utf8',
      timeout: 3_600_000,
    });
    if (py.status === 0) {
      const rows = JSON.parse(py.stdout) as {
        rtol: number;
        seconds: number;
        y: string[];
        nfev: number;
        njev: number;
        nlu: number;
        steps: number;
      }[];
      for (const row of rows) {
        const e = maxRelativeError(row.y);
        console.log(
          `  scipy solve_ivp Radau, jac = exact, rtol = atol = ${row.rtol}: ${(row.seconds * 1000).toFixed(1)} ms CPU (best of 3), ` +
            `${row.steps} steps, nfev ${row.nfev}, njev ${row.njev}, nlu ${row.nlu}, max relative error ${e.toExponential(1)}; ` +
            `ratio ${((row.seconds * 1000) / ours).toFixed(1)}×${e >= err ? ' (at matched or worse accuracy)' : ' (more accurate than ours)'}`,
        );
      }
    } else console.log('  scipy unavailable (no peer measured)');
  }
  for (const digits of [30, 60]) {
    const p = precision(digits);
    const run = () =>
      integrate(problem, problem.initial(p), p, { times: ['1'], method: 'taylor', recordsPerDecade: 0 });
    run(); // warm-up (JIT)
    const times: number[] = [];
    let result = run();
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      result = run();
      times.push(performance.now() - t0);
    }
    const ours = median(times);
    const [w, a] = result.states[0]!.params as [string, string];
    let line = `two-param to t = 1 at ${digits} digits: taylor ${ours.toFixed(0)} ms (median of 3, ${result.stats.steps} steps)`;
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
