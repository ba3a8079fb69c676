import type { Decimal } from 'decimal.js';
import type { Activation } from '../../../activations/index.js';
import type { Dataset } from '../../../network/dataset.js';
import type { Network } from '../../../network/loss.js';
import { parameterCount, rowLength, type Layout } from '../../../network/params.js';
import { withGuard, type Precision } from '../../../precision/context.js';

/** A network at an exact critical point θ* of its data (targets built from the residual). */
export interface CriticalCase {
  readonly network: Network;
  readonly params: readonly Decimal[];
  readonly data: Dataset;
  /** The residuals f(x_n) − y_n (orthogonal to every column of the Jacobian in the ρ inner product). */
  readonly residual: readonly Decimal[];
}

/** What {@link criticalData} builds a critical point from. */
export interface CriticalDataInput {
  readonly activation: Activation;
  readonly layout: Layout;
  readonly params: readonly Decimal[];
  readonly inputs: readonly (readonly Decimal[])[];
  /** Sample weights ρ_n (default all 1). */
  readonly weights: readonly Decimal[] | undefined;
  /** Any vector of length N: its part orthogonal to the Jacobian's columns becomes the residual. */
  readonly direction: readonly Decimal[];
  /** ‖residual‖ in the ρ norm. */
  readonly scale: Decimal;
}

/** f(x) and ∇_θ f(x) of a two-layer network, written out (independent of src/network/loss.ts). */
export function outputAndJacobianRow(
  layout: Layout,
  act: Activation,
  flat: readonly Decimal[],
  x: readonly Decimal[],
  q: Precision,
): { f: Decimal; row: Decimal[] } {
  const m = rowLength(layout);
  const r = layout.width;
  const xt = layout.hiddenBias ? [...x, new q.D(1)] : [...x];
  const row = new Array<Decimal>(parameterCount(layout)).fill(new q.D(0));
  let f = layout.outputBias ? new q.D(flat[flat.length - 1] as Decimal) : new q.D(0);
  for (let k = 0; k < r; k++) {
    let z = new q.D(0);
    for (let j = 0; j < m; j++) z = z.plus((flat[k * m + j] as Decimal).times(xt[j] as Decimal));
    const [s0, s1] = act.derivatives(z, 1, q) as [Decimal, Decimal];
    const ak = flat[r * m + k] as Decimal;
    f = f.plus(ak.times(s0));
    row[r * m + k] = s0;
    for (let j = 0; j < m; j++) row[k * m + j] = ak.times(s1).times(xt[j] as Decimal);
  }
  if (layout.outputBias) row[row.length - 1] = new q.D(1);
  return { f, row };
}

/**
 * Exact critical points without Newton's method: the weighted-MSE gradient is (2/N) Σ_n ρ_n r_n ∇_θ f(x_n), so a
 * residual r orthogonal (in the ρ inner product) to the columns of the Jacobian J = ∂f/∂θ makes θ* a critical point
 * of the data y_n = f(x_n) − r_n. One Jacobian and a Gram–Schmidt at `p` (+10 guard digits). Returns undefined when
 * the direction lies (nearly) in the Jacobian's column span.
 */
export function criticalData(input: CriticalDataInput, p: Precision): CriticalCase | undefined {
  const q = withGuard(p, 10);
  const rows = input.inputs.map((x) =>
    outputAndJacobianRow(input.layout, input.activation, input.params, x, q),
  );
  const rho = input.weights ?? input.inputs.map(() => new q.D(1));
  const ip = (u: readonly Decimal[], v: readonly Decimal[]): Decimal =>
    u.reduce((s, ui, n) => s.plus(ui.times(v[n] as Decimal).times(rho[n] as Decimal)), new q.D(0));
  // Modified Gram–Schmidt on the Jacobian's columns, then the direction minus its projection.
  const basis: Decimal[][] = [];
  for (let c = 0; c < parameterCount(input.layout); c++) {
    let col = rows.map((r) => r.row[c] as Decimal);
    for (const b of basis) {
      const t = ip(col, b);
      col = col.map((v, n) => v.minus(t.times(b[n] as Decimal)));
    }
    const nn = ip(col, col).sqrt();
    if (nn.gt('1e-12')) basis.push(col.map((v) => v.div(nn)));
  }
  let s = input.direction.map((v) => new q.D(v));
  const sNorm = ip(s, s).sqrt();
  for (const b of basis) {
    const t = ip(s, b);
    s = s.map((v, n) => v.minus(t.times(b[n] as Decimal)));
  }
  const left = ip(s, s).sqrt();
  if (!left.gt(sNorm.times('1e-3'))) return undefined;
  const residual = s.map((v) => v.div(left).times(input.scale));
  const data: Dataset = {
    inputs: input.inputs.map((x) => x.map((v) => new p.D(v))),
    targets: rows.map((r, n) => new p.D(r.f.minus(residual[n] as Decimal))),
    ...(input.weights === undefined ? {} : { weights: input.weights.map((v) => new p.D(v)) }),
  };
  return {
    network: { layout: input.layout, activation: input.activation },
    params: input.params.map((v) => new p.D(v)),
    data,
    residual: residual.map((v) => new p.D(v)),
  };
}
