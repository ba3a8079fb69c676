import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SeededRandom } from '../../src/precision/random.js';
import { killGroup, sleep, startCli } from './cli-process.js';

/**
 * The bar of the sweep issue: a 40-seed sweep with 2 workers, killed (SIGKILL, the whole process group) at random
 * moments and resumed, yields the same sweep.json as an uninterrupted run; no finished result is lost (the stored
 * runs only grow, each identical to the uninterrupted one) and none is stored twice. The problem is tiny so that
 * the test is fast: two-param at width 2, 60 000 gd steps per run (about 0.2 s each: with 1500 steps the whole sweep
 * took 1.1 s, mostly start-up, and once the CLI started faster a resumed run could finish between two polls, leaving
 * fewer than three kills).
 */
const ARGS = [
  'sweep',
  '--problem',
  'two-param',
  '--width',
  '2',
  '--seeds',
  '1..40',
  '--steps',
  '60000',
  '--workers',
  '2',
];
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function runs(dir: string): Map<string, Record<string, unknown>> {
  const out = new Map<string, Record<string, unknown>>();
  if (!existsSync(join(dir, 'runs'))) return out;
  for (const f of readdirSync(join(dir, 'runs'))) {
    if (!f.endsWith('.json') || f.startsWith('.')) continue;
    const r = JSON.parse(readFileSync(join(dir, 'runs', f), 'utf8')) as Record<string, unknown>;
    out.set(f, { ...r, seconds: 0 });
  }
  return out;
}

describe('sweep: killed at random moments and resumed', () => {
  it('gives the same sweep.json as an uninterrupted run, losing and duplicating nothing', async () => {
    const reference = mkdtempSync(join(tmpdir(), 'fc-sweep-ref-'));
    const resumed = mkdtempSync(join(tmpdir(), 'fc-sweep-kill-'));
    dirs.push(reference, resumed);

    const clean = startCli([...ARGS, '--out', reference]);
    expect(await clean.exited).toBe(0);
    const expected = readFileSync(join(reference, 'sweep.json'), 'utf8');
    const expectedRuns = runs(reference);
    expect(expectedRuns.size).toBe(40);

    const rng = new SeededRandom(20251201);
    console.log(`resume test: kill times drawn from SeededRandom(${rng.seed})`);
    let stored = new Map<string, Record<string, unknown>>();
    let kills = 0;
    let partial = 0;
    for (let attempt = 0; attempt < 5; attempt++) {
      const p = startCli([...ARGS, '--out', resumed]);
      // The first kill comes at a random moment of start-up; later ones a random time after this process has
      // stored a new result, so that they hit the sweep while workers compute and results are being written.
      const before = stored.size;
      const trigger = async (): Promise<void> => {
        if (attempt > 0) while (runs(resumed).size === before) await sleep(20);
        await sleep(rng.int(attempt === 0 ? 200 : 0, attempt === 0 ? 1500 : 60));
      };
      const finished = await Promise.race([p.exited.then(() => true), trigger().then(() => false)]);
      if (finished) {
        expect({ code: await p.exited, stderr: p.stderr() }).toEqual({ code: 0, stderr: '' });
        break;
      }
      killGroup(p);
      await p.exited;
      kills++;
      const now = runs(resumed);
      // Nothing finished is lost, and every stored run equals the uninterrupted one.
      for (const key of stored.keys()) expect(now.has(key)).toBe(true);
      for (const [key, r] of now) expect(r).toEqual(expectedRuns.get(key));
      if (now.size > 0 && now.size < 40) partial++;
      stored = now;
    }
    const last = startCli([...ARGS, '--out', resumed]);
    expect({ code: await last.exited, stderr: last.stderr() }).toEqual({ code: 0, stderr: '' });
    expect(kills).toBeGreaterThanOrEqual(3);
    expect(partial).toBeGreaterThanOrEqual(2);
    expect(readFileSync(join(resumed, 'sweep.json'), 'utf8')).toBe(expected);
    const final = runs(resumed);
    expect([...final.keys()].sort()).toEqual([...expectedRuns.keys()].sort());
    // A further run computes nothing.
    const again = startCli([...ARGS, '--out', resumed, '--json']);
    expect(await again.exited).toBe(0);
    expect(JSON.parse(again.stdout())).toMatchObject({ complete: true, computed: 0, reused: 40 });
  });
});
