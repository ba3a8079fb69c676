/**
 * CLI start-up: the CPU time (user + system, from the child's own rusage) of `node bin/flat-channels.js …` for
 * --help and for commands that need no CAS, against `node -e 0` measured in the same interleaved rounds; the
 * median of 7 rounds. CPU time rather than wall time, because on a shared machine a waiting process costs wall
 * time but no CPU. The target (issue 21): at most 0.3 s of CPU per start on a quiet machine. Needs dist/
 * (`npm run build`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { formatRatio } from './harness.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = fileURLToPath(new URL('../bin/flat-channels.js', import.meta.url));

/** A case: the node arguments of one start. */
interface StartCase {
  readonly name: string;
  readonly args: readonly string[];
}

const CASES: readonly StartCase[] = [
  { name: 'node -e 0', args: ['-e', '0'] },
  { name: '--help', args: [BIN, '--help'] },
  { name: 'glu --help', args: [BIN, 'glu', '--help'] },
  { name: 'activation tanh 0.5', args: [BIN, 'activation', '--name', 'tanh', '--at', '0.5'] },
  { name: 'activation formula', args: [BIN, 'activation', '--name', 'log(cosh(x))', '--at', '2'] },
  { name: 'loss two-param', args: [BIN, 'loss', '--problem', 'two-param'] },
  { name: 'problem two-param', args: [BIN, 'problem', '--name', 'two-param'] },
];

/**
 * CPU seconds of one run: the child reports its own `process.cpuUsage()` at exit through a preloaded hook
 * (spawnSync gives no rusage), written to stderr's last line.
 */
function cpuSeconds(args: readonly string[]): number {
  const hook =
    "process.on('exit',()=>{const u=process.cpuUsage();process.stderr.write('\\ncpu '+(u.user+u.system)/1e6+'\\n')})";
  const r = spawnSync(
    process.execPath,
    ['--import', `data:text/javascript,${encodeURIComponent(hook)}`, ...args],
    {
      cwd: ROOT,
      encoding: 'utf8',
    },
  );
  if (r.status !== 0) throw new Error(`start-up bench: ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  const m = /cpu ([\d.e-]+)\s*$/.exec(r.stderr);
  if (m?.[1] === undefined) throw new Error(`start-up bench: no cpu line from ${args.join(' ')}`);
  return Number(m[1]);
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1] ?? NaN;
}

export default function startupBench(): void {
  if (!existsSync(new URL('../dist/cli/main.js', import.meta.url))) {
    console.log('start-up: skipped, dist/ is missing (run npm run build first)');
    return;
  }
  const samples = new Map<string, number[]>(CASES.map((c) => [c.name, []]));
  for (let round = 0; round < 7; round++) {
    for (const c of CASES) samples.get(c.name)?.push(cpuSeconds(c.args));
  }
  const base = median(samples.get('node -e 0') ?? []);
  const rows = CASES.map((c) => {
    const s = median(samples.get(c.name) ?? []);
    return `${c.name} ${s.toFixed(3)} s${c.name === 'node -e 0' ? '' : ` (${formatRatio(s, base)})`}`;
  });
  console.log(`CLI start-up, CPU seconds (median of 7; ratio to node -e 0): ${rows.join(', ')}`);
}
