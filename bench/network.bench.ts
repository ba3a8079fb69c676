/**
 * Loss + gradient + Hessian of rosenbrock-2d (10 201 grid points, width 5, activation g) at 30 digits against
 * float64 on the same data: the price of exact digits for a realistic finite dataset. Data realisation (10 201
 * target formulas, z-scored) is timed once, separately; both loss timings exclude it.
 *
 * Side by side in the same run: the Decimal loss with the activations' closed-form fast path (orders 0–3) against
 * the same loss with activation derivatives by the jet path (on a 409-point subset of the grid, every 25th point,
 * so that the jet path finishes), and the population loss of paper-toy at 40 digits likewise.
 *
 * paper-toy's loss + gradient at 40 digits against mpmath.quad and flint's acb.integral (CPU time). The glu-teacher
 * kernel against mpmath, python-flint and its multiplication count moved to peers.bench.ts (interleaved rounds).
 */
import { spawnSync } from 'node:child_process';
import type { Decimal } from 'decimal.js';
import type { Dataset } from '../src/network/dataset.js';
import { toDataset64 } from '../src/network/dataset.js';
import { lossAndDerivatives, type Network } from '../src/network/loss.js';
import { lossAndDerivatives64 } from '../src/network/loss64.js';
import { loadProblem } from '../src/network/problem.js';
import { precision } from '../src/precision/context.js';
import { compare, consume, cpuMs, formatMs, formatRatio, measure } from './harness.js';
import { jetPathActivation } from './special.bench.js';

function subset(data: Dataset, every: number): Dataset {
  const keep = (_: unknown, i: number): boolean => i % every === 0;
  const inputs = data.inputs.filter(keep);
  const targets = data.targets.filter(keep);
  return data.weights === undefined
    ? { inputs, targets }
    : { inputs, targets, weights: data.weights.filter(keep) };
}

/** Decimal loss with the fast path, with the jet path, and float64, on one dataset. */
function threeWay(
  title: string,
  net: Network,
  data: Dataset,
  theta: Decimal[],
  digits: number,
  hessian: boolean,
) {
  const p = precision(digits);
  const jetNet: Network = { ...net, activation: jetPathActivation(net.activation) };
  const d64 = toDataset64(data);
  const t64 = Float64Array.from(theta, Number);
  compare(
    title,
    [
      { name: 'Decimal fast path', run: () => consume(lossAndDerivatives(net, data, theta, p, { hessian })) },
      {
        name: 'Decimal jet path',
        run: () => consume(lossAndDerivatives(jetNet, data, theta, p, { hessian })),
      },
      { name: 'float64', run: () => consume(lossAndDerivatives64(net, d64, t64, { hessian })) },
    ],
    'Decimal fast path',
    { batches: 3, batchMs: 20 },
  );
}

/** paper-toy's loss + gradient (5 integrals) at `digits` in mpmath.quad and flint's acb.integral (CPU ms). */
const TOY_PEERS = String.raw`
import json, sys, time
d = int(sys.argv[1])
out = {}
def timed(run):
    run()
    ts = []
    for _ in range(3):
        t0 = time.process_time(); run(); ts.append(time.process_time() - t0)
    ts.sort()
    return ts[1] * 1e3
try:
    from mpmath import mp, mpf
    mp.dps = d + 10
    def toy():
        s2 = mp.sqrt(2); a1, a2, w1, w2 = mpf('0.5'), mpf('0.5'), mpf('0.8'), mpf('1.2')
        c = mp.sqrt(2 / mp.pi)
        res = []
        for k in range(5):
            def f(x, k=k):
                e1, e2 = mp.erf(w1 * x / s2), mp.erf(w2 * x / s2)
                r = a1 * e1 + a2 * e2 - mp.erf((5 * x + mpf('2.5')) / s2) - mp.erf((5 * x - mpf('2.5')) / s2)
                v = [r * r, 2 * r * a1 * c * mp.exp(-(w1 * x) ** 2 / 2) * x,
                     2 * r * a2 * c * mp.exp(-(w2 * x) ** 2 / 2) * x, 2 * r * e1, 2 * r * e2][k]
                return v * mp.exp(-x * x / 2) / mp.sqrt(2 * mp.pi)
            res.append(mp.quad(f, [-mp.inf, -1, 0, 1, mp.inf]))
        return res
    out['mpmath'] = {'ms': timed(toy), 'loss': mp.nstr(toy()[0], d)}
except ImportError:
    pass
try:
    from flint import acb, arb, ctx
    ctx.dps = d + 10
    def toy_flint():
        s2 = arb(2).sqrt(); a1, a2, w1, w2 = arb('0.5'), arb('0.5'), arb('0.8'), arb('1.2')
        c = (arb(2) / arb.pi()).sqrt()
        res = []
        for k in range(5):
            def f(x, analytic, k=k):
                e1, e2 = (w1 * x / s2).erf(), (w2 * x / s2).erf()
                r = a1 * e1 + a2 * e2 - ((5 * x + arb('2.5')) / s2).erf() - ((5 * x - arb('2.5')) / s2).erf()
                if k == 0: v = r * r
                elif k == 1: v = 2 * r * a1 * c * (-(w1 * x) ** 2 / 2).exp() * x
                elif k == 2: v = 2 * r * a2 * c * (-(w2 * x) ** 2 / 2).exp() * x
                elif k == 3: v = 2 * r * e1
                else: v = 2 * r * e2
                return v * (-x * x / 2).exp() / (2 * arb.pi()).sqrt()
            res.append(acb.integral(f, -20, 20))
        return res
    out['flint'] = {'ms': timed(toy_flint), 'loss': toy_flint()[0].real.str(d, radius=False)}
except ImportError:
    pass
print(json.dumps(out))
`;

