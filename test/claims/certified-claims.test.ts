import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import type { CertifiedCriticalPoint } from '../../src/certified/certify-critical-point.js';
import { certifySaddleLine, type CertifiedSaddleLine } from '../../src/certified/certify-saddle-line.js';
import { resolveActivation } from '../../src/activations/index.js';
import { isPassing, type Verdict } from '../../src/claims/claim.js';
import { certifiedCriticalPoint, criticalPointVerdict } from '../../src/claims/certified-critical-point.js';
import { certifiedSaddleLine, saddleLineVerdict } from '../../src/claims/certified-saddle-line.js';
import { CHANNEL_STARTS, certifiedChannel, channelVerdict } from '../../src/claims/certified-channel.js';
import { certifyChannel } from '../../src/certified/certify-channel.js';
import { loadProblem } from '../../src/network/problem.js';
import {
  GLU_TEACHER_GENERIC_SPEC_JSON,
  MISFIT_SPEC_JSON,
  ballStrings,
  specProblem,
  misfitCriticalPoint,
  misfitProblem,
} from '../../src/claims/_internals/certified-common.js';
import { CLAIMS } from '../../src/claims/registry.js';
import { planChecks } from '../../src/cli/commands/verify.js';
import { ball } from '../../src/precision/ball/index.js';
import { precision } from '../../src/precision/context.js';

/**
 * The certified claims (issue 17 item 7). The truth is independent: scripts/certify-reference (mpmath at 130
 * digits, hand-written gradient and Hessian; the JSON is read, never Python).
 */
const ROOT = join(import.meta.dirname, '..', '..');
const REF = JSON.parse(
  readFileSync(join(ROOT, 'scripts', 'certify-reference', 'misfit-two-param.json'), 'utf8'),
) as { w: string; a: string; loss: string; hessianEigenvalues: [string, string] };
const LINE = JSON.parse(
  readFileSync(join(ROOT, 'scripts', 'certify-reference', 'misfit-saddle-line.json'), 'utf8'),
) as { B: string; line: { gamma: string; transversalEigenvalues: string[] }[] };

const ctx = { digits: 40, seed: 1, activation: resolveActivation('tanh') };

/** Whether the ball written `mid ± rad` (at the end of `text`) contains `value`. */
function holds(text: string, value: string): boolean {
  const m = /(-?[\d.e+-]+) ± ([\d.e+-]+)$/.exec(text);
  if (m === null) throw new Error(`no ball in ${text}`);
  const D = Decimal.clone({ precision: 200 });
  return new D(value).minus(m[1]!).abs().lte(m[2]!);
}

function list(v: Verdict, key: string): readonly string[] {
  const x = v.evidence[key];
  if (!Array.isArray(x)) throw new Error(`evidence ${key} is not a list`);
  return x;
}

