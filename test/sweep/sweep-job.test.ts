import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, beforeAll } from 'vitest';
import { InputError } from '../../src/errors.js';
import { aggregateSweep } from '../../src/sweep/aggregate-sweep.js';
import { canonicalJson } from '../../src/sweep/_internals/canonical-json.js';
import { ResultStore } from '../../src/sweep/result-store.js';
import { runSweepJob, type RunResult } from '../../src/sweep/run-sweep-job.js';
import { jobKey, parseSeedRange, sweepJobs } from '../../src/sweep/sweep-job.js';
import { trainOptions } from '../../src/sweep/train-options.js';
import { wilsonInterval } from '../../src/sweep/wilson-interval.js';

const train = trainOptions({ steps: 300 });
const jobs = sweepJobs('two-param', 3, 8, { width: 2, train, version: '9.9.9' });
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('sweep jobs and their content addresses', () => {
  it('each seed gets Glorot-normal initialisation with its seed at the requested width', () => {
    expect(jobs.map((j) => j.seed)).toEqual([3, 4, 5, 6, 7, 8]);
    for (const j of jobs) {
      expect(j.spec.student).toEqual({ width: 2, init: { kind: 'glorot-normal', seed: j.seed } });
    }
    expect(new Set(jobs.map((j) => j.key)).size).toBe(jobs.length);
  });

  it('the key is a hash of (spec, seed, options, version): stable, and changed by each ingredient', () => {
    const j = jobs[0]!;
    const base = { spec: j.spec, seed: j.seed, train: j.train, classify: j.classify, version: j.version };
    expect(jobKey(base)).toBe(j.key);
    expect(sweepJobs('two-param', 3, 3, { width: 2, train, version: '9.9.9' })[0]?.key).toBe(j.key);
    const variants = [
      { ...base, seed: 4 },
      { ...base, version: '9.9.10' },
      { ...base, train: trainOptions({ steps: 301 }) },
      { ...base, train: trainOptions({ steps: 300, optimizer: 'adam' }) },
      { ...base, classify: { normThreshold: 100 } },
      { ...base, spec: { ...j.spec, description: 'another' } },
    ];
    const keys = variants.map(jobKey);
    expect(new Set([j.key, ...keys]).size).toBe(variants.length + 1);
    expect(j.key).toMatch(/^[0-9a-f]{32}$/);
  });

  it('canonical JSON ignores key order and undefined fields', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: undefined } })).toBe(
      canonicalJson({ a: { d: [1, { x: 1, y: 2 }] }, b: 1 }),
    );
  });

  it('parseSeedRange reads A..B and A, and rejects everything else', () => {
    expect(parseSeedRange('1..40')).toEqual({ from: 1, to: 40 });
    expect(parseSeedRange(' 7 ')).toEqual({ from: 7, to: 7 });
    for (const bad of ['', '5..3', '-1..3', '1...3', 'a..b', '1..2147483648', '1,2']) {
      expect(() => parseSeedRange(bad)).toThrow(InputError);
    }
  });
});

describe('ResultStore and aggregateSweep', () => {
  let results!: RunResult[];
  beforeAll(() => {
    results = jobs.map(runSweepJob);
  });

  it('runs are pure functions of their job (apart from the timing)', () => {
    const again = runSweepJob(jobs[2]!);
    expect({ ...again, seconds: 0 }).toEqual({ ...results[2]!, seconds: 0 });
  });

  it('stores atomically by key; unreadable or foreign files count as missing; temp files are not runs', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fc-store-'));
    dirs.push(dir);
    const store = new ResultStore(dir);
    const r = results[0]!;
    expect(store.has(r.key)).toBe(false);
    store.write(r);
    store.write(r);
    expect(store.read(r.key)).toEqual(r);
    expect(readdirSync(store.runsDir)).toEqual([`${r.key}.json`]);
    writeFileSync(store.path('abc'), '{"format": "flat-channels-sweep-run", "key": "ab'); // torn by hand
    expect(store.read('abc')).toBeUndefined();
    writeFileSync(store.path('def'), JSON.stringify({ ...r, key: 'xyz' }));
    expect(store.read('def')).toBeUndefined();
    writeFileSync(join(store.runsDir, `.${r.key}.json.123.456.tmp`), 'partial');
    expect(store.keys().sort()).toEqual(['abc', 'def', r.key].sort());
  });

  it('aggregates per class with Wilson intervals, sorted by seed, independent of arrival order', () => {
    const a = aggregateSweep(jobs, results);
    const b = aggregateSweep([...jobs].reverse(), [...results].reverse());
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(a.runs.map((r) => r.seed)).toEqual([3, 4, 5, 6, 7, 8]);
    expect(a.total).toBe(6);
    let sum = 0;
    for (const [c, f] of Object.entries(a.fractions)) {
      const k = results.filter((r) => r.class === c).length;
      const w = wilsonInterval(k, 6);
      expect(f).toEqual({
        count: k,
        fraction: String(w.fraction),
        lower: String(w.lower),
        upper: String(w.upper),
      });
      sum += k;
    }
    expect(sum).toBe(6);
    // The cross-table: each run counted once, in the row of its paper verdict and the column of its class.
    let cells = 0;
    for (const [p, row] of Object.entries(a.paperVersusToolkit)) {
      for (const [c, n] of Object.entries(row)) {
        expect({ p, c, n }).toEqual({
          p,
          c,
          n: results.filter((r) => r.paper.class === p && r.class === c).length,
        });
        cells += n;
      }
    }
    expect(cells).toBe(6);
    expect(a.runs.map((r) => r.paper)).toEqual(results.map((r) => r.paper));
    expect(() => aggregateSweep(jobs, results.slice(1))).toThrow(/seed 3/);
  });
});
