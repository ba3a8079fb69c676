/**
 * Issue 16's speed bars, each measured side by side in one run: the toolkit and its python3 peers alternate in
 * rounds (ours, then each peer; bench/peers.ts keeps one python3 process, which computes only while we wait), every
 * figure is CPU time (process.cpuUsage here, time.process_time there), and each row prints the medians over the
 * rounds, the ratio of the medians, the range of the per-round ratios, the load average, and how far the two sides'
 * results agree. `npm run bench -- peers` runs all four rows; `npm run bench -- peers kernel` (or ode, follow,
 * radau) one of them.
 *
 * 1. kernel: glu-teacher loss + gradient + Hessian at 30/60/200 digits against mpmath and python-flint (bar at 60
 *    digits: ≥ 2× faster than mpmath, within 10× of flint), and against its multiplication count priced at one
 *    decimal.js multiplication. Ours is warmed up first (≥ 1 s CPU per precision): the first few hundred calls of a
 *    fresh process run in V8's lower tiers at 2–4× the cost, which is what the older one-run row measured.
 * 2. ode: two-param to t = 1 at 30 digits as `flow` runs it (auto, confirmed by the run at 50 digits, both
 *    included) against mpmath.odefun at 30 digits (bar: ≥ 10×); the two end points must agree to 30 digits.
 * 3. follow: `followChannel` on glu-teacher from its start (|A| = 4.75) to |A| = 1e10, 1e20, 1e30 (each point
 *    confirmed at +20 digits) against a plain mpmath Newton with the exact Hessian on the same valley floors, from
 *    the same start with the same predictor at the same working digits, each re-solved at +20 digits and compared
 *    (bar: faster); the older peer (three points from the analytic GLU-limit guess) is printed for reference.
 * 4. radau: glu-teacher to t = 1e8 in float64 through the CLI (`flow --method float64 --no-confirm`, the whole
 *    process under /usr/bin/time) against scipy's solve_ivp(Radau) with the exact Hessian as Jacobian, at several
 *    tolerances; each end state's error against the 30-digit reference, so the ratio is read at matched accuracy.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { ConfirmedFlowRun } from '../src/flow/confirmed-flow-run.js';
import { integrate } from '../src/flow/integrate.js';
import { followChannel } from '../src/landscape/follow-channel.js';
import { lossAndDerivatives } from '../src/network/loss.js';
import { loadProblem } from '../src/network/problem.js';
import { precision } from '../src/precision/context.js';
import { consume, cpuMs, formatMs, formatRatio } from './harness.js';
import { Peers, type PeerAnswer } from './peers.js';

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] ?? NaN) : ((s[mid - 1] ?? NaN) + (s[mid] ?? NaN)) / 2;
}

function load(): string {
  return loadavg()
    .map((v) => v.toFixed(1))
    .join(' / ');
}

/** Significant digits on which two decimal strings agree (relative difference, floored). */
function agreeing(a: string, b: string): number {
  const p = precision(250);
  const x = new p.D(a);
  const e = x.minus(b).abs();
  return e.isZero() ? Infinity : Math.max(0, Math.floor(-e.div(x.abs()).log(10).toNumber()));
}

/** Per-call CPU ms of `run` over `calls` calls. */
function batch(run: () => unknown, calls: number): number {
  const t0 = cpuMs();
  for (let i = 0; i < calls; i++) consume(run());
  return (cpuMs() - t0) / calls;
}

/** Calls of about `ms` CPU milliseconds, from a per-call estimate. */
function callsFor(ms: number, perCall: number): number {
  return Math.max(1, Math.round(ms / Math.max(perCall, 1e-4)));
}

/** "median a, b (ratio x×, per round lo–hi)" for a peer/ours pair of sample lists. */
function ratioText(peer: readonly number[], ours: readonly number[]): string {
  const perRound = peer.map((v, i) => v / (ours[i] ?? NaN)).sort((a, b) => a - b);
  return (
    `${formatRatio(median(peer), median(ours))} (per round ${formatRatio(perRound[0] ?? NaN, 1)}–` +
    `${formatRatio(perRound[perRound.length - 1] ?? NaN, 1)})`
  );
}

