// The paper's Fig. 4c–e: how often gradient flow ends in a channel against the roughness of the target. Each network
// (softplus, hidden and output biases, width 4, seeded Glorot-normal start) fits its own draw of a zero-mean Gaussian
// process with the Matérn-3/2 kernel k(r) = (1 + √3 r/s) exp(−√3 r/s) on an 11×11 grid of [−1.25, 1.25]², at length
// scales s = 0.1 (rough) … 10 (smooth); gradient flow to t = 10¹⁰ (the sweep's accurate protocol); every end point
// classified by the toolkit and by the paper's criteria, merged opposite pairs re-judged by their outward slope in
// Decimal, with λ_min and λ_max of the Hessian at the end point.
//   npx tsx examples/sweep-fig4.ts                              print the committed results (no training)
//   npx tsx examples/sweep-fig4.ts run 1..20 4 here DIR [OUT]   train what is missing under DIR/s<scale> (resumable),
//                                                               then write OUT (default DIR/fig4-gp-sweep.json)
// Workers: `here` trains in this process, seeds round-robin over the scales, and records each run's CPU time
// (DIR/cpu-seconds.jsonl); K > 0 uses runSweep's pool of K worker threads (run `npm run build` first); 0 trains
// nothing and only collects the stored runs. The jobs are ordinary sweep jobs (gpSweepJobs): `flat-channels worker`
// on a Redis queue runs them as well (runSweep's `queue`).
// With `run`, a seed whose run is not stored yet is left out of OUT, and the counts say so.
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  FIG4_FORMAT,
  GP_DEFAULT_INPUTS,
  GP_DEFAULT_JITTER,
  fig4Block,
  gpSweepJobs,
  parseSeedRange,
  runSweep,
  runSweepJob,
  trainOptions,
  type Fig4Block,
  type Fig4Range,
  type RunResult,
} from '../src/index.js';

const SCALES = [0.1, 0.5, 2, 10];
/** The paper's number of runs for its Fig. 4 (as issue 20 quotes it). */
const PAPER_RUNS = 4420;
const committed = new URL('../docs/data/fig4-gp-sweep.json', import.meta.url);
const args = process.argv.slice(2);
const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

interface Fig4Doc {
  readonly format: typeof FIG4_FORMAT;
  readonly version: 1;
  readonly toolkit: string;
  readonly kernel: 'matern32';
  readonly jitter: number;
  readonly inputs: typeof GP_DEFAULT_INPUTS;
  readonly width: number;
  readonly train: ReturnType<typeof trainOptions>;
  readonly cpu: {
    readonly runs: number;
    readonly seconds: string;
    readonly perRun: string;
    readonly paperRunsHours: string;
  } | null;
  readonly blocks: readonly Fig4Block[];
}

