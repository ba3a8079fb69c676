// Exact critical points without Newton's method: for a network θ* and inputs x_n, the weighted-MSE gradient is
// (2/N) Σ_n ρ_n r_n ∇_θ f(x_n), so any residual vector r orthogonal (in the ρ inner product) to the columns of the
// Jacobian J = ∂f/∂θ makes θ* a critical point of the data y_n = f(x_n) − r_n. Costs one Jacobian and a
// Gram–Schmidt, at the suite's precision: cheap enough for fast-check runs (a Newton refinement at 30 digits is not).
import fc from 'fast-check';
import type { Decimal } from 'decimal.js';
import type { Activation } from '../../src/activations/index.js';
import type { Dataset } from '../../src/network/dataset.js';
import type { Network } from '../../src/network/loss.js';
import { parameterCount, rowLength, type Layout } from '../../src/network/params.js';
import { withGuard, type Precision } from '../../src/precision/context.js';
import { gridDecimal } from '../../src/testing/_internals/grid-decimal.js';

/** A network at an exact critical point θ* of its data (targets built from the residual). */
export interface CriticalCase {
  readonly network: Network;
  readonly params: readonly Decimal[];
  readonly data: Dataset;
  /** The residuals f(x_n) − y_n (orthogonal to every column of the Jacobian). */
  readonly residual: readonly Decimal[];
}

/** f(x) and ∇_θ f(x) of a two-layer network, written out here (independent of src/network/loss.ts). */
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

interface Raw {
  readonly activation: Activation;
  readonly layout: Layout;
  readonly params: readonly Decimal[];
  readonly inputs: readonly (readonly Decimal[])[];
  readonly weights: readonly Decimal[] | undefined;
  readonly direction: readonly Decimal[];
  readonly scale: Decimal;
}

/**
 * θ* with data that make it critical: residual = scale · (s projected off the Jacobian's columns)/‖…‖ for a random
 * s. Returns undefined when the projection is degenerate (s nearly inside the column span).
 */
export function makeCritical(raw: Raw, p: Precision): CriticalCase | undefined {
  const q = withGuard(p, 10);
  const rows = raw.inputs.map((x) => outputAndJacobianRow(raw.layout, raw.activation, raw.params, x, q));
  const rho = raw.weights ?? raw.inputs.map(() => new q.D(1));
  const ip = (u: readonly Decimal[], v: readonly Decimal[]): Decimal =>
    u.reduce((s, ui, n) => s.plus(ui.times(v[n] as Decimal).times(rho[n] as Decimal)), new q.D(0));
  // Modified Gram–Schmidt on the Jacobian's columns, then s minus its projection.
  const basis: Decimal[][] = [];
  for (let c = 0; c < parameterCount(raw.layout); c++) {
    let col = rows.map((r) => r.row[c] as Decimal);
    for (const b of basis) {
      const t = ip(col, b);
      col = col.map((v, n) => v.minus(t.times(b[n] as Decimal)));
    }
    const nn = ip(col, col).sqrt();
    if (nn.gt('1e-12')) basis.push(col.map((v) => v.div(nn)));
  }
  let s = raw.direction.map((v) => new q.D(v));
  const sNorm = ip(s, s).sqrt();
  for (const b of basis) {
    const t = ip(s, b);
    s = s.map((v, n) => v.minus(t.times(b[n] as Decimal)));
  }
  const left = ip(s, s).sqrt();
  if (!left.gt(sNorm.times('1e-3'))) return undefined;
  const residual = s.map((v) => v.div(left).times(raw.scale));
  const data: Dataset = {
    inputs: raw.inputs.map((x) => x.map((v) => new p.D(v))),
    targets: rows.map((r, n) => new p.D(r.f.minus(residual[n] as Decimal))),
    ...(raw.weights === undefined ? {} : { weights: raw.weights.map((v) => new p.D(v)) }),
  };
  return {
    network: { layout: raw.layout, activation: raw.activation },
    params: raw.params.map((v) => new p.D(v)),
    data,
    residual: residual.map((v) => new p.D(v)),
  };
}

/** Constraints of {@link criticalCaseArbitrary}. */
export interface CriticalCaseConstraints {
  readonly activation: fc.Arbitrary<Activation>;
  readonly maxInputDimension?: number;
  /** Hidden and output biases drawn at random. Default true. */
  readonly biases?: boolean;
  /** Residual norms lie in [minScale, maxScale]. */
  readonly minScale?: number;
  readonly maxScale?: number;
}

/** Width-1 networks at an exact critical point of 7 weighted samples (more samples than parameters). */
export function criticalCaseArbitrary(
  p: Precision,
  constraints: CriticalCaseConstraints,
): fc.Arbitrary<CriticalCase> {
  const { activation, maxInputDimension = 2, biases = true, minScale = 0.01, maxScale = 1 } = constraints;
  const N = 7;
  return fc
    .record({
      activation,
      layout: fc.record({
        width: fc.constant(1),
        inputDimension: fc.integer({ min: 1, max: maxInputDimension }),
        hiddenBias: biases ? fc.boolean() : fc.constant(false),
        outputBias: biases ? fc.boolean() : fc.constant(false),
      }),
      weighted: fc.boolean(),
    })
    .chain(({ activation: act, layout, weighted }) =>
      fc.record({
        activation: fc.constant(act),
        layout: fc.constant(layout),
        params: fc.array(
          gridDecimal(p, -2, 2).filter((v) => v.abs().gt('0.05')),
          {
            minLength: parameterCount(layout),
            maxLength: parameterCount(layout),
          },
        ),
        inputs: fc.array(
          fc.array(gridDecimal(p, -2, 2), {
            minLength: layout.inputDimension,
            maxLength: layout.inputDimension,
          }),
          { minLength: N, maxLength: N },
        ),
        weights: weighted
          ? fc.array(gridDecimal(p, 0.1, 2), { minLength: N, maxLength: N })
          : fc.constant(undefined),
        direction: fc.array(gridDecimal(p, -1, 1), { minLength: N, maxLength: N }),
        scale: gridDecimal(p, minScale, maxScale),
      }),
    )
    .map((raw) => makeCritical(raw, p))
    .filter((c): c is CriticalCase => c !== undefined);
}