const ROUNDS = 7;

/**
 * Multiplications of one glu-teacher L + g + H as the formulas of loss.ts state them (per sample: z_k, the closed
 * form's σ′ and σ″ (2 each), f, J, ρr, r², r·J, the upper triangle of JJᵀ with ρ, and the residual terms), not
 * counting the tanh evaluations themselves (one per neuron and sample, listed separately).
 */
function gluMultiplications(N: number, r: number, m: number): number {
  const P = r * m + r;
  const perSample =
    r * m + 4 * r + r + (r + r * m) + 2 + P + (P + (P * (P + 1)) / 2) + r * (2 + 1 + (m * (m + 1)) / 2 + m);
  return N * perSample + P + (P * (P + 1)) / 2 + 1;
}

/** Row 1: glu-teacher L + g + H against mpmath and python-flint, interleaved in rounds. */
export async function kernelRow(peers: Peers, libs: PeerAnswer): Promise<void> {
  const problem = loadProblem('glu-teacher');
  const network = problem.network;
  const N = problem.dataset(precision(20)).targets.length;
  const muls = gluMultiplications(N, 2, 1);
  const names = (['mpmath', 'flint'] as const).filter((lib) => typeof libs[lib] === 'string');
  console.log(
    `glu-teacher L + g + H (9 samples, 4 parameters; ${muls} multiplications by the formulas plus ${2 * N} tanh): ` +
      `peers ${names.map((lib) => String(libs[lib])).join(', ') || 'none'}; load ${load()}`,
  );
  for (const digits of [30, 60, 200]) {
    const p = precision(digits);
    const g = precision(digits + 10);
    const theta = problem.initial(p);
    const data = problem.dataset(p);
    const ours = (): unknown => lossAndDerivatives(network, data, theta, p, { hessian: true });
    const x = new g.D(1).div(7);
    const y = new g.D(3).sqrt();
    const mul = (): unknown => x.times(y);
    // Cold: the first 100 calls at this precision (at 30 digits, the first of this process).
    const cold = batch(ours, 100);
    // Warm-up: until 1 s of CPU has gone into ours at this precision (V8 has optimised the kernel by then).
    const t0 = cpuMs();
    let warm = cold;
    while (cpuMs() - t0 < 1000) warm = batch(ours, 50);
    const oursCalls = callsFor(150, warm);
    const mulCalls = callsFor(20, batch(mul, 1000));
    // Each peer's first batch (5 calls) builds its data and calibrates its batches to about 150 ms of CPU.
    const peerCalls: Record<string, number> = {};
    const values: Record<string, string> = {};
    for (const lib of names) {
      const a = await peers.ask({ task: 'glu', lib, digits, calls: 5 });
      if (typeof a.ms !== 'number') throw new Error(`peer ${lib}: ${a.error ?? 'no answer'}`);
      peerCalls[lib] = callsFor(150, a.ms);
      values[lib] = String(a['loss']);
    }
    const samples: Record<string, number[]> = { ours: [], mul: [] };
    for (let round = 0; round < ROUNDS; round++) {
      samples['ours']?.push(batch(ours, oursCalls));
      samples['mul']?.push(batch(mul, mulCalls));
      for (const lib of names) {
        const a = await peers.ask({ task: 'glu', lib, digits, calls: peerCalls[lib] ?? 5 });
        if (typeof a.ms !== 'number') throw new Error(`peer ${lib}: ${a.error ?? 'no answer'}`);
        (samples[lib] ??= []).push(a.ms);
      }
    }
    const oursMs = median(samples['ours'] ?? []);
    const mulMs = median(samples['mul'] ?? []);
    const loss = lossAndDerivatives(network, data, theta, p, { hessian: true }).loss.toString();
    const parts = [
      `ours ${formatMs(oursMs)} (cold, first 100 calls: ${formatMs(cold)})`,
      `${muls} × decimal.js mul ${formatMs(mulMs * muls)} (ours/that ${formatRatio(oursMs, mulMs * muls)})`,
    ];
    for (const lib of names) {
      const s = samples[lib] ?? [];
      const agree = agreeing(loss, values[lib] ?? 'NaN');
      parts.push(
        `${lib} ${formatMs(median(s))}, ${lib}/ours ${ratioText(s, samples['ours'] ?? [])}, ` +
          `loss agrees to ${agree === Infinity ? 'all' : agree} digits`,
      );
    }
    console.log(`  ${digits} digits, CPU medians of ${ROUNDS} rounds: ${parts.join('; ')}; load ${load()}`);
  }
}

