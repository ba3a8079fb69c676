import type { Decimal } from 'decimal.js';
import { saddleLine, saddleMatrixB, splitNeuron } from '../landscape/saddle-line.js';
import type { Dataset } from '../network/dataset.js';
import { lossAndDerivatives, type Network } from '../network/loss.js';
import { rowLength } from '../network/params.js';
import { precision, type Precision } from '../precision/context.js';
import { inertia } from '../precision/linalg/index.js';
import type { Claim, ClaimContext, Verdict } from './claim.js';
import { constructedCriticalPoint } from './_internals/constructed-critical-point.js';
import { noCriticalPointVerdict, problemCriticalPoint } from './_internals/problem-critical-point.js';
import { notSmoothVerdict } from './_internals/not-smooth.js';
import { saddleSliceFigure } from './_internals/saddle-slice.js';

/** Distance of the test points from γ = 0 and γ = 1. */
const DELTA = '0.1';

/** What {@link checkZeroEigenvalue} needs: a network, its data and a (claimed) critical point. */
export interface ZeroEigenvalueInput {
  readonly network: Network;
  readonly data: Dataset;
  readonly critical: readonly Decimal[];
  /** The neuron duplicated (0-based). Default: the last. */
  readonly neuron?: number;
  /** Where the critical point came from, for the evidence. */
  readonly origin: string;
}

/**
 * The zero eigenvalue along a saddle line and the eigenvalues that cross zero at its ends (mathematics.md §3), at
 * p digits: (i) ∇²L(θ_γ)·(e_{a_k} − e_{a_r}) = 0 for every γ tested; (ii) the Hessian has exactly one zero
 * eigenvalue for γ ∉ {0, 1} and 1 + m at γ ∈ {0, 1} (m = d, or d + 1 with hidden biases: the copy with zero readout
 * has a flat input-weight row); (iii) across γ = 0 and γ = 1 the number of negative eigenvalues changes by
 * #pos(B) − #neg(B), the m eigenvalues ≈ γ(1 − γ)λ(B) changing sign together with γ(1 − γ).
 */
