/**
 * Channel continuation: `followChannel` on glu-teacher from its start (|A| = 4.75) to |A| = 1e10, 1e20, 1e30 (each
 * point solved at 3·log₁₀|A| + 30 digits and confirmed at +20), against mpmath solving the same valley floors from
 * the GLU-limit guess (scripts/golden/follow.py's `solve`, at 3·log₁₀|A| + 60 digits, one solve per A, no
 * confirmation; median of 3), in the same run when python3 with mpmath is available. Prints medians, the ratio and
 * loss·A⁴.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { followChannel } from '../src/landscape/follow-channel.js';
import { loadProblem } from '../src/network/problem.js';
import { precision } from '../src/precision/context.js';

const VALUES = ['1e10', '1e20', '1e30'] as const;

const PY = `
import sys, time, json
sys.path.insert(0, sys.argv[1])
import mpmath as mp
from follow import solve
runs = []
for _ in range(3):
    t0 = time.perf_counter()
    out = {}
    for A in ${JSON.stringify(VALUES)}:
        r = solve(A, int(3 * mp.log10(mp.mpf(A))) + 60)
        out[A] = mp.nstr(r['lossA4'], 15)
    runs.append(time.perf_counter() - t0)
print(json.dumps({'seconds': sorted(runs)[1], 'lossA4': out}))
`;

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

export default function landscapeBench(): void {
  const problem = loadProblem('glu-teacher');
  const run = () =>
    followChannel(problem.network, (q) => problem.dataset(q), problem.initial(precision(40)), '1e30', {
      values: VALUES,
    });
  run(); // warm-up (JIT, data caches)
  const times: number[] = [];
  let result = run();
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    result = run();
    times.push(performance.now() - t0);
  }
  const ours = median(times);
  const last = result.points[result.points.length - 1];
  const lossA4 =
    last === undefined ? 'none' : last.loss.times(last.A.pow(4)).toSignificantDigits(15).toString();
  let line =
    `glu-teacher valley floor at |A| = ${VALUES.join(', ')} (${result.kind}): followChannel ${ours.toFixed(0)} ms ` +
    `(median of 3, each point confirmed at +20 digits); loss·A⁴ at 1e30 = ${lossA4}`;
  const dir = join(import.meta.dirname, '..', 'scripts', 'golden');
  const py = spawnSync('python3', ['-c', PY, dir], { encoding: 'utf8', timeout: 600_000 });
  if (py.status === 0) {
    const ref = JSON.parse(py.stdout) as { seconds: number; lossA4: Record<string, string> };
    line +=
      `; mpmath findroot ${(ref.seconds * 1000).toFixed(0)} ms (median of 3, unconfirmed); ratio mpmath/ours ` +
      `${((ref.seconds * 1000) / ours).toFixed(2)}×; mpmath loss·A⁴ = ${ref.lossA4['1e30'] ?? '?'}`;
  } else line += '; mpmath unavailable (no peer measured)';
  console.log(line);
}