describe('certified claims', () => {
  it('use the spec of test/fixtures/saddle-line/two-param-misfit.json', () => {
    const fixture: unknown = JSON.parse(
      readFileSync(join(ROOT, 'test', 'fixtures', 'saddle-line', 'two-param-misfit.json'), 'utf8'),
    );
    expect(MISFIT_SPEC_JSON).toEqual(fixture);
  });

  it('are registered, build their own problem and run once (not once per activation)', () => {
    for (const claim of [certifiedCriticalPoint, certifiedSaddleLine]) {
      expect(CLAIMS).toContain(claim);
      expect(claim.ownActivation).toBe('tanh');
      const plan = planChecks(
        [claim],
        ['tanh', 'erf', 'softplus'].map((n) => resolveActivation(n)),
        undefined,
      );
      expect(plan.map((p) => [p.activation.name, p.ownProblem])).toEqual([['tanh', true]]);
    }
  });

  it('certified-critical-point: certified at 60 digits, box ≤ 1e-40; the mpmath minimum lies in its enclosure', () => {
    const v = certifiedCriticalPoint.check(ctx);
    expect(v.kind, v.summary).toBe('certified');
    expect(isPassing(v.kind)).toBe(true);
    expect(v.evidence['digits']).toBe(60);
    expect(new Decimal(v.evidence['boxRadius'] as string).lte('1e-40')).toBe(true);
    const [w, a] = list(v, 'enclosure');
    expect(holds(w!, REF.w)).toBe(true);
    expect(holds(a!, REF.a)).toBe(true);
    expect(holds(v.evidence['loss'] as string, REF.loss)).toBe(true);
    expect(new Decimal(v.evidence['enclosureRadius'] as string).lte('1e-55')).toBe(true);
    // The pivots are positive balls (the reference eigenvalues are positive too: a strict minimum).
    for (const p of list(v, 'pivots')) expect(p).toMatch(/^\d/);
    expect(REF.hessianEigenvalues.every((e) => !e.startsWith('-'))).toBe(true);
    expect(v.evidence['type']).toBe('strict local minimum');
    expect(v.evidence['control']).toMatch(/^the box x̃ ± 3 .* is refused: K\(X\) ⊄ int X/);
    expect(list(v, 'theorems').join(' ')).toMatch(/Krawczyk.*Sylvester/s);
    expect(list(v, 'assumptions')).toHaveLength(4);
  });

  it('certified-saddle-line: B < 0 contains the mpmath B; inertia (0, 1, 3) on [1.5, 3], as the mpmath eigenvalues say', () => {
    const v = certifiedSaddleLine.check(ctx);
    expect(v.kind, v.summary).toBe('certified');
    expect(holds(list(v, 'B')[0]!, LINE.B)).toBe(true);
    expect(v.evidence['Bdefiniteness']).toBe('negative definite');
    expect(v.evidence['transversalInertia']).toMatch(/^0 negative, 1 zero .*, 3 positive$/);
    for (const pt of LINE.line) {
      expect(pt.transversalEigenvalues.filter((e) => !e.startsWith('-'))).toHaveLength(3);
    }
    // The subintervals cover [1.5, 3] without gaps.
    const ends = list(v, 'subintervals').map((s) => /^\[([\d.]+), ([\d.]+)\]/.exec(s)!.slice(1, 3));
    expect(ends[0]?.[0]).toBe('1.5');
    expect(ends.at(-1)?.[1]).toBe('3');
    for (let i = 1; i < ends.length; i++) expect(ends[i]?.[0]).toBe(ends[i - 1]?.[1]);
  });
});