/** Row 2: two-param to t = 1 at 30 digits, confirmed, against mpmath.odefun at 30 digits. */
export async function odeRow(peers: Peers, libs: PeerAnswer): Promise<void> {
  const problem = loadProblem('two-param');
  const p = precision(30);
  let result: ReturnType<ConfirmedFlowRun['result']> | undefined;
  const ours = (): void => {
    const r = new ConfirmedFlowRun(problem, problem.initial(p), p, { times: ['1'] });
    while (!r.done) r.advance();
    result = r.result();
  };
  ours(); // warm-up (JIT)
  const rounds = 3;
  const oursMs: number[] = [];
  const peerMs: number[] = [];
  let ref: PeerAnswer | undefined;
  for (let round = 0; round < rounds; round++) {
    const t0 = cpuMs();
    ours();
    oursMs.push(cpuMs() - t0);
    if (typeof libs['mpmath'] !== 'string') continue;
    const a = await peers.ask({ task: 'odefun', digits: 30 });
    if (typeof a.ms !== 'number') throw new Error(`peer odefun: ${a.error ?? 'no answer'}`);
    peerMs.push(a.ms);
    ref = a;
  }
  const c = result?.confirmation;
  const confirmed = c?.kind === 'confirmed' ? c.digits : 0;
  const [w, a] = (c?.kind === 'confirmed' ? c.states[0]?.params : undefined) ?? ['0', '0'];
  let line =
    `two-param to t = 1 at 30 digits as \`flow\` runs it (auto, confirmed by the run at 50 digits: ${confirmed} ` +
    `digits): ours ${formatMs(median(oursMs))}`;
  if (ref === undefined) line += '; mpmath unavailable (no peer measured)';
  else {
    // odefun's values (35 digits printed) rounded to 30 significant digits against ours, and the relative difference.
    const q = precision(60);
    const same = [
      [w, ref['w']],
      [a, ref['a']],
    ].every(([x, r]) => new q.D(String(r)).toSignificantDigits(30).eq(String(x)));
    const diff = Math.max(
      ...[
        [w, ref['w']],
        [a, ref['a']],
      ].map(([x, r]) => new q.D(String(x)).minus(String(r)).div(String(r)).abs().toNumber()),
    );
    line +=
      `; mpmath.odefun at 30 digits (unconfirmed) ${formatMs(median(peerMs))}; odefun/ours ` +
      `${ratioText(peerMs, oursMs)} (bar ≥ 10×); odefun's end point rounded to 30 digits ${same ? 'equals' : 'DIFFERS from'} ` +
      `ours (w = ${String(w)}, a = ${String(a)}; largest relative difference ${diff.toExponential(1)})`;
  }
  console.log(`${line}; CPU medians of ${rounds} rounds; load ${load()}`);
}

