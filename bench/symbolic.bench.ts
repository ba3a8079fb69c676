/**
 * The symbolic layer: `glu` for a generic σ and for erf at orders 4, 6, 8 — the nerdamer derivation alone and the
 * full command work (derivation + 50-digit jet confirmation of every coefficient) — next to SymPy's `series` of
 * the same expansion, (c/2 + a/(2ε)) σ(z+εδ) + (c/2 − a/(2ε)) σ(z−εδ), timed in one python3 process started from
 * this benchmark (skipped with a note when python3 with sympy is not available). Ratios are ours / SymPy.
 * Each figure is the median of 5 runs (derivations take 0.1–3 s, so the harness's calibrated batches do not fit).
 */
import { spawnSync } from 'node:child_process';
import { resolveActivation } from '../src/activations/index.js';
import { checkGluExpansion, gluExpansion } from '../src/symbolic/index.js';
import { formatMs, formatRatio } from './harness.js';

const ORDERS = [4, 6, 8] as const;
const CASES = ['generic', 'erf'] as const;
const RUNS = 5;

function medianMs(run: () => unknown): number {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    run();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[RUNS >> 1] ?? NaN;
}

const SYMPY_SCRIPT = `
import json, sys, time
import sympy as sp
eps, z, d, c, a = sp.symbols('eps z delta c a')
f = sp.Function('f')
out = {}
for K in (4, 6, 8):
    for name, F in (('generic', f), ('erf', lambda u: sp.erf(u / sp.sqrt(2)))):
        pair = (c/2 + a/(2*eps))*F(z + eps*d) + (c/2 - a/(2*eps))*F(z - eps*d)
        ts = []
        for _ in range(${RUNS}):
            sp.core.cache.clear_cache()
            t0 = time.perf_counter()
            sp.expand(sp.series(pair, eps, 0, K + 1).removeO())
            ts.append((time.perf_counter() - t0) * 1000)
        out[f'{name}:{K}'] = sorted(ts)[${RUNS} // 2]
json.dump({'sympy': sp.__version__, 'ms': out}, sys.stdout)
`;

function sympyTimes(): { version: string; ms: Record<string, number> } | string {
  const probe = spawnSync('python3', ['-c', 'import sympy'], { encoding: 'utf8' });
  if (probe.status !== 0) return 'python3 with sympy not available: SymPy comparison skipped';
  const r = spawnSync('python3', ['-c', SYMPY_SCRIPT], { encoding: 'utf8', timeout: 600_000 });
  if (r.status !== 0) return `SymPy run failed: ${r.stderr.split('\n').slice(-2).join(' ')}`;
  const j = JSON.parse(r.stdout) as { sympy: string; ms: Record<string, number> };
  return { version: j.sympy, ms: j.ms };
}

export default function run(): void {
  const sympy = sympyTimes();
  if (typeof sympy === 'string') console.log(sympy);
  else console.log(`SymPy ${sympy.version} series, median of ${RUNS} (cache cleared before each)`);
  const erf = resolveActivation('erf');
  gluExpansion('generic', { order: 2, cache: false }); // load nerdamer and mathjs once
  for (const order of ORDERS) {
    for (const name of CASES) {
      const target = name === 'generic' ? 'generic' : erf;
      const derive = medianMs(() => gluExpansion(target, { order, cache: false }));
      const full = medianMs(() => {
        const e = gluExpansion(target, { order, cache: false });
        return checkGluExpansion(e, target, { digits: 50 });
      });
      const peer = typeof sympy === 'string' ? undefined : sympy.ms[`${name}:${order}`];
      const vs =
        peer === undefined
          ? ''
          : `; SymPy series ${formatMs(peer)}; derivation/SymPy ${formatRatio(derive, peer)}, glu/SymPy ${formatRatio(full, peer)}`;
      console.log(
        `glu ${name} order ${order}: derivation ${formatMs(derive)}, glu (derivation + 50-digit check) ${formatMs(full)}${vs}`,
      );
    }
  }
}
