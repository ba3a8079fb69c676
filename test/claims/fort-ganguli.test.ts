// The Fort & Ganguli claims (issue 19 item 3): their verdicts as functions of traced runs, on planted traces (the
// default tier, milliseconds), and the real runs in the long tier (about 90 s of CPU for the traces, 15 s for the
// subspace claim), which must give the verdicts and numbers of docs/local-geometry.md.
import { describe, expect, it } from 'vitest';
import { fortGanguliConfinement, confinementVerdict } from '../../src/claims/fort-ganguli-confinement.js';
import {
  curvatureTransientVerdict,
  fortGanguliCurvatureTransient,
} from '../../src/claims/fort-ganguli-curvature-transient.js';
import { fortGanguliOutliers, outliersVerdict } from '../../src/claims/fort-ganguli-outliers.js';
import { fortGanguliSubspace } from '../../src/claims/fort-ganguli-subspace.js';
import { CLAIMS, DEFAULT_CLAIMS } from '../../src/claims/registry.js';
import type { GeometrySnapshot, LocalGeometryTrace } from '../../src/geometry/index.js';
import { resolveActivation } from '../../src/activations/index.js';
import { itLong } from '../_support/tier.js';

const claims = [
  fortGanguliOutliers,
  fortGanguliConfinement,
  fortGanguliCurvatureTransient,
  fortGanguliSubspace,
];

function snapshot(
  step: number,
  top: readonly number[],
  fraction: number,
  outliers: number,
): GeometrySnapshot {
  return {
    step,
    loss: 1 / (step + 1),
    accuracy: 1,
    lambdaMax: top[0] as number,
    top,
    negativeCount: 0,
    outliers,
    gapAt: Math.max(1, outliers),
    gapRatio: outliers > 0 ? 3 : 1.2,
    runnerUpRatio: 1.1,
    fraction,
    gradientNorm: 1,
  };
}

/** A trace of C classes whose λ_max follows `lambda` over steps 0, 10, 100, 1000. */
function trace(C: number, lambda: readonly number[], fraction: number, outliers: number): LocalGeometryTrace {
  const steps = [0, 10, 100, 1000];
  return {
    kind: 'completed',
    problem: `planted-c${C}`,
    classes: C,
    parameters: 100,
    learningRate: 0.5,
    k: C,
    snapshots: steps.map((s, i) =>
      snapshot(
        s,
        [lambda[i] as number, ...Array.from({ length: 20 }, (_, j) => 0.1 / (j + 1))],
        fraction,
        outliers,
      ),
    ),
    losses: Float64Array.from([1, 0.1]),
  };
}

describe('Fort & Ganguli claims: verdicts on planted traces', () => {
  it('outliers: verified when every run ends with C outliers, refuted (naming the run) when one does not', () => {
    expect(outliersVerdict([trace(3, [1, 2, 1, 0.5], 0.9, 3), trace(5, [1, 2, 1, 0.5], 0.9, 5)]).kind).toBe(
      'verified',
    );
    const v = outliersVerdict([trace(3, [1, 2, 1, 0.5], 0.9, 3), trace(5, [1, 2, 1, 0.5], 0.9, 1)]);
    expect(v.kind).toBe('refuted');
    expect(v.summary).toContain('planted-c5');
    expect(outliersVerdict([{ kind: 'diverged', problem: 'x', step: 3 }]).kind).toBe('inconclusive');
  });

  it('confinement: verified at median fraction ≥ 1/2 in every run, refuted below', () => {
    expect(confinementVerdict([trace(3, [1, 2, 1, 0.5], 0.6, 3)]).kind).toBe('verified');
    expect(
      confinementVerdict([trace(3, [1, 2, 1, 0.5], 0.6, 3), trace(5, [1, 2, 1, 0.5], 0.4, 3)]).kind,
    ).toBe('refuted');
  });

  it('λ_max transient: verified for rise ≥ 1.1× then ≤ 0.9× the peak, refuted for a monotone fall or a late peak', () => {
    expect(curvatureTransientVerdict([trace(3, [1, 1.2, 1, 1.05], 0.1, 1)]).kind).toBe('verified');
    expect(curvatureTransientVerdict([trace(3, [1, 1.09, 1, 0.5], 0.1, 1)]).kind).toBe('refuted');
    expect(curvatureTransientVerdict([trace(3, [1, 1.2, 1.3, 1.4], 0.1, 1)]).kind).toBe('refuted');
  });

  it('all four are registered, opt-in with a reason, and run once with tanh', () => {
    for (const c of claims) {
      expect(CLAIMS).toContain(c);
      expect(DEFAULT_CLAIMS).not.toContain(c);
      expect(c.optIn?.length ?? 0).toBeGreaterThan(20);
      expect(c.ownActivation).toBe('tanh');
    }
  });
});

describe('Fort & Ganguli claims on the built-in problems', () => {
  const context = { digits: 30, activation: resolveActivation('tanh'), seed: 1 };
  itLong('outliers: 1, 0, 0 for C = 3, 5, 10 at both step sizes (refuted)', () => {
    const v = fortGanguliOutliers.check(context);
    expect(v.kind).toBe('refuted');
    expect(v.summary).toContain('mixture-c3, η = 0.5: 1 (C = 3)');
    expect(v.summary).toContain('mixture-c10, η = 1.5: 0 (C = 10)');
  });
  itLong('confinement refuted, λ_max transient refuted in the two mixture-c5 runs only', () => {
    expect(fortGanguliConfinement.check(context).kind).toBe('refuted');
    const v = fortGanguliCurvatureTransient.check(context);
    expect(v.kind).toBe('refuted');
    expect(v.summary).toContain(
      'no transient rise of λ_max in 2 of 6 runs (mixture-c5, η = 0.5; mixture-c5, η = 1.5)',
    );
  });
  itLong('subspace: 80 % success only from k = 32 of 107 (refuted), Goldilocks intervals overlap', () => {
    const v = fortGanguliSubspace.check(context);
    expect(v.kind).toBe('refuted');
    expect(v.summary).toContain('from k = 32 of D = 107');
    expect(v.summary).toContain('12/20 vs outside 17/50, 95% intervals overlapping');
  });
});