describe('certified verdicts are honest (from synthetic outcomes)', () => {
  const p = precision(60);
  const b = (mid: string, rad: string): ReturnType<typeof ball> => ball(p, mid, rad);
  const ok: Extract<CertifiedCriticalPoint, { kind: 'certified' }> = {
    kind: 'certified',
    center: [new p.D('0.5'), new p.D('2.5')],
    radius: new p.D('1e-50'),
    enclosure: [b('0.5', '1e-58'), b('2.5', '1e-58')],
    enclosureRadius: new p.D('1e-58'),
    loss: b('0.001', '1e-60'),
    inertia: { kind: 'decided', negative: 0, positive: 2, pivots: [b('0.15', '1e-49'), b('5.4', '1e-49')] },
    type: { kind: 'strict local minimum' },
    symmetry: { signFlip: true, statement: 'canonical' },
    attempts: 1,
  } as Extract<CertifiedCriticalPoint, { kind: 'certified' }>;
  const names = ['w', 'a'];

  it('critical point: certified only for a small box of a certified strict minimum', () => {
    expect(criticalPointVerdict(ok, 60, names).kind).toBe('certified');
    const failed = criticalPointVerdict(
      { kind: 'not-certified', reason: 'K(X) ⊄ int X for every radius tried' },
      60,
      names,
    );
    expect(failed.kind).toBe('inconclusive');
    expect(failed.summary).toContain('not certified: K(X) ⊄ int X');
    expect(criticalPointVerdict({ kind: 'failed', reason: 'Newton diverged' }, 60, names).kind).toBe(
      'inconclusive',
    );
    const undecided = criticalPointVerdict(
      { ...ok, type: { kind: 'undecided', reason: 'pivot 2 contains 0' } },
      60,
      names,
    );
    expect([undecided.kind, undecided.summary]).toEqual([
      'inconclusive',
      'a critical point is certified in x̃ ± 1e-50, but its type is not: pivot 2 contains 0',
    ]);
    expect(criticalPointVerdict({ ...ok, type: { kind: 'saddle', descending: 1 } }, 60, names).kind).toBe(
      'refuted',
    );
    expect(criticalPointVerdict({ ...ok, radius: new p.D('1e-39') }, 60, names).kind).toBe('inconclusive');
    expect(criticalPointVerdict({ ...ok, radius: new p.D('1e-40') }, 60, names).kind).toBe('certified');
    // A certifier that certifies the control box (two critical points in it) is unsound; an enclosure that misses
    // the independent solution is wrong.
    const unsound = criticalPointVerdict(ok, 60, names, { control: ok, outside: [] });
    expect([unsound.kind, unsound.summary]).toEqual([
      'refuted',
      'the certification is unsound: it certified exactly one critical point in the control box x̃ ± 3, which holds two (the minimum and the origin)',
    ]);
    const refused = { kind: 'not-certified', reason: 'K(X) ⊄ int X' } as const;
    expect(criticalPointVerdict(ok, 60, names, { control: refused, outside: [] }).kind).toBe('certified');
    expect(criticalPointVerdict(ok, 60, names, { control: refused, outside: ['w = 0.51'] })).toMatchObject({
      kind: 'refuted',
      summary: 'the enclosure misses the critical point found independently at 90 digits: w = 0.51',
    });
  });

  it('saddle line: each part undecided is inconclusive with its stage; certified otherwise is refuted', () => {
    const stage = saddleLineVerdict(
      { kind: 'not-certified', stage: 'transversal', reason: 'undecided at γ = 1' } as CertifiedSaddleLine,
      60,
    );
    expect([stage.kind, stage.summary]).toEqual([
      'inconclusive',
      'not certified (transversal): undecided at γ = 1',
    ]);
    expect(saddleLineVerdict({ kind: 'failed', reason: 'Newton diverged' }, 60).kind).toBe('inconclusive');
    const problem = misfitProblem();
    const refined = misfitCriticalPoint(problem, p);
    if (refined.kind !== 'converged') throw new Error(refined.reason);
    const real = certifySaddleLine(problem, refined.point, p, { gamma: ['1.5', '3'] });
    if (real.kind !== 'certified') throw new Error(real.reason);
    expect(saddleLineVerdict(real, 60).kind).toBe('certified');
    expect(saddleLineVerdict({ ...real, B: { ...real.B, definiteness: 'indefinite' } }, 60).kind).toBe(
      'refuted',
    );
    const saddle = saddleLineVerdict({ ...real, transversal: { ...real.transversal, negative: 1 } }, 60);
    expect([saddle.kind, saddle.summary]).toEqual([
      'refuted',
      'across the line the Hessian has 1 certified negative eigenvalues on [1.5, 3]',
    ]);
  });

  it('print no digit a ball has not earned, and stay enclosures', () => {
    const s = ballStrings(b('0.0148123456789123456789', '0.00257'));
    // The printed ball contains the original one: 0.00257 + |0.0148 − 0.01481234…| = 0.0025823… ≤ 0.00259.
    expect(s).toEqual({ mid: '0.0148', rad: '0.00259' });
    expect(ballStrings(b('1.5', '0'))).toEqual({ mid: '1.5', rad: '0' });
    expect(ballStrings(b('123.456', '1e-2'))).toEqual({ mid: '123.456', rad: '0.01' });
    expect(ballStrings(b('0.00001', '1'))).toEqual({ mid: '0', rad: '1.01' });
  });
});

