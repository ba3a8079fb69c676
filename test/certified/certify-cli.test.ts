import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ballContains } from '../../src/precision/ball/index.js';
import { precision } from '../../src/precision/context.js';
import { ROOT, runInProcess as run } from '../docs/run-cli.js';

/** `flat-channels certify`: the bar of issue 17 through the command line, refusals with exit 1, bad input exit 2. */
const REFERENCE = JSON.parse(
  readFileSync(join(ROOT, 'scripts', 'certify-reference', 'misfit-two-param.json'), 'utf8'),
) as { w: string; a: string };

interface CertifyJson {
  kind: string;
  type: string;
  radius: string;
  enclosure: { mid: string; rad: string }[];
  inertia: { negative: number; positive: number };
  reason?: string;
}

describe('flat-channels certify', () => {
  it('proves the misfit two-param minimum at 60 digits: box ≤ 1e-40, strict minimum, mpmath solution enclosed', async () => {
    const r = await run([
      'certify',
      '--problem',
      join(ROOT, 'test', 'fixtures', 'saddle-line', 'two-param-misfit.json'),
      '--params',
      '{"w": [["-0.5"]], "a": ["-2.5"]}',
      '--digits',
      '60',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as CertifyJson;
    expect(out.kind).toBe('certified');
    expect(out.type).toBe('strict local minimum');
    expect(out.inertia).toEqual({ negative: 0, positive: 2 });
    expect(Number(out.radius)).toBeLessThanOrEqual(1e-40);
    const [w, a] = out.enclosure.map((b) => ({ mid: b.mid, rad: b.rad }));
    const p = precision(60);
    expect(ballContains({ mid: new p.D(w?.mid ?? 'NaN'), rad: new p.D(w?.rad ?? 'NaN') }, REFERENCE.w)).toBe(
      true,
    );
    expect(ballContains({ mid: new p.D(a?.mid ?? 'NaN'), rad: new p.D(a?.rad ?? 'NaN') }, REFERENCE.a)).toBe(
      true,
    );
  });

  it('the two-param saddle at the origin (Newton from the initial point): saddle with 1 descending direction', async () => {
    const r = await run(['certify', '--problem', 'two-param', '--digits', '40']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/type: saddle with 1 descending direction/);
  });

  it('a population problem: not certified, exit 1; an unknown problem: exit 2', async () => {
    const r = await run(['certify', '--problem', 'paper-toy', '--digits', '30', '--json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as CertifyJson;
    expect(out.kind).toBe('not-certified');
    expect(out.reason).toMatch(/population/);
    expect((await run(['certify', '--problem', 'nope'])).code).toBe(2);
  });
});
