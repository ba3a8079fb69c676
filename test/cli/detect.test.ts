import { describe, expect, it } from 'vitest';
import { runInProcess } from '../docs/run-cli.js';

const F = 'test/fixtures/detect';

describe('flat-channels detect', () => {
  it('--json: one object with the pairs and verdicts; a finite minimum on its data has no GLU', async () => {
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
      pairs: { i: number; j: number; verdict: string; glu: unknown; noGlu?: string }[];
      groups: unknown[];
    };
    expect(out.verdict).toBe('finiteMinimum');
    expect(out.layout).toEqual({ width: 2, inputDimension: 2, hiddenBias: true, outputBias: true });
    // Input weights apart: the GLU limit means nothing for this pair.
    expect(out.pairs[0]).toMatchObject({
      i: 1,
      j: 2,
      verdict: 'notAChannel',
      glu: null,
      noGlu: 'weightsApart',
    });
    expect(out.groups).toEqual([]);
  });

  it('human output: a duplicate says why it has no GLU; a candidate prints its GLU', async () => {
    const dup = await runInProcess([
      'detect',
      '--network',
      `${F}/toy-duplicate.params.json`,
      '--activation',
      'erf',
    ]);
    expect(dup.code).toBe(0);
    expect(dup.stdout).toContain('no GLU (same-sign readouts, a finite duplicate) → duplicate');
    expect(dup.stdout).not.toMatch(/GLU c =/);
    const ch = await runInProcess(['detect', '--network', `${F}/glu-channel.params.json`]);
    expect(ch.stdout).toMatch(/GLU c = [-0-9.e]+, w = \(.*\), v = \(.*\) → channelCandidate/);
  });

  it('a group of three merged neurons gets its own line and JSON entry with the group GLU', async () => {
    // w_k = (1, 0.5) + 0.001·u_k with u = (0.6, −0.8), (−0.2, 0.4), (−0.4, 0.4) (Σu_k = 0), a_k = 1/6 + b_k/0.001
    // with b = (1, 2, −3): c = Σa_k = 0.5 and v = Σa_k(w_k − w̄) = Σb_k u_k = (1.4, −1.2).
    // (fixture three-merged.params.json, written by hand)
    const file = `${F}/three-merged.params.json`;
    const human = await runInProcess(['detect', '--network', file]);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(
      /group \{1, 2, 3\}: .*readouts of both signs; GLU c = 0\.5, w = \(1, 0\.5\), v = \(1\.4, -1\.2\).* → channel\n/,
    );
    expect(human.stdout).toMatch(/verdict: channel\n$/);
    const json = await runInProcess(['detect', '--network', file, '--json']);
    const out = JSON.parse(json.stdout) as {
      groups: { neurons: number[]; verdict: string; glu: { c: string } }[];
    };
    expect(out.groups).toHaveLength(1);
    expect(out.groups[0]).toMatchObject({ neurons: [1, 2, 3], verdict: 'channel', glu: { c: '0.5' } });
  });

  it('a channel network with weights in the hundreds is a candidate without data', async () => {
    const r = await runInProcess([
      'detect',
      '--network',
      `${F}/glu-channel.w.npy,${F}/glu-channel.a.npy`,
      '--layout',
      'torch',
    ]);
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