/** Row 3: followChannel to |A| = 1e30 against mpmath Newton with the exact Hessian, both confirmed at +20. */
export async function followRow(peers: Peers, libs: PeerAnswer): Promise<void> {
  const values = ['1e10', '1e20', '1e30'];
  const problem = loadProblem('glu-teacher');
  const start = problem.initial(precision(40));
  let lossA4 = 'none';
  let confirmed = 0;
  const ours = (): void => {
    const r = followChannel(problem.network, (q) => problem.dataset(q), start, '1e30', { values });
    const last = r.points[r.points.length - 1];
    if (last === undefined || r.kind !== 'reached') throw new Error(`followChannel: ${r.kind}`);
    lossA4 = last.loss.times(last.A.pow(4)).toSignificantDigits(last.confirmedDigits).toString();
    confirmed = Math.min(...r.points.map((q) => q.confirmedDigits));
  };
  // Warm-up as in the kernel row: until 1 s of CPU has gone into ours (V8 has optimised the solve by then; the
  // first calls of a fresh process run in its lower tiers and compile on background threads, which process.cpuUsage
  // counts). The peers' first answers are not timed either.
  const t0 = cpuMs();
  while (cpuMs() - t0 < 1000) ours();
  // The peer doing followChannel's task: the same start (problem.initial, its own floor point at |A| = 4.75 first),
  // the same four points and the same predictor, at the same digits; and, for reference, the older peer that solves
  // only the three target points, each from the analytic GLU-limit guess (knowledge of this teacher that follow
  // does not have).
  const sameTask = {
    task: 'newton',
    values,
    report: 20,
    confirm: 20,
    start: start.map((x) => x.toString()),
  };
  const guessed = { task: 'newton', values, report: 20, confirm: 20 };
  const mpmath = typeof libs['mpmath'] === 'string';
  if (mpmath) for (const request of [sameTask, guessed]) await peers.ask(request);
  const oursMs: number[] = [];
  const peerMs: number[] = [];
  const guessMs: number[] = [];
  let ref: PeerAnswer | undefined;
  for (let round = 0; round < ROUNDS; round++) {
    const t1 = cpuMs();
    ours();
    oursMs.push(cpuMs() - t1);
    if (!mpmath) continue;
    const a = await peers.ask(sameTask);
    if (typeof a.ms !== 'number') throw new Error(`peer newton: ${a.error ?? 'no answer'}`);
    peerMs.push(a.ms);
    ref = a;
    const b = await peers.ask(guessed);
    if (typeof b.ms !== 'number') throw new Error(`peer newton: ${b.error ?? 'no answer'}`);
    guessMs.push(b.ms);
  }
  let line =
    `glu-teacher valley floor at |A| = ${values.join(', ')}: followChannel ${formatMs(median(oursMs))} (from the ` +
    `start |A| = 4.75, every point confirmed at +20 digits, ≥ ${confirmed} digits; loss·A⁴ at 1e30 = ${lossA4})`;
  if (ref === undefined) line += '; mpmath unavailable (no peer measured)';
  else {
    const points = ref['points'] as {
      A: string;
      digits: number;
      iterations: number[];
      confirmed: boolean;
      lossA4: string;
    }[];
    const last = points[points.length - 1];
    const peerText = points.map(
      (q) =>
        `${q.A}: ${q.digits} digits, ${q.iterations.join('+')} Newton steps${q.confirmed ? '' : ' NOT confirmed'}`,
    );
    const agree = agreeing(lossA4, last?.lossA4 ?? 'NaN');
    line +=
      `; mpmath Newton, exact Hessian, the same start, points and predictor, each point re-solved at +20 digits ` +
      `(${peerText.join('; ')}) ${formatMs(median(peerMs))}; mpmath/ours ${ratioText(peerMs, oursMs)} (bar > 1×); ` +
      `loss·A⁴ agrees to ${agree === Infinity ? 'all' : agree} of their ` +
      `${String(lossA4.replace(/^[-0.]+|e.*$/g, '').length)} digits. For reference, mpmath on the three target ` +
      `points only, each from the analytic GLU-limit guess: ${formatMs(median(guessMs))}, that/ours ` +
      `${ratioText(guessMs, oursMs)}`;
  }
  console.log(`${line}; CPU medians of ${ROUNDS} rounds; load ${load()}`);
}