let doc: Fig4Doc;
if (args[0] === 'run') {
  const [, seedText = '1..20', widthText = '4', workerText = 'here', dir = 'fig4', outText] = args;
  const { from, to } = parseSeedRange(seedText);
  const width = Number(widthText);
  const workers = workerText === 'here' ? 'here' : Number(workerText);
  const train = trainOptions({ optimizer: 'gf' });
  const jobsOf = new Map(SCALES.map((s) => [s, gpSweepJobs(s, from, to, { width, train, version })]));
  const runsDir = (s: number): string => join(dir, `s${s}`, 'runs');
  const cpuFile = join(dir, 'cpu-seconds.jsonl');
  if (workers === 'here') {
    // Round-robin over the scales, so that an interrupted run leaves every scale with about as many runs.
    for (let k = 0; k <= to - from; k++) {
      for (const s of SCALES) {
        const job = jobsOf.get(s)?.[k];
        if (job === undefined) continue;
        mkdirSync(runsDir(s), { recursive: true });
        const file = join(runsDir(s), `${job.key}.json`);
        if (existsSync(file)) continue;
        const start = process.cpuUsage();
        const result = runSweepJob(job);
        const used = process.cpuUsage(start);
        writeFileSync(`${file}.tmp`, JSON.stringify(result, null, 2) + '\n');
        renameSync(`${file}.tmp`, file);
        const cpu = (used.user + used.system) / 1e6;
        appendFileSync(cpuFile, JSON.stringify({ scale: s, seed: job.seed, key: job.key, cpu }) + '\n');
        console.log(
          `s = ${s}, seed ${job.seed}: ${result.class} (paper: ${result.paper.class}), ${cpu.toFixed(1)} s CPU`,
        );
      }
    }
  } else if (workers > 0) {
    for (const s of SCALES) await runSweep(jobsOf.get(s) ?? [], { out: join(dir, `s${s}`), workers });
  }
  const cpu = new Map<string, number>();
  if (existsSync(cpuFile)) {
    for (const line of readFileSync(cpuFile, 'utf8').split('\n')) {
      if (line.trim() !== '') {
        const e = JSON.parse(line) as { key: string; cpu: number };
        cpu.set(e.key, e.cpu);
      }
    }
  }
  const blocks = SCALES.map((s) => {
    const results = (jobsOf.get(s) ?? [])
      .map((j) => join(runsDir(s), `${j.key}.json`))
      .filter((f) => existsSync(f))
      .map((f) => JSON.parse(readFileSync(f, 'utf8')) as RunResult);
    return fig4Block(s, width, results, cpu);
  });
  const timed = blocks.flatMap((b) =>
    b.runs.filter((r) => r.cpuSeconds !== undefined).map((r) => Number(r.cpuSeconds)),
  );
  const seconds = timed.reduce((a, b) => a + b, 0);
  doc = {
    format: FIG4_FORMAT,
    version: 1,
    toolkit: version,
    kernel: 'matern32',
    jitter: GP_DEFAULT_JITTER,
    inputs: GP_DEFAULT_INPUTS,
    width,
    train,
    cpu:
      timed.length === 0
        ? null
        : {
            runs: timed.length,
            seconds: seconds.toFixed(0),
            perRun: (seconds / timed.length).toFixed(1),
            paperRunsHours: ((PAPER_RUNS * seconds) / timed.length / 3600).toFixed(1),
          },
    blocks,
  };
  const file = outText ?? join(dir, 'fig4-gp-sweep.json');
  writeFileSync(file, JSON.stringify(doc, null, 1) + '\n');
  console.log(`wrote ${file}`);
} else {
  doc = JSON.parse(readFileSync(committed, 'utf8')) as Fig4Doc;
}

const range = (r: Fig4Range | null): string =>
  r === null ? '—' : `${r.min} … ${r.median} … ${r.max} (${r.n})`;
console.log(
  `\nMatérn-3/2 GP targets, softplus with biases, width ${doc.width}, gradient flow to t = 10¹⁰ (toolkit ${doc.toolkit})`,
);
console.log('  s      runs  channels (toolkit)          channel pair confirmed       paper: channel');
for (const b of doc.blocks) {
  const f = (x: { count: number; fraction: string; lower: string; upper: string }): string =>
    `${String(x.count).padStart(3)}/${String(b.total).padEnd(3)} ${x.fraction} [${x.lower}, ${x.upper}]`;
  console.log(
    `  ${String(b.scale).padEnd(5)} ${String(b.total).padStart(4)}  ${f(b.channels)}   ${f(b.channelPairRuns)}   ${f(b.paperCriteria.channel)}`,
  );
}
for (const b of doc.blocks) {
  const classes = Object.entries(b.toolkit)
    .filter(([, x]) => x.count > 0)
    .map(([c, x]) => `${c} ${x.count}`)
    .join(', ');
  console.log(`\ns = ${b.scale}: ${classes}`);
  console.log(`  loss, in a channel    ${range(b.loss.channel)}`);
  console.log(
    `  loss, finite minimum  ${range(b.loss.finiteMinimum)}   overlap: ${String(b.loss.overlap ?? '—')}`,
  );
  for (const [g, e] of Object.entries(b.eigenvalues)) {
    if (e !== null)
      console.log(`  ${g.padEnd(14)} λ_max ${range(e.lambdaMax)};  λ_min ${range(e.lambdaMin)}`);
  }
}
if (doc.cpu !== null) {
  console.log(
    `\nCPU: ${doc.cpu.runs} runs, ${doc.cpu.seconds} s (${doc.cpu.perRun} s per run); the paper's ${PAPER_RUNS} runs would take ≈ ${doc.cpu.paperRunsHours} CPU-hours here`,
  );
}
