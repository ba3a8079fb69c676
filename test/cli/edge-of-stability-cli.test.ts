import { describe, expect, it } from 'vitest';
import { edgeOfStabilityCommand } from '../../src/cli/commands/edge-of-stability.js';
import { InputError } from '../../src/errors.js';

function capture(): { io: Parameters<typeof edgeOfStabilityCommand.run>[1]; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (t) => out.push(t), stderr: (t) => err.push(t), isTTY: false }, out, err };
}

describe('flat-channels edge-of-stability', () => {
  it('runs the steps and prints one JSON object with ε_min and λ_max·η/2 per step', async () => {
    const { io, out, err } = capture();
    const code = await edgeOfStabilityCommand.run({ etas: '0.35', samples: '512', json: true }, io);
    expect(code).toBe(0);
    expect(err).toEqual([]);
    const body = JSON.parse(out.join('')) as { runs: { outcome: string; lambdaMaxTimesEtaOver2: string }[] };
    expect(body.runs).toHaveLength(1);
    expect(body.runs[0]?.outcome).toBe('saturated');
    expect(Math.abs(Number(body.runs[0]?.lambdaMaxTimesEtaOver2) - 1)).toBeLessThan(0.02);
  });

  it('refuses bad steps and options with one clear message', async () => {
    const { io } = capture();
    await expect(edgeOfStabilityCommand.run({ etas: 'abc' }, io)).rejects.toThrow(InputError);
    await expect(edgeOfStabilityCommand.run({ etas: '0' }, io)).rejects.toThrow(/\(0, 10\]/);
    await expect(edgeOfStabilityCommand.run({ etas: '0.2,0.2' }, io)).rejects.toThrow(/distinct/);
    await expect(edgeOfStabilityCommand.run({ etas: '0.2', samples: '3' }, io)).rejects.toThrow(/--samples/);
    await expect(edgeOfStabilityCommand.run({}, io)).rejects.toThrow(/--etas is required/);
  });
});