export function checkZeroEigenvalue(input: ZeroEigenvalueInput, p: Precision): Verdict {
  const { network, data, critical, origin } = input;
  const k = input.neuron ?? network.layout.width - 1;
  const m = rowLength(network.layout);
  const d = new p.D(DELTA);
  const gammas = [d.neg(), new p.D(0), d, new p.D('0.5'), new p.D(1).minus(d), new p.D(1), d.plus(1)];
  const ak = critical[network.layout.width * m + k] as Decimal;
  if (!ak.abs().gt(new p.D(10).pow(-Math.floor(p.digits / 2)))) {
    return {
      kind: 'not-applicable',
      summary: `a*_${k + 1} = ${ak.toSignificantDigits(3).toString()}: with a zero readout the saddle line degenerates to a point`,
      evidence: { origin, digits: p.digits, readout: ak.toSignificantDigits(6).toString() },
    };
  }
  const base = lossAndDerivatives(network, data, critical, p, { hessian: true });
  const baseInertia = inertia(base.hessian as Decimal[][], p);
  const res = saddleLine(network, () => data, critical, k, gammas, p);
  const wide: Network = { ...network, layout: { ...network.layout, width: network.layout.width + 1 } };
  const aOff = (network.layout.width + 1) * m;
  let worst = new p.D(0);
  // B by a second route: at γ = ½ the split direction V_i = (e_i on row k, −e_i on the copy's row) has
  // V_iᵀ∇²L(θ_½)V_j = B_ij exactly (vᵀ∇²Lv = γ(1−γ)uᵀBu with v = ((1−γ)u, −γu)), from the verified Hessian code
  // rather than saddleMatrixB's formula. Each of the four Hessian entries is correctly rounded to p digits.
  let bError = new p.D(0);
  let bTolerance = new p.D(0);
  for (const gamma of gammas) {
    const split = splitNeuron(network.layout, critical, k, gamma, p);
    const H = lossAndDerivatives(wide, data, split.flat, p, { hessian: true }).hessian as Decimal[][];
    const scale = H.reduce((mx, row) => row.reduce((s, v) => (v.abs().gt(s) ? v.abs() : s), mx), new p.D(1));
    if (gamma.eq('0.5')) {
      const c = bAgainstHessian(H, res.B, k, m, network.layout.width, p);
      bError = c.error;
      bTolerance = c.tolerance;
    }
    for (const row of H) {
      const hu = (row[aOff + k] as Decimal)
        .minus(row[aOff + network.layout.width] as Decimal)
        .abs()
        .div(scale);
      if (hu.gt(worst)) worst = hu;
    }
  }
  // The same identity on weighted samples (it holds at any θ*, critical or not), so that the weights' part of B is
  // checked too: the constructed problems are unweighted.
  {
    const weighted: Dataset = {
      ...data,
      weights: data.targets.map((_, n) => new p.D(['0.5', '1.25', '1.75'][n % 3] ?? '1')),
    };
    const half = splitNeuron(network.layout, critical, k, '0.5', p);
    const H = lossAndDerivatives(wide, weighted, half.flat, p, { hessian: true }).hessian as Decimal[][];
    const c = bAgainstHessian(
      H,
      saddleMatrixB(network, weighted, critical, k, p),
      k,
      m,
      network.layout.width,
      p,
    );
    if (!c.error.div(c.tolerance).lte(bError.div(bTolerance))) {
      bError = c.error;
      bTolerance = c.tolerance;
    }
  }
  const zeros = res.line.map((pt) => pt.inertia.zero);
  const negs = res.line.map((pt) => pt.inertia.neg);
  const tol = new p.D(10).pow(-Math.floor(p.digits / 2));
  const posB = res.eigenvalues.filter((e) => e.gt(tol)).length;
  const negB = res.eigenvalues.filter((e) => e.lt(tol.neg())).length;
  const expectedZeros = gammas.map((g) => (g.isZero() || g.eq(1) ? 1 + m : 1));
  const [nm, , np, , n1m, , n1p] = negs as [number, number, number, number, number, number, number];
  const crossing0 = nm - np;
  const crossing1 = n1p - n1m;
  const evidence = {
    origin,
    digits: p.digits,
    neuron: k + 1,
    m,
    gammas: gammas.map((g) => g.toString()),
    inertia: res.line.map((pt) => `${pt.inertia.neg}−/${pt.inertia.zero}0/${pt.inertia.pos}+`),
    expectedZeroCounts: expectedZeros.map(String),
    eigenvaluesOfB: res.eigenvalues.map((e) => e.toSignificantDigits(12).toString()),
    baseInertia: `${baseInertia.negative}−/${baseInertia.zero}0/${baseInertia.positive}+`,
    maxRelativeHessianTimesLineDirection: worst.toExponential(3),
    zeroTolerance: baseInertia.tolerance.relative.toExponential(1),
    negativeCountChangeAt0: crossing0,
    negativeCountChangeAt1: crossing1,
    predictedChange: posB - negB,
    bAgainstHessian: `|B − V_iᵀ∇²L(θ_½)V_j| ≤ ${bError.toSignificantDigits(2).toExponential()} (tolerance ${bTolerance.toSignificantDigits(2).toExponential()}), on the data and on weighted samples`,
    gradientAtThetaStar:
      base.gradient?.reduce((mx, v) => (v.abs().gt(mx) ? v.abs() : mx), new p.D(0)).toExponential(3) ?? null,
  };
  // B is checked against the Hessian first: a wrong B must be refuted, not hidden behind a degenerate or
  // singular-B verdict that its own wrong eigenvalues produced.
  const bOk = bError.lte(bTolerance) && bTolerance.gt(0);
  if (!bOk) {
    return {
      kind: 'refuted',
      summary: `B differs from the curvature of the split direction at γ = ½ by ${bError.toSignificantDigits(3).toExponential()} (tolerance ${bTolerance.toSignificantDigits(2).toExponential()}), on the data and on weighted samples`,
      evidence,
    };
  }
  if (baseInertia.zero > 0) {
    return {
      kind: 'inconclusive',
      summary: `the base critical point is degenerate (${baseInertia.zero} zero Hessian eigenvalues): the counts are not determined`,
      evidence,
    };
  }
  if (posB + negB !== m) {
    return {
      kind: 'not-applicable',
      summary: `B is singular (${m - posB - negB} of its ${m} eigenvalues are zero to ${tol.toExponential(0)}, e.g. a perfect fit): the eigenvalues at γ = 0, 1 need not cross`,
      evidence,
    };
  }
  const zerosOk = zeros.every((z, i) => z === expectedZeros[i]);
  const lineOk = worst.lte(tol);
  const crossOk = crossing0 === posB - negB && crossing1 === posB - negB;
  // What `saddle-line` reports: its prediction from B (mathematics.md §3: with a minimum at the base, B positive
  // definite → the split points inside [0, 1] are minima, negative definite → those outside, indefinite → none) and
  // its per-γ agreement of that prediction with the Hessian's inertia. The expected prediction comes from this
  // check's own count of B's eigenvalue signs, and every `agrees` the command prints must hold.
  const expectedPrediction =
    baseInertia.negative > 0 ? 'saddle-base' : posB === m ? 'inside' : negB === m ? 'outside' : 'none';
  const disagreeing = res.line.filter((pt) => pt.agrees === false).map((pt) => pt.gamma.toString());
  const predictionOk = res.prediction === expectedPrediction && disagreeing.length === 0;
  const summary = `H·(e_ak − e_ar) = 0 to ${worst.toExponential(1)} (relative) at ${p.digits} digits; zero eigenvalues ${zeros.join(',')} at γ = ${evidence.gammas.join(',')}; ${m} eigenvalues cross zero at γ = 0 and 1 (negative count changes by ${crossing0}, ${crossing1}; predicted ${posB - negB}); saddle-line's prediction "${res.prediction}" (expected "${expectedPrediction}")${disagreeing.length === 0 ? ' agrees with the inertia at every γ' : `, disagrees with the inertia at γ = ${disagreeing.join(', ')}`}`;
  return zerosOk && lineOk && crossOk && predictionOk
    ? { kind: 'verified', summary, evidence: { ...evidence, prediction: res.prediction, expectedPrediction } }
    : {
        kind: 'refuted',
        summary: `not as predicted: ${summary}`,
        evidence: { ...evidence, prediction: res.prediction, expectedPrediction },
      };
}