describe('certified-channel', () => {
  const CH = JSON.parse(
    readFileSync(join(ROOT, 'scripts', 'certify-reference', 'channel.json'), 'utf8'),
  ) as Record<'glu-teacher' | 'glu-teacher-generic', { w: string; c: string; a: string; h: string }>;

  it('uses the spec of test/fixtures/certified/glu-teacher-generic.json', () => {
    const fixture: unknown = JSON.parse(
      readFileSync(join(ROOT, 'test', 'fixtures', 'certified', 'glu-teacher-generic.json'), 'utf8'),
    );
    expect(GLU_TEACHER_GENERIC_SPEC_JSON).toEqual(fixture);
  });

  it('certified: generic with h > 0 and the decrease on (0, ε₀]; glu-teacher without h > 0, said so; mpmath values in the balls', () => {
    const v = certifiedChannel.check(ctx);
    expect(v.kind, v.summary).toBe('certified');
    expect(CLAIMS).toContain(certifiedChannel);
    expect(certifiedChannel.ownActivation).toBe('tanh');
    for (const [prefix, ref] of [
      ['generic', CH['glu-teacher-generic']],
      ['teacher', CH['glu-teacher']],
    ] as const) {
      const [w, c, a] = list(v, `${prefix}Enclosure`);
      expect([holds(w!, ref.w), holds(c!, ref.c), holds(a!, ref.a)], prefix).toEqual([true, true, true]);
      expect(holds(v.evidence[`${prefix}H`] as string, ref.h), prefix).toBe(true);
      expect(v.evidence[`${prefix}StrictMinimum`]).toBe('true');
    }
    expect(v.evidence['genericOutcome']).toBe('certified');
    expect(v.evidence['genericDecrease']).toMatch(/^dL\(θ₀\*, ε\)\/dε > 0 for ε ∈ \(0, /);
    // glu-teacher: h's ball contains 0 (h = 0 exactly), so it is not certified, and the summary says so.
    expect(v.evidence['teacherOutcome']).toBe('not-certified');
    expect(v.evidence['teacherDecrease']).toMatch(/^dL\(θ₀\*, ε\)\/dε > 0 for ε ∈ \[\d/);
    expect(v.summary).toContain('glu-teacher: θ₀* a strict local minimum of L∞, the decrease certified on [');
    expect(v.summary).toContain('h > 0 not certified');
  });

  it('is inconclusive when a part is not certified, refuted when the limit point is certified not a minimum', () => {
    const p = precision(40);
    const generic = certifyChannel(
      specProblem(GLU_TEACHER_GENERIC_SPEC_JSON),
      CHANNEL_STARTS['glu-teacher-generic'],
      p,
    );
    const teacher = certifyChannel(loadProblem('glu-teacher'), CHANNEL_STARTS['glu-teacher'], p);
    if (generic.kind !== 'certified' || teacher.limit === undefined) throw new Error('setup');
    expect(channelVerdict(teacher, generic, 40).kind).toBe('certified');
    const refused = { kind: 'not-certified', reason: 'K(X) ⊄ int X' } as const;
    expect(channelVerdict(teacher, refused, 40)).toMatchObject({
      kind: 'inconclusive',
      summary: 'glu-teacher-generic not certified: K(X) ⊄ int X',
    });
    expect(channelVerdict(refused, generic, 40)).toMatchObject({
      kind: 'inconclusive',
      summary: 'glu-teacher not certified: K(X) ⊄ int X',
    });
    // The decrease certified only away from 0 for the generic problem is not enough.
    const partial = { ...generic, decrease: { ...generic.decrease, from: new p.D('1e-20') } };
    expect(channelVerdict(teacher, partial, 40).kind).toBe('inconclusive');
    const noDecrease = { kind: 'not-certified', reason: 'h undecided', limit: teacher.limit } as const;
    expect(channelVerdict(noDecrease, generic, 40).kind).toBe('inconclusive');
    const saddle = { ...teacher, limit: { ...teacher.limit, strictMinimum: false } } as typeof teacher;
    expect(channelVerdict(saddle, generic, 40).kind).toBe('refuted');
  });
});
