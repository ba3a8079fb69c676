import { describe, expect, it } from 'vitest';
import { runInProcess } from '../docs/run-cli.js';

const F = 'test/fixtures/detect';

describe('flat-channels detect', () => {
  it('--json: one object with the pairs, their GLU and verdicts; a finite minimum on its data', async () => {
    const r = await runInProcess([
      'detect',
      '--network',
      `${F}/teacher-minimum.f64.safetensors`,
      '--data',
      `${F}/teacher-data.json`,
      '--json',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as {
      verdict: string;
      layout: unknown;
      pairs: { i: number; j: number; verdict: string; glu: { c: string; w: string[]; v: string[] } }[];
    };
    expect(out.verdict).toBe('finiteMinimum');
    expect(out.layout).toEqual({ width: 2, inputDimension: 2, hiddenBias: true, outputBias: true });
    expect(out.pairs[0]).toMatchObject({ i: 1, j: 2, verdict: 'notAChannel' });
    // The teacher's readouts are 1 and −0.7: c = a₁ + a₂ = 0.3 (the trained student reached the teacher).
    expect(Number(out.pairs[0]?.glu.c)).toBeCloseTo(0.3, 9);
  });

  it('a channel network with weights in the hundreds is a candidate without data', async () => {
    const r = await runInProcess(['detect', '--network', `${F}/glu-channel.w.npy,${F}/glu-channel.a.npy`]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('→ channelCandidate');
    expect(r.stdout).toMatch(/verdict: channelCandidate\n$/);
  });

  it('input errors: one line, exit 2', async () => {
    for (const args of [
      ['detect', '--network', 'no-such-file.json'],
      ['detect', '--network', `${F}/glu-channel.params.json`, '--confirm'],
      ['detect', '--network', `${F}/glu-channel.params.json`, '--activation', 'nope('],
      ['detect', '--network', `${F}/glu-channel.params.json`, '--data', '{"x": [[1, 2]], "y": [1, 2]}'],
      ['detect', '--network', `${F}/glu-channel.params.json`, '--data', `${F}/misfit-data.json`],
    ]) {
      const r = await runInProcess(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});
