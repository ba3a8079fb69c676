// The paper's Fig. 2 (plateau saddles on rosenbrock-2d: activation g, no biases, 101×101 grid), settled: per width,
// the paper's training protocol (MLPGradientFlow.jl as in Table 1: loose ODE tolerances, the cubic barrier on
// weightnorm, Newton after the ODE) next to the accurate one (gradient flow to t = 10¹⁰), every end point judged by
// the paper's criteria and re-judged by the toolkit's high-precision classification, and the cross-table.
//   npx tsx examples/sweep-fig2.ts                               print the committed results (no training)
//   npx tsx examples/sweep-fig2.ts run 1..40 2,3 1 DIR [OUT]     train what is missing under DIR/<protocol>-w<width>
//                                                                (resumable), then write OUT (default
//                                                                DIR/fig2-plateau-saddles.json) from the runs stored
// With `run`, a seed whose run is not stored yet (a sweep still going) is left out of OUT, and the count says so.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  FIG2_FORMAT,
  fig2Block,
  formatCrossTable,
  parseSeedRange,
  runSweep,
  sweepJobs,
  trainOptions,
  type Fig2Block,
  type RunResult,
  type SweepProtocol,
} from '../src/index.js';

const committed = new URL('../docs/data/fig2-plateau-saddles.json', import.meta.url);
const args = process.argv.slice(2);
const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

let blocks: Fig2Block[];
if (args[0] === 'run') {
  const [, seedText = '1..40', widthText = '2,3', workerText = '1', dir = 'fig2', outText] = args;
  const { from, to } = parseSeedRange(seedText);
  const widths = widthText.split(',').map(Number);
  blocks = [];
  for (const width of widths) {
    for (const protocol of ['paper', 'accurate'] as SweepProtocol[]) {
      const train = trainOptions({ optimizer: protocol === 'paper' ? 'paper' : 'gf' });
      const jobs = sweepJobs('rosenbrock-2d', from, to, { width, train, version });
      const out = join(dir, `${protocol}-w${width}`);
      if (Number(workerText) > 0) await runSweep(jobs, { out, workers: Number(workerText) });
      const results = jobs
        .map((j) => join(out, 'runs', `${j.key}.json`))
        .filter((f) => existsSync(f))
        .map((f) => JSON.parse(readFileSync(f, 'utf8')) as RunResult);
      if (results.length > 0) blocks.push(fig2Block(protocol, width, results));
    }
  }
  const file = outText ?? join(dir, 'fig2-plateau-saddles.json');
  const doc = { format: FIG2_FORMAT, version: 1, problem: 'rosenbrock-2d', toolkit: version, blocks };
  writeFileSync(file, JSON.stringify(doc, null, 1) + '\n');
  console.log(`wrote ${file}`);
} else {
  blocks = (JSON.parse(readFileSync(committed, 'utf8')) as { blocks: Fig2Block[] }).blocks;
}

const d3 = (x: string): string => Number(x).toFixed(3);
for (const b of blocks) {
  console.log(`\nwidth ${b.width}, ${b.protocol} protocol: ${b.total} runs`);
  for (const [name, table] of [
    ['toolkit', b.toolkit],
    ["paper's criteria", b.paper],
  ] as const) {
    const cells = Object.entries(table)
      .filter(([, f]) => f.count > 0)
      .map(([c, f]) => `${c} ${f.count} (${d3(f.fraction)} [${d3(f.lower)}, ${d3(f.upper)}])`);
    console.log(`  ${name}: ${cells.join(', ')}`);
  }
  console.log(formatCrossTable(b));
  // Every run sits in exactly one cell.
  const cells = Object.values(b.crossTable).reduce(
    (n, row) => n + Object.values(row).reduce((m, v) => m + v, 0),
    0,
  );
  if (cells !== b.total) throw new Error(`the cross-table holds ${cells} runs, expected ${b.total}`);
}