/**
 * |B_ij − V_iᵀ H V_j| over i, j, with V_i = (e_i on row k, −e_i on the copy's row r) and H the Hessian at θ_½, and
 * its tolerance: four Hessian entries, each correctly rounded to p digits, at the Hessian's scale.
 */
function bAgainstHessian(
  H: readonly (readonly Decimal[])[],
  B: readonly (readonly Decimal[])[],
  k: number,
  m: number,
  r: number,
  p: Precision,
): { error: Decimal; tolerance: Decimal } {
  const scale = H.reduce((mx, row) => row.reduce((s, v) => (v.abs().gt(s) ? v.abs() : s), mx), new p.D(1));
  const h = (i: number, j: number): Decimal => H[i]?.[j] ?? new p.D(NaN);
  const rk = k * m;
  const rc = r * m;
  let error = new p.D(0);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) {
      const viaHessian = h(rk + i, rk + j)
        .minus(h(rk + i, rc + j))
        .minus(h(rc + i, rk + j))
        .plus(h(rc + i, rc + j));
      const err = viaHessian.minus(B[i]?.[j] ?? new p.D(NaN)).abs();
      if (!err.lte(error)) error = err.isNaN() ? new p.D(Infinity) : err;
    }
  }
  return {
    error,
    tolerance: new p.D(10)
      .pow(1 - p.digits)
      .times(scale)
      .times(4),
  };
}

function check(ctx: ClaimContext): Verdict {
  const notSmooth = notSmoothVerdict(ctx, 'the curvature across the line involves σ″');
  if (notSmooth !== undefined) return notSmooth;
  const p = precision(Math.max(ctx.digits, 50));
  if (ctx.problem !== undefined) {
    const problem = ctx.problem;
    const found = problemCriticalPoint(problem, p);
    if (found.kind === 'none') return noCriticalPointVerdict(problem, p, found);
    return checkZeroEigenvalue(
      {
        network: problem.network,
        data: problem.dataset(p),
        critical: found.point,
        origin: found.origin,
      },
      p,
    );
  }
  // B = ±I by construction (the sign from the seed): all m crossings go the same way, so the negative count must
  // change by ±m (with an indefinite B the changes could cancel and hide a wrong count).
  const sign = ctx.seed % 2 === 0 ? -1 : 1;
  const built =
    constructedCriticalPoint(ctx.activation, p, ctx.seed, sign) ??
    constructedCriticalPoint(ctx.activation, p, ctx.seed, sign, false);
  if (built === undefined) {
    return {
      kind: 'inconclusive',
      summary: `no critical point with a definite B could be constructed for ${ctx.activation.name}`,
      evidence: { activation: ctx.activation.name, seed: ctx.seed },
    };
  }
  const verdict = checkZeroEigenvalue(
    {
      ...built,
      origin: `a σ(w x + b) at a seeded θ* made critical by construction (residual ⟂ Jacobian), seed ${ctx.seed}, B = ${sign > 0 ? '' : '−'}I${built.network.layout.hiddenBias ? '' : ' (no hidden bias: B₂₂ cannot be made nonzero)'}`,
    },
    p,
  );
  return { ...verdict, figures: [saddleSliceFigure(built.network, built.data, built.critical, 0)] };
}

/** Fukumizu & Amari, Theorem 1 and its Hessian (mathematics.md §3). */
export const saddleLineZeroEigenvalue: Claim = {
  id: 'saddle-line-zero-eigenvalue',
  title: 'A zero eigenvalue along the saddle line, and m eigenvalues crossing zero at γ = 0, 1',
  statement:
    'At every point θ_γ of the saddle line obtained by duplicating neuron k of a critical point θ*, the Hessian of ' +
    'L_{r+1} maps the line direction (0,…,0; +1, −1) to zero. For γ ∉ {0, 1} that is its only zero eigenvalue (θ* ' +
    'nondegenerate); at γ = 0 and γ = 1 m = d (d + 1 with hidden biases) further eigenvalues are zero, and they change ' +
    'sign there together with γ(1 − γ)λ(B).',
  latex:
    '\\nabla^2L_{r+1}(\\theta_\\gamma)\\,(0,\\dots,0;+1,-1)^\\top=0,\\qquad \\#\\{\\lambda=0\\}=\\begin{cases}1&\\gamma\\notin\\{0,1\\}\\\\1+m&\\gamma\\in\\{0,1\\}\\end{cases}',
  hypotheses: [
    'θ* a nondegenerate critical point of L_r',
    'a*_k ≠ 0',
    'B nonsingular',
    'σ twice differentiable',
  ],
  source: 'Fukumizu & Amari 2000, Theorems 1 and 3 (mathematics.md §3)',
  acceptsProblem: true,
  check,
};
