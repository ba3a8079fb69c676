import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ballContains, ball } from '../../src/precision/ball/index.js';
import { precision } from '../../src/precision/context.js';
import { ROOT, runInProcess as run } from '../docs/run-cli.js';

/** `flat-channels certify --channel`: certified exit 0, not certified exit 1 with what was certified, bad input 2. */
const REF = JSON.parse(
  readFileSync(join(ROOT, 'scripts', 'certify-reference', 'channel.json'), 'utf8'),
) as Record<string, { w: string; c: string; a: string; h: string }>;
const GENERIC = join(ROOT, 'test', 'fixtures', 'certified', 'glu-teacher-generic.json');

interface ChannelJson {
  kind: string;
  reason?: string;
  limit?: { parameters: string[]; enclosure: { mid: string; rad: string }[]; strictMinimum: boolean };
  h?: { mid: string; rad: string };
  decrease?: { from: string; epsilon0: string; order: number };
  statement?: string;
  notCertified?: string;
}

describe('flat-channels certify --channel', () => {
  it('glu-teacher-generic: certified (exit 0), the mpmath minimum and h in the printed balls', async () => {
    const r = await run([
      'certify',
      '--problem',
      GENERIC,
      '--channel',
      '{"w": "0.91", "c": "0.3", "a": "0.8"}',
      '--eps0',
      '0.05',
      '--digits',
      '40',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as ChannelJson;
    expect(out.kind).toBe('certified');
    expect(out.limit?.parameters).toEqual(['w', 'c', 'a']);
    const p = precision(40);
    const ref = REF['glu-teacher-generic'] as { w: string; c: string; a: string; h: string };
    out.limit?.enclosure.forEach((b, i) =>
      expect(ballContains(ball(p, b.mid, b.rad), [ref.w, ref.c, ref.a][i] as string)).toBe(true),
    );
    expect(ballContains(ball(p, out.h?.mid ?? '0', out.h?.rad ?? '0'), ref.h)).toBe(true);
    expect(out.decrease).toMatchObject({ from: '0', epsilon0: '0.05' });
    expect(out.notCertified).toContain('enters this channel');
  });

  it('glu-teacher: not certified (exit 1) with the reason, and what is certified', async () => {
    const r = await run([
      'certify',
      '--problem',
      'glu-teacher',
      '--channel',
      '{"w": 1, "c": 0.5, "a": 1}',
      '--digits',
      '30',
    ]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toContain('channel not certified: h(θ₀*) ∈');
    expect(r.stdout).toContain('h > 0 is not certified');
    expect(r.stdout).toContain('strict local minimum');
    expect(r.stdout).toContain('what is certified:');
  });

  it('bad input: exit 2 with one message', async () => {
    for (const args of [
      ['--channel', '{"w": "1", "c": "0.5"}'],
      ['--channel', '{"w": "1", "c": "0.5", "a": "1", "z": 1}'],
      ['--channel', '{"w": "1", "c": "0.5", "a": "1"}', '--pair', '1'],
      ['--channel', '{"w": "1", "c": "0.5", "a": "1"}', '--pair', '1,3'],
      ['--channel', '{"w": "1", "c": "0.5", "a": "1"}', '--eps0', '-0.1'],
      ['--channel', 'no-such-file.json'],
    ]) {
      const r = await run(['certify', '--problem', 'glu-teacher', ...args]);
      expect([args.join(' '), r.code]).toEqual([args.join(' '), 2]);
      expect(r.stderr).not.toContain('    at ');
    }
  });
});
