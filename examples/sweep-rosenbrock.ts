// End-point classes of gradient flow on rosenbrock-2d (the paper's plateau-saddle setting: activation g, no
// biases, 101×101 grid), the kind of statistic of the paper's figures 2 and 4: per width, how many seeded
// Glorot-normal initialisations end in a finite minimum, a plateau saddle, a channel, a split channel (a channel
// carrying a duplicated neuron), a saddle, or unfinished, with 95% Wilson intervals; and the cross-table of what the
// paper's own criteria (weightnorm Σθ²/(2P) against 10³, duplicates closer than 10⁻⁶) call each end point. The default is small so that the test suite can run it; the size is an argument:
//   npx tsx examples/sweep-rosenbrock.ts [SEEDS] [WIDTHS] [WORKERS]      default 1..1 2 1 (one run, ~20 s)
//   npx tsx examples/sweep-rosenbrock.ts 1..40 2,3 2                     80 runs: 48 min with 2 workers (docs/sweep.md)
// Results are stored by content address (one directory per width): re-running, or running a larger seed range,
// computes only what is missing.
import { readFileSync } from 'node:fs';
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

const [seedText = '1..1', widthText = '2', workerText = '1'] = process.argv.slice(2);
const { from, to } = parseSeedRange(seedText);
const widths = widthText.split(',').map(Number);
const workers = Number(workerText);
for (const w of widths)
  if (!(Number.isInteger(w) && w >= 1)) throw new Error(`widths: expected e.g. 2,3, got ${widthText}`);
if (!(Number.isInteger(workers) && workers >= 1)) throw new Error(`workers: expected ≥ 1, got ${workerText}`);

// Gradient flow (the paper trains by gradient flow), until ‖∇L‖₂ < 10⁻¹⁰, ‖θ‖₂ > 10³, t = 10¹⁰ or 20 000 steps.
const train = trainOptions({ optimizer: 'gf' });
// Stored runs are keyed by the toolkit version too: a new version recomputes them.
const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};
const rows: { width: number; plateau: string; channel: string }[] = [];
const pct = (x: string): string => Number(x).toFixed(3);
console.log(`rosenbrock-2d, gradient flow, seeds ${from}..${to}, widths ${widths.join(', ')}`);
for (const width of widths) {
  const out = join(tmpdir(), `flat-channels-rosenbrock-gf-${width}`);
  const jobs = sweepJobs('rosenbrock-2d', from, to, { width, train, version });
  const outcome = await runSweep(jobs, { out, workers });
  if (outcome.kind !== 'complete') throw new Error(`sweep incomplete: ${JSON.stringify(outcome.failed)}`);
  const s = outcome.summary;
  console.log(`\nwidth ${width}: ${s.total} runs (${outcome.computed} computed, ${outcome.reused} stored)`);
  console.log('  class            runs  fraction  95% Wilson interval');
  for (const c of END_POINT_CLASSES) {
    const f = s.fractions[c];
    console.log(
      `  ${c.padEnd(15)} ${String(f.count).padStart(5)}  ${pct(f.fraction).padStart(8)}  [${pct(f.lower)}, ${pct(f.upper)}]`,
    );
  }
  for (const r of s.runs) {
    console.log(`  seed ${r.seed}: ${r.class} — ${r.reason}`);
    console.log(
      `    paper's criteria: ${r.paper.class} (weightnorm ${Number(r.paper.weightnorm).toPrecision(4)})`,
    );
  }
  // What the paper's criteria call each end point (rows) against the toolkit's class (columns).
  const shown = END_POINT_CLASSES.filter((c) => s.fractions[c].count > 0);
  console.log(`  paper \\ toolkit  ${shown.map((c) => c.padStart(15)).join('')}`);
  const paperClasses = Object.keys(s.paperVersusToolkit) as (keyof typeof s.paperVersusToolkit)[];
  for (const p of paperClasses) {
    const row = s.paperVersusToolkit[p];
    console.log(`  ${p.padEnd(15)}  ${shown.map((c) => String(row[c]).padStart(15)).join('')}`);
  }
  const cells = paperClasses.reduce(
    (n, p) => n + END_POINT_CLASSES.reduce((m, c) => m + s.paperVersusToolkit[p][c], 0),
    0,
  );
  if (cells !== s.total) throw new Error(`the cross-table holds ${cells} runs, expected ${s.total}`);

  // Checks: every run is classified once, the intervals are the Wilson intervals of the counts, and a second run
  // of the same sweep computes nothing.
  const total = END_POINT_CLASSES.reduce((n, c) => n + s.fractions[c].count, 0);
  if (total !== jobs.length) throw new Error(`classes add up to ${total}, expected ${jobs.length}`);
  for (const c of END_POINT_CLASSES) {
    const w = wilsonInterval(s.fractions[c].count, s.total);
    if (String(w.lower) !== s.fractions[c].lower || String(w.upper) !== s.fractions[c].upper) {
      throw new Error(`${c}: interval differs from the Wilson interval`);
    }
  }
  const again = await runSweep(jobs, { out, workers });
  if (again.kind !== 'complete' || again.computed !== 0) throw new Error('the re-run recomputed stored runs');
  const f = (c: 'plateau-saddle' | 'channel'): string =>
    `${s.fractions[c].count}/${s.total} = ${pct(s.fractions[c].fraction)} [${pct(s.fractions[c].lower)}, ${pct(s.fractions[c].upper)}]`;
  rows.push({ width, plateau: f('plateau-saddle'), channel: f('channel') });
}

console.log('\nwidth  plateau saddle (95% Wilson)        channel (95% Wilson)');
for (const r of rows) console.log(`  ${String(r.width).padEnd(4)} ${r.plateau.padEnd(32)} ${r.channel}`);