type PeerTimes = Record<string, { ms: number; loss: string } | string>;

function python(script: string, args: readonly string[]): PeerTimes | string {
  const r = spawnSync('python3', ['-c', script, ...args], { encoding: 'utf8', timeout: 1_800_000 });
  if (r.error !== undefined) return `python3 not available (${r.error.message})`;
  if (r.status !== 0) return `python3 peers failed: ${r.stderr.trim().split('\n').pop() ?? ''}`;
  return JSON.parse(r.stdout) as PeerTimes;
}

/** paper-toy loss + gradient at 40 digits (the population rule realised beforehand) against mpmath and flint. */
export function paperToyAgainstPeers(): void {
  const toy = loadProblem('paper-toy');
  const q = precision(40);
  const theta = toy.initial(q);
  const t0 = cpuMs();
  toy.dataset(q);
  const ruleMs = cpuMs() - t0;
  const c = measure(
    'paper-toy',
    [{ name: 'ours', run: () => consume(toy.evaluate(theta, q, { gradient: true })) }],
    {
      batches: 3,
      batchMs: 200,
    },
  );
  const ours = c.perCallMs.get('ours') ?? NaN;
  const peers = python(TOY_PEERS, ['40']);
  const parts = [
    `ours ${formatMs(ours)} (rule chosen and targets realised once before: ${formatMs(ruleMs)})`,
  ];
  if (typeof peers === 'string') parts.push(`peers skipped: ${peers}`);
  else {
    for (const peer of ['mpmath', 'flint'] as const) {
      const t = peers[peer];
      if (typeof t === 'object')
        parts.push(`${peer} ${formatMs(t.ms)} (${peer}/ours ${formatRatio(t.ms, ours)})`);
    }
  }
  console.log(`paper-toy loss + gradient at 40 digits (CPU): ${parts.join('; ')}`);
}

export default function networkBench(): void {
  paperToyAgainstPeers();
  const problem = loadProblem('rosenbrock-2d', { width: 5 });
  const p = precision(30);
  const theta = problem.initial(p);
  const theta64 = Float64Array.from(theta, Number);
  let t0 = performance.now();
  const data = problem.dataset(p);
  console.log(
    `rosenbrock-2d data at 30 digits (10 201 targets, z-scored): ${formatMs(performance.now() - t0)}`,
  );
  t0 = performance.now();
  problem.evaluate64(theta64, { hessian: true });
  console.log(
    `rosenbrock-2d data in float64 (realised at 17 digits, rounded): ${formatMs(performance.now() - t0)}`,
  );
  compare(
    'rosenbrock-2d width 5, loss + gradient + Hessian (15 parameters)',
    [
      { name: 'float64', run: () => consume(problem.evaluate64(theta64, { hessian: true })) },
      { name: 'Decimal 30 digits', run: () => consume(problem.evaluate(theta, p, { hessian: true })) },
    ],
    'float64',
    { batches: 3, batchMs: 20 },
  );
  threeWay(
    'rosenbrock-2d width 5, every 25th grid point (409), loss + gradient + Hessian at 30 digits',
    problem.network,
    subset(data, 25),
    theta,
    30,
    true,
  );

  const toy = loadProblem('paper-toy');
  const q = precision(40);
  t0 = performance.now();
  const toyData = toy.dataset(q);
  console.log(
    `paper-toy population rule at 40 digits (${toyData.targets.length} nodes, targets): ` +
      formatMs(performance.now() - t0),
  );
  threeWay('paper-toy loss + gradient at 40 digits', toy.network, toyData, toy.initial(q), 40, false);
}
