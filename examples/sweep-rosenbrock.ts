// End-point classes of training on rosenbrock-2d (the paper's plateau-saddle setting: activation g, no biases,
// 101×101 grid), the kind of statistic of the paper's figures 2 and 4. The default is tiny so that the test suite
// can run it; for the real statistic give seeds, width and steps, e.g.
//   npx tsx examples/sweep-rosenbrock.ts 1..40 3 20000
// Results are stored by content address in a directory: re-running continues where it stopped.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  END_POINT_CLASSES,
  parseSeedRange,
  runSweep,
  sweepJobs,
  trainOptions,
  wilsonInterval,
} from '../src/index.js';

const [seedText = '1..2', widthText = '2', stepsText = '200'] = process.argv.slice(2);
const { from, to } = parseSeedRange(seedText);
const out = join(tmpdir(), `flat-channels-rosenbrock-${widthText}-${stepsText}`);
const train = trainOptions({ optimizer: 'adam', steps: Number(stepsText) });
const jobs = sweepJobs('rosenbrock-2d', from, to, { width: Number(widthText), train, version: 'example' });

const outcome = await runSweep(jobs, { out, workers: 1 });
if (outcome.kind !== 'complete') throw new Error(`sweep incomplete: ${JSON.stringify(outcome.failed)}`);
const s = outcome.summary;
console.log(
  `rosenbrock-2d, width ${s.width}, adam ${s.train.steps} steps, seeds ${s.seeds.from}..${s.seeds.to}:`,
);
for (const c of END_POINT_CLASSES) {
  const f = s.fractions[c];
  console.log(
    `  ${c.padEnd(15)} ${f.count}/${s.total}  [${Number(f.lower).toFixed(3)}, ${Number(f.upper).toFixed(3)}]`,
  );
}
for (const r of s.runs) console.log(`  seed ${r.seed}: ${r.class} — ${r.reason}`);

// Checks: every run is classified once, the intervals are the Wilson intervals of the counts, and a second run of
// the same sweep computes nothing.
const total = END_POINT_CLASSES.reduce((n, c) => n + s.fractions[c].count, 0);
if (total !== jobs.length) throw new Error(`classes add up to ${total}, expected ${jobs.length}`);
for (const c of END_POINT_CLASSES) {
  const w = wilsonInterval(s.fractions[c].count, s.total);
  if (String(w.lower) !== s.fractions[c].lower || String(w.upper) !== s.fractions[c].upper) {
    throw new Error(`${c}: interval differs from the Wilson interval`);
  }
}
const again = await runSweep(jobs, { out, workers: 1 });
if (again.kind !== 'complete' || again.computed !== 0) throw new Error('the re-run recomputed stored runs');
console.log(`stored in ${out}; a re-run reused all ${again.reused} runs`);
