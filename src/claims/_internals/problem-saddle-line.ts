import type { Decimal } from 'decimal.js';
import { saddleLine, saddleMatrixB, splitNeuron } from '../../landscape/saddle-line.js';
import { lossAndDerivatives, type Network } from '../../network/loss.js';
import type { Problem } from '../../network/problem.js';
import { rowLength } from '../../network/params.js';
import type { Precision } from '../../precision/context.js';
import { SeededRandom } from '../../precision/random.js';
import type { Verdict } from '../claim.js';
import { noCriticalPointVerdict, problemCriticalPoint } from './problem-critical-point.js';

const GAMMAS = ['-0.5', '0.3', '1.5'];

/**
 * The saddle-line statements on a user problem, at a critical point found by {@link problemCriticalPoint} with the
 * last neuron duplicated: `criticality` — L(θ_γ) = L(θ*) and ∇L(θ_γ) = 0 (to 10^−(digits−10) relative);
 * `curvature` — vᵀ∇²L(θ_γ)v = γ(1 − γ)uᵀBu for a seeded u, v = ((1−γ)u, −γu) on the two copies' rows.
 */
export function problemSaddleLine(
  problem: Problem,
  p: Precision,
  seed: number,
  what: 'criticality' | 'curvature',
): Verdict {
  const found = problemCriticalPoint(problem, p);
  if (found.kind === 'none') return noCriticalPointVerdict(problem, p, found);
  const { network } = problem;
  const data = problem.dataset(p);
  const k = network.layout.width - 1;
  const m = rowLength(network.layout);
  const critical = found.point;
  const base = lossAndDerivatives(network, data, critical, p, { gradient: false }).loss;
  const scale = base.abs().gt(1) ? base.abs() : new p.D(1);
  const tol = new p.D(10).pow(10 - p.digits).times(scale);
  if (what === 'criticality') {
    const line = saddleLine(network, () => data, critical, k, GAMMAS, p).line;
    const lossErr = line.reduce(
      (mx, pt) => (pt.loss.minus(base).abs().gt(mx) ? pt.loss.minus(base).abs() : mx),
      new p.D(0),
    );
    const gradMax = line.reduce((mx, pt) => (pt.gradNorm.gt(mx) ? pt.gradNorm : mx), new p.D(0));
    const evidence = {
      origin: found.origin,
      digits: p.digits,
      gammas: GAMMAS,
      loss: base.toSignificantDigits(20).toString(),
      maxLossDifference: lossErr.toExponential(3),
      maxGradientNormInf: gradMax.toExponential(3),
      tolerance: tol.toExponential(1),
    };
    const summary = `${problem.name}: at θ_γ (γ = ${GAMMAS.join(', ')}) |L − L*| ≤ ${lossErr.toExponential(1)} and ‖∇L‖∞ ≤ ${gradMax.toExponential(1)} at ${p.digits} digits`;
    return lossErr.lte(tol) && gradMax.lte(tol)
      ? { kind: 'verified', summary, evidence }
      : { kind: 'refuted', summary: `not critical along the line: ${summary}`, evidence };
  }
  const rng = new SeededRandom(seed);
  const u = Array.from({ length: m }, () => new p.D(rng.decimal(-1, 1)));
  const B = saddleMatrixB(network, data, critical, k, p);
  const uBu = u.reduce(
    (s, ui, i) => u.reduce((t, uj, j) => t.plus(ui.times((B[i] as Decimal[])[j] as Decimal).times(uj)), s),
    new p.D(0),
  );
  const wide: Network = { ...network, layout: { ...network.layout, width: network.layout.width + 1 } };
  let worst = new p.D(0);
  const curvatures: string[] = [];
  for (const gv of GAMMAS) {
    const gamma = new p.D(gv);
    const split = splitNeuron(network.layout, critical, k, gamma, p);
    const H = lossAndDerivatives(wide, data, split.flat, p, { hessian: true }).hessian as Decimal[][];
    const v = new Array<Decimal>(split.flat.length).fill(new p.D(0));
    const r = network.layout.width;
    u.forEach((ui, i) => {
      v[k * m + i] = new p.D(1).minus(gamma).times(ui);
      v[r * m + i] = gamma.neg().times(ui);
    });
    const vHv = v.reduce(
      (s, vi, i) =>
        vi.isZero()
          ? s
          : v.reduce((t, vj, j) => t.plus(vi.times((H[i] as Decimal[])[j] as Decimal).times(vj)), s),
      new p.D(0),
    );
    const predicted = gamma.times(new p.D(1).minus(gamma)).times(uBu);
    curvatures.push(vHv.toSignificantDigits(12).toString());
    const err = vHv.minus(predicted).abs();
    if (err.gt(worst)) worst = err;
  }
  const evidence = {
    origin: found.origin,
    digits: p.digits,
    seed,
    gammas: GAMMAS,
    u: u.map((x) => x.toString()),
    uBu: uBu.toSignificantDigits(12).toString(),
    curvatures,
    maxError: worst.toExponential(3),
    tolerance: tol.toExponential(1),
  };
  const summary = `${problem.name}: vᵀ∇²L(θ_γ)v = γ(1−γ)uᵀBu (uᵀBu = ${uBu.toSignificantDigits(6).toString()}) to ${worst.toExponential(1)} at ${p.digits} digits`;
  return worst.lte(tol)
    ? { kind: 'verified', summary, evidence }
    : { kind: 'refuted', summary: `curvature identity off: ${summary}`, evidence };
}
