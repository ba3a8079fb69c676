import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runLocalPool } from '../../src/sweep/local-pool.js';
import { runSweep } from '../../src/sweep/run-sweep.js';
import { runSweepJob, type RunResult } from '../../src/sweep/run-sweep-job.js';
import { sweepJobs } from '../../src/sweep/sweep-job.js';
import { trainOptions } from '../../src/sweep/train-options.js';

const jobs = sweepJobs('two-param', 1, 6, { width: 2, train: trainOptions({ steps: 400 }), version: 'test' });
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const strip = (r: RunResult): RunResult => ({ ...r, seconds: 0 });

describe('the local worker-thread pool', () => {
  it('two threads give exactly the results of running each job on the main thread (gd and gf)', async () => {
    // gf runs the flow module's integrate64 in the worker: its results must not depend on the thread either.
    const gf = sweepJobs('two-param', 1, 2, {
      width: 2,
      train: trainOptions({ optimizer: 'gf', steps: 300 }),
      version: 'test',
    });
    const all = [...jobs, ...gf];
    const pooled: RunResult[] = [];
    await runLocalPool(all, { workers: 2, onResult: (r) => pooled.push(r) });
    expect(pooled).toHaveLength(all.length);
    const byKey = (rs: RunResult[]): RunResult[] =>
      [...rs].sort((a, b) => a.key.localeCompare(b.key)).map(strip);
    expect(byKey(pooled)).toEqual(byKey(all.map(runSweepJob)));
    expect(pooled.filter((r) => r.training.optimizer === 'gf')).toHaveLength(2);
  });

  it('runSweep stores every run, writes sweep.json and the plot, and a re-run reuses everything', async () => {
    const out = mkdtempSync(join(tmpdir(), 'fc-pool-'));
    dirs.push(out);
    const first = await runSweep(jobs, { out, workers: 2 });
    expect(first.kind).toBe('complete');
    if (first.kind !== 'complete') return;
    expect(first.computed).toBe(6);
    expect(readdirSync(join(out, 'runs'))).toHaveLength(6);
    const svg = readFileSync(join(out, 'sweep.svg'), 'utf8');
    expect(svg).toMatch(/^<svg/);
    expect(svg).toContain('channel');
    const json = readFileSync(join(out, 'sweep.json'), 'utf8');
    const second = await runSweep(jobs, { out, workers: 2 });
    expect(second).toMatchObject({ kind: 'complete', computed: 0, reused: 6 });
    expect(readFileSync(join(out, 'sweep.json'), 'utf8')).toBe(json);
    // A larger range reuses the six and computes only the new ones.
    const more = sweepJobs('two-param', 1, 8, {
      width: 2,
      train: trainOptions({ steps: 400 }),
      version: 'test',
    });
    expect(await runSweep(more, { out, workers: 1 })).toMatchObject({ computed: 2, reused: 6 });
  });
});
