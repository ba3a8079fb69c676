import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer, createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runSweepJob } from '../../src/sweep/run-sweep-job.js';
import { sweepJobs } from '../../src/sweep/sweep-job.js';
import { trainOptions } from '../../src/sweep/train-options.js';
import { toolVersion } from '../../src/cli/version.js';
import { killGroup, sleep, startCli, type CliProcess } from './cli-process.js';

/**
 * The distributed backend against a real redis-server on loopback (random free port, temporary directory, no
 * persistence): two `flat-channels worker` processes, one SIGKILLed (with its sandboxed child) in the middle of a
 * job; the job is recovered by the stalled-job check and every seed's result arrives exactly once. Skipped only
 * when redis-server is not installed and CI_REQUIRE_REDIS is unset (.ci/run installs it and sets the variable).
 */
const haveRedis = spawnSync('redis-server', ['--version']).status === 0;
const required = process.env['CI_REQUIRE_REDIS'] !== undefined && process.env['CI_REQUIRE_REDIS'] !== '';
const SEEDS = 12;
const STEPS = '20000';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = createConnection({ host: '127.0.0.1', port }, () => {
        s.end();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    await sleep(50);
  }
  throw new Error(`redis-server did not listen on ${port} within ${ms} ms`);
}

async function waitFor(check: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

const cleanups: (() => void)[] = [];
afterAll(() => cleanups.reverse().forEach((f) => f()));

describe.skipIf(!haveRedis && !required)('sweep through BullMQ on a real redis-server', () => {
  it('two workers, one killed mid-job: every seed’s result arrives exactly once', async () => {
    expect(haveRedis, 'redis-server is required (CI_REQUIRE_REDIS is set) but not installed').toBe(true);
    const dir = mkdtempSync(join(tmpdir(), 'fc-redis-'));
    const out = join(dir, 'out');
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const port = await freePort();
    const redis: ChildProcess = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
      { stdio: 'ignore' },
    );
    cleanups.push(() => redis.kill('SIGKILL'));
    await waitForPort(port, 20_000);
    const url = `redis://127.0.0.1:${port}`;

    const workerArgs = ['worker', '--queue', url, '--concurrency', '1', '--lock-ms', '2000'];
    const a = startCli(workerArgs);
    const b = startCli(workerArgs);
    const workers: CliProcess[] = [a, b];
    cleanups.push(() => workers.forEach(killGroup));
    await waitFor(
      () => /listening/.test(a.stderr()) && /listening/.test(b.stderr()),
      120_000,
      'both workers',
    );

    const sweep = startCli([
      'sweep',
      '--problem',
      'two-param',
      '--width',
      '2',
      '--seeds',
      `1..${SEEDS}`,
      '--steps',
      STEPS,
      '--queue',
      url,
      '--out',
      out,
      '--json',
    ]);
    cleanups.push(() => killGroup(sweep));
    // Kill worker A (and its sandboxed child) as soon as it has a job running.
    await waitFor(() => /active seed \d+/.test(a.stderr()), 120_000, 'worker A to take a job');
    const lostSeed = Number(/active seed (\d+)/.exec(a.stderr())?.[1]);
    killGroup(a);
    await a.exited;

    expect(await sweep.exited).toBe(0);
    const report = JSON.parse(sweep.stdout()) as { complete: boolean; computed: number; total: number };
    expect(report).toMatchObject({ complete: true, computed: SEEDS, total: SEEDS });

    // Exactly once: across both workers' logs, each seed completed once; the killed worker's seed was re-run by B.
    const completions = [...(a.stderr() + b.stderr()).matchAll(/completed seed (\d+)/g)].map((m) =>
      Number(m[1]),
    );
    expect(completions.sort((x, y) => x - y)).toEqual(Array.from({ length: SEEDS }, (_, i) => i + 1));
    expect(a.stderr()).not.toMatch(new RegExp(`completed seed ${lostSeed} `));
    expect(b.stderr()).toMatch(new RegExp(`completed seed ${lostSeed} `));

    // The stored results are one per seed and equal to computing the same jobs here.
    const jobs = sweepJobs('two-param', 1, SEEDS, {
      width: 2,
      train: trainOptions({ steps: Number(STEPS) }),
      version: toolVersion(),
    });
    const files = readdirSync(join(out, 'runs')).filter((f) => f.endsWith('.json') && !f.startsWith('.'));
    expect(files.sort()).toEqual(jobs.map((j) => `${j.key}.json`).sort());
    const summary = JSON.parse(readFileSync(join(out, 'sweep.json'), 'utf8')) as {
      runs: { seed: number; class: string }[];
    };
    expect(summary.runs.map((r) => r.seed)).toEqual(jobs.map((j) => j.seed));
    for (const job of jobs.slice(0, 4)) {
      const stored = JSON.parse(readFileSync(join(out, 'runs', `${job.key}.json`), 'utf8')) as Record<
        string,
        unknown
      >;
      expect({ ...stored, seconds: 0 }).toEqual({ ...runSweepJob(job), seconds: 0 });
    }

    // Worker B stops cleanly on SIGTERM.
    b.child.kill('SIGTERM');
    expect(await b.exited).toBe(0);
  });
});