/** glu-teacher at t = 1e8 to 30 digits: the toolkit's flow at 30 digits confirmed at 50 (28 digits agree). */
const GLU_1E8 = [
  '1.087799533715874218131773528766',
  '0.915936743850548582637171983903',
  '6.089607577901944368353724153485',
  '-5.590527893867509042797936015267',
];

function maxRelativeError(values: readonly string[]): number {
  return Math.max(...values.map((v, i) => Math.abs(Number(v) / Number(GLU_1E8[i]) - 1)));
}

/**
 * The CLI as a child process under /usr/bin/time: CPU ms (user + system) and its JSON output. Retried twice: on a
 * shared tree another `npm run build` may be rewriting dist/ for a moment.
 */
function cliRun(args: readonly string[], attempts = 3): { ms: number; out: unknown } {
  const bin = join(import.meta.dirname, '..', 'bin', 'flat-channels.js');
  const r = spawnSync('/usr/bin/time', ['-f', 'CPU %U %S', process.execPath, bin, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  const m = /CPU ([\d.]+) ([\d.]+)\s*$/.exec(r.stderr);
  if (r.status === 0 && m !== null)
    return { ms: (Number(m[1]) + Number(m[2])) * 1000, out: JSON.parse(r.stdout) as unknown };
  if (attempts > 1) {
    console.log(`  (CLI run failed, retrying: ${r.stderr.trim().split('\n')[0] ?? ''})`);
    return cliRun(args, attempts - 1);
  }
  throw new Error(`CLI failed: ${r.stderr.slice(-400)}`);
}

/** A fresh python3 running one peer request (numpy and scipy imported), whole process under /usr/bin/time: CPU ms. */
function pythonProcessMs(request: Readonly<Record<string, unknown>>): number {
  const script = join(import.meta.dirname, 'peers', 'peers.py');
  const r = spawnSync('/usr/bin/time', ['-f', 'CPU %U %S', 'python3', script], {
    encoding: 'utf8',
    input: `${JSON.stringify(request)}\n`,
  });
  const m = /CPU ([\d.]+) ([\d.]+)\s*$/.exec(r.stderr);
  return r.status === 0 && m !== null ? (Number(m[1]) + Number(m[2])) * 1000 : NaN;
}

/** Row 4: float64 glu-teacher to 1e8 through the CLI against scipy Radau with the exact Jacobian. */
export async function radauRow(peers: Peers, libs: PeerAnswer): Promise<void> {
  const args = [
    'flow',
    '--problem',
    'glu-teacher',
    '--t',
    '1e8',
    '--method',
    'float64',
    '--no-confirm',
    '--json',
  ];
  const glu = loadProblem('glu-teacher');
  const p = precision(30);
  const inProcess = (): ReturnType<typeof integrate> =>
    integrate(glu, glu.initial(p), p, { times: ['1e8'], method: 'float64' });
  inProcess();
  inProcess(); // warm-up
  const tolerances = typeof libs['scipy'] === 'string' ? [1e-6, 1e-8, 1e-10] : [];
  const rounds = 5;
  const cliMs: number[] = [];
  const wholeMs: number[] = [];
  const inMs: number[] = [];
  const scipyMs: Record<string, number[]> = {};
  const scipyErr: Record<string, number> = {};
  const scipySteps: Record<string, string> = {};
  let cliOut: unknown;
  let inResult = inProcess();
  for (let round = 0; round < rounds; round++) {
    const c = cliRun(args);
    cliMs.push(c.ms);
    cliOut = c.out;
    const t0 = cpuMs();
    inResult = inProcess();
    inMs.push(cpuMs() - t0);
    if (tolerances.length > 0) wholeMs.push(pythonProcessMs({ task: 'radau', rtol: 1e-8 }));
    for (const rtol of tolerances) {
      const a = await peers.ask({ task: 'radau', rtol });
      if (typeof a.ms !== 'number') throw new Error(`peer radau: ${a.error ?? 'no answer'}`);
      (scipyMs[rtol] ??= []).push(a.ms);
      scipyErr[rtol] = maxRelativeError(a['y'] as string[]);
      scipySteps[rtol] =
        `${String(a['steps'])} steps, nfev ${String(a['nfev'])}, njev ${String(a['njev'])}, nlu ${String(a['nlu'])}`;
    }
  }
  const state = (cliOut as { states: { params: { w: string[][]; a: string[] } }[] }).states[0];
  const cliValues =
    state === undefined ? [] : [...state.params.w.map((row) => row[0] ?? 'NaN'), ...state.params.a];
  const cliErr = maxRelativeError(cliValues);
  const inErr = maxRelativeError(inResult.states[0]?.params ?? []);
  const fixture = JSON.parse(
    readFileSync(join(import.meta.dirname, '..', 'test', 'fixtures', 'flow-glu-teacher.json'), 'utf8'),
  ) as { states: { t: string; params: string[] }[] };
  const numpy = fixture.states.find((s) => Number(s.t) === 1e8);
  const refAgree = numpy === undefined ? NaN : -Math.log10(maxRelativeError(numpy.params));
  const cli = median(cliMs);
  console.log(
    `glu-teacher to t = 1e8 in float64 (reference: our 30-digit flow confirmed at 50, agreeing with the independent ` +
      `numpy fixture to ${refAgree.toFixed(1)} digits); CPU medians of ${rounds} rounds, load ${load()}:`,
  );
  console.log(
    `  CLI \`flow --problem glu-teacher --t 1e8 --method float64 --no-confirm\` (whole process, node start-up ` +
      `included): ${formatMs(cli)}, printed end state (${cliValues.length ? cliValues[0]?.length : 0} characters a ` +
      `value) max relative error ${cliErr.toExponential(1)}; the same flow in-process ${formatMs(median(inMs))} ` +
      `(${inResult.stats.steps} steps, ${inResult.stats.evaluations} evaluations, ${inResult.stats.hessianEvaluations} ` +
      `Hessians), full float64 end state error ${inErr.toExponential(1)}`,
  );
  if (tolerances.length === 0) console.log('  scipy unavailable (no peer measured)');
  else
    console.log(
      `  python3 whole process (start-up, numpy and scipy imports, solve_ivp Radau at rtol = atol = 1e-8): ` +
        `${formatMs(median(wholeMs))}; python process/CLI process ${ratioText(wholeMs, cliMs)}`,
    );
  for (const rtol of tolerances) {
    const s = scipyMs[rtol] ?? [];
    const e = scipyErr[rtol] ?? NaN;
    console.log(
      `  scipy solve_ivp Radau, jac = exact Hessian, rtol = atol = ${rtol} (in-process, imports excluded): ` +
        `${formatMs(median(s))}, ${scipySteps[rtol] ?? ''}, max relative error ${e.toExponential(1)} ` +
        `(${e <= inErr ? 'at least as accurate as' : 'less accurate than'} our float64 state); scipy/CLI ` +
        `${ratioText(s, cliMs)}, scipy/in-process ${ratioText(s, inMs)}`,
    );
  }
}

const ROWS: Readonly<Record<string, (peers: Peers, libs: PeerAnswer) => Promise<void>>> = {
  kernel: kernelRow,
  ode: odeRow,
  follow: followRow,
  radau: radauRow,
};

export default async function peersBench(): Promise<void> {
  const only = process.argv[3];
  const peers = Peers.start();
  try {
    const libs = await peers.ask({ task: 'libs' });
    if (typeof libs.error === 'string') console.log(`peers unavailable: ${libs.error}`);
    for (const [name, row] of Object.entries(ROWS))
      if (only === undefined || only === name) await row(peers, libs);
  } finally {
    peers.close();
  }
}
