import type { Decimal } from 'decimal.js';
import { toDataset64, type Dataset } from '../../network/dataset.js';
import type { Network } from '../../network/loss.js';
import { lossAndDerivatives64 } from '../../network/loss64.js';
import { rowLength } from '../../network/params.js';
import { figureSeries, type Figure, type FigureSeries } from '../../report/plot/figure.js';

/**
 * The γ–α slice of L_{r+1} around the saddle line of neuron k (the last one is duplicated): θ(γ, α) = θ_γ + α v
 * with v = ((1−γ)u, −γu) on the two copies' input-weight rows, u the first unit vector of the row; a heat map of
 * L − L* in float64 and a few float64 gradient-descent trajectories started on the slice, projected back to
 * γ = a_k/(a_k + a_r), α = (w_k − w_r)·u.
 */
export function saddleSliceFigure(
  network: Network,
  data: Dataset,
  critical: readonly Decimal[],
  k: number,
): Figure {
  const { layout } = network;
  const r = layout.width;
  const m = rowLength(layout);
  const wide: Network = { ...network, layout: { ...layout, width: r + 1 } };
  const d64 = toDataset64(data);
  const base = critical.map((v) => v.toNumber());
  const ak = base[r * m + k] as number;
  const point = (gamma: number, alpha: number): Float64Array => {
    const w = base.slice(0, r * m);
    const rowK = w.slice(k * m, (k + 1) * m);
    const copy = [...rowK];
    rowK[0] = (rowK[0] as number) + alpha * (1 - gamma);
    copy[0] = (copy[0] as number) - alpha * gamma;
    w.splice(k * m, m, ...rowK);
    const a = base.slice(r * m, r * m + r);
    a[k] = gamma * ak;
    return Float64Array.from([...w, ...copy, ...a, (1 - gamma) * ak, ...base.slice(r * m + r)]);
  };
  const loss = (theta: Float64Array): number =>
    lossAndDerivatives64(wide, d64, theta, { gradient: false }).loss;
  const L0 = loss(point(0.5, 0));
  const gammas = Array.from({ length: 25 }, (_, i) => -0.6 + (2.2 * i) / 24);
  const alphas = Array.from({ length: 21 }, (_, j) => -0.4 + (0.8 * j) / 20);
  const z = alphas.map((al) => gammas.map((ga) => String(loss(point(ga, al)) - L0)));
  const P = (r + 1) * m + r + 1 + (layout.outputBias ? 1 : 0);
  const kIdx = (r + 1) * m + k;
  const rIdx = (r + 1) * m + r;
  const trajectories: FigureSeries[] = [
    [-0.4, 0.2],
    [0.25, 0.3],
    [0.75, -0.3],
    [1.4, -0.2],
  ].map(([g0, a0]) => {
    const theta = point(g0 as number, a0 as number);
    const xs: number[] = [];
    const ys: number[] = [];
    const record = (): void => {
      const sum = (theta[kIdx] as number) + (theta[rIdx] as number);
      xs.push((theta[kIdx] as number) / sum);
      ys.push((theta[k * m] as number) - (theta[r * m] as number));
    };
    record();
    // Explicit Euler with a step well below 2/λ_max of these small problems; long enough for the slow drift
    // across the line (rate ∝ γ(1 − γ)uᵀBu, small) to show.
    const eta = 0.1;
    for (let step = 1; step <= 20000; step++) {
      const grad = lossAndDerivatives64(wide, d64, theta, { gradient: true }).gradient as Float64Array;
      for (let i = 0; i < P; i++) theta[i] = (theta[i] as number) - eta * (grad[i] as number);
      if (step % 200 === 0) record();
    }
    return { ...figureSeries(`flow from γ = ${g0}, α = ${a0}`, xs, ys, 'line'), trajectory: true };
  });
  const problem = `${network.activation.name}, ${r} → ${r + 1} neurons, ${data.targets.length} samples`;
  return {
    id: 'gamma-alpha-slice',
    title: `Saddle line, ${problem}: L(θ_γ + α v) − L*`,
    caption:
      `The problem: a critical point θ* of a width-${r} network with σ = ${network.activation.name} on ${data.targets.length} samples, ` +
      `neuron ${k + 1} duplicated. γ runs along the saddle line (the split a_k → γ a_k, (1 − γ) a_k), α across it (the ` +
      'copies’ input weights pulled apart as (1 − γ)α, −γα). Colour: L − L* on a diverging scale, white at L* (red ' +
      'above, blue below). The line α = 0 is flat; across it the curvature is γ(1 − γ)uᵀBu, so its sign flips at the ' +
      'dashed lines γ = 0 and γ = 1. Arrows: float64 gradient-descent trajectories projected on the slice (open ' +
      'circle = start).',
    x: { label: 'γ (along the saddle line)' },
    y: { label: 'α (across it)' },
    heatmap: {
      label: 'L − L*',
      x: gammas.map(String),
      y: alphas.map(String),
      z,
      scale: 'diverging',
      center: '0',
    },
    rules: [
      { axis: 'x', at: '0', label: 'γ = 0' },
      { axis: 'x', at: '1', label: 'γ = 1' },
    ],
    series: [figureSeries('saddle line (α = 0)', [-0.6, 1.6], [0, 0], 'line'), ...trajectories],
  };
}
