import type { Decimal } from 'decimal.js';
import type { Activation } from '../../../activations/index.js';
import { saddleMatrixB, splitNeuron } from '../../../landscape/saddle-line.js';
import { lossAndDerivatives } from '../../../network/loss.js';
import type { Layout } from '../../../network/params.js';
import { precision, type Precision } from '../../../precision/context.js';
import { symmetricEigenvalues } from '../../../precision/linalg/index.js';
import type { Evaluation, Gene, SearchSpace } from '../../../search/targeted-search.js';
import { criticalData } from './critical-data.js';

/**
 * The space of the plateau searches: a width-1 network (no biases, two inputs, so that B is 2×2 and can be
 * indefinite) at an exact critical point θ* of five samples (targets from a residual orthogonal to the Jacobian),
 * split into width 2 at γ. Decimal strings, exact.
 */
export interface PlateauInput {
  readonly w1: string;
  readonly w2: string;
  readonly a: string;
  /** Input dimension d (1 or 2): with d = 1 the second input weight and coordinates are unused. */
  readonly dimension: 1 | 2;
  /** Five input points (d coordinates each). */
  readonly inputs: readonly (readonly string[])[];
  /** The residual direction (integers) before projection. */
  readonly direction: readonly string[];
  /** ‖residual‖. */
  readonly scale: string;
  readonly gamma: string;
}

const N = 5;
const layout = (d: 1 | 2): Layout => ({ width: 1, inputDimension: d, hiddenBias: false, outputBias: false });

/** Options of {@link plateauSpace}. */
export interface PlateauSpaceOptions {
  /** γ = k/100 for k in [min, max]. */
  readonly gamma: { readonly min: number; readonly max: number };
  /** Input dimensions searched: 2 only (B can be indefinite), or 1 and 2 (B scalar, so definite, when d = 1). */
  readonly dimensions: '2' | '1-2';
  /** Largest residual norm k/100 (small residuals keep θ* a strict minimum). */
  readonly maxScale: number;
}

/** The genes: weights on a 10⁻² grid of [−2, 2], inputs on a 10⁻¹ grid of [−2, 2], γ on a 10⁻² grid. */
export function plateauSpace(options: PlateauSpaceOptions): SearchSpace<PlateauInput> {
  const { gamma } = options;
  const genes: Gene[] = [
    { name: 'w1', min: -200, max: 200, simplest: 100 },
    { name: 'w2', min: -200, max: 200, simplest: 100 },
    { name: 'a', min: -200, max: 200, simplest: 100 },
  ];
  for (let n = 0; n < N; n++) {
    genes.push({ name: `x${n + 1}_1`, min: -20, max: 20 }, { name: `x${n + 1}_2`, min: -20, max: 20 });
  }
  for (let n = 0; n < N; n++) genes.push({ name: `r${n + 1}`, min: -10, max: 10, simplest: 1 });
  genes.push({ name: 'scale', min: 1, max: options.maxScale, simplest: 10 });
  genes.push({ name: 'gamma', min: gamma.min, max: gamma.max, simplest: 50 });
  const dMin = options.dimensions === '2' ? 2 : 1;
  genes.push({ name: 'dimension', min: dMin, max: 2, simplest: dMin });
  return { genes, decode };
}

function decode(g: readonly number[]): PlateauInput {
  const at = (i: number): number => g[i] ?? 0;
  const D = precision(20).D;
  const dec = (k: number, e: number): string => new D(`${k}e-${e}`).toString();
  const dimension = at(5 + 3 * N) === 1 ? 1 : 2;
  const inputs: (readonly string[])[] = [];
  for (let n = 0; n < N; n++) inputs.push([dec(at(3 + 2 * n), 1), dec(at(4 + 2 * n), 1)].slice(0, dimension));
  const direction: string[] = [];
  for (let n = 0; n < N; n++) direction.push(String(at(3 + 2 * N + n)));
  return {
    w1: dec(at(0), 2),
    w2: dec(at(1), 2),
    a: dec(at(2), 2),
    dimension,
    inputs,
    direction,
    scale: dec(at(3 + 3 * N), 2),
    gamma: dec(at(4 + 3 * N), 2),
  };
}

/** What the searches measure at one input. */
export interface PlateauMeasure {
  readonly gamma: Decimal;
  /** Eigenvalues of ∇²L_r(θ*), ascending. */
  readonly base: readonly Decimal[];
  /** Eigenvalues of B, ascending. */
  readonly b: readonly Decimal[];
  /** Eigenvalues of ∇²L_{r+1}(θ_γ), ascending. */
  readonly split: readonly Decimal[];
  /** Eigenvalues below −tol count as negative, |λ| ≤ tol as zero. */
  readonly tol: Decimal;
  /** max(1, ‖∇²L_{r+1}(θ_γ)‖ max-entry): the scale scores are measured in. */
  readonly scale: Decimal;
}

function ascending(M: readonly (readonly Decimal[])[], p: Precision): Decimal[] {
  const ev = symmetricEigenvalues(
    M.map((row) => [...row]),
    p,
  );
  if (ev.kind !== 'converged') throw new Error('plateau search: Jacobi did not converge');
  return [...ev.values].sort((x, y) => x.cmp(y));
}

/** Builds θ*, B and θ_γ and their spectra; undefined when the residual direction is degenerate. */
export function measurePlateau(
  input: PlateauInput,
  activation: Activation,
  digits: number,
): PlateauMeasure | undefined {
  const p = precision(digits);
  const D = p.D;
  const cc = criticalData(
    {
      activation,
      layout: layout(input.dimension),
      params: [new D(input.w1), new D(input.w2)].slice(0, input.dimension).concat([new D(input.a)]),
      inputs: input.inputs.map((x) => x.map((v) => new D(v))),
      weights: undefined,
      direction: input.direction.map((v) => new D(v)),
      scale: new D(input.scale),
    },
    p,
  );
  if (cc === undefined) return undefined;
  const gamma = new D(input.gamma);
  const base = ascending(
    lossAndDerivatives(cc.network, cc.data, cc.params, p, { hessian: true }).hessian ?? [],
    p,
  );
  const b = ascending(saddleMatrixB(cc.network, cc.data, cc.params, 0, p), p);
  const split = splitNeuron(cc.network.layout, cc.params, 0, gamma, p);
  const H =
    lossAndDerivatives({ ...cc.network, layout: split.layout }, cc.data, split.flat, p, { hessian: true })
      .hessian ?? [];
  const scale = H.flat().reduce((m, v) => (v.abs().gt(m) ? v.abs() : m), new D(1));
  const tol = scale.times(new D(10).pow(-Math.floor(digits / 2)));
  return { gamma, base, b, split: ascending(H, p), tol, scale };
}

/** Significant digits for explanations. */
export function short(x: Decimal): string {
  return x.toSignificantDigits(4).toString();
}

/** The input as decimal strings (the five samples and the residual direction joined). */
export function describePlateau(input: PlateauInput): Readonly<Record<string, string>> {
  return {
    w: input.dimension === 1 ? input.w1 : `${input.w1} ${input.w2}`,
    a: input.a,
    x: input.inputs.map((x) => (x.length === 1 ? (x[0] ?? '') : `(${x.join(', ')})`)).join(' '),
    residualDirection: input.direction.join(' '),
    residualNorm: input.scale,
    gamma: input.gamma,
  };
}

/** The hypotheses both plateau searches share: a nondegenerate residual and θ* a strict local minimum of L_r. */
export function measureAtStrictMinimum(
  input: PlateauInput,
  activation: Activation,
  digits: number,
): { readonly kind: 'measured'; readonly m: PlateauMeasure } | Extract<Evaluation, { kind: 'invalid' }> {
  const m = measurePlateau(input, activation, digits);
  if (m === undefined)
    return { kind: 'invalid', reason: 'the residual direction lies in the Jacobian’s span' };
  if (!(m.base[0]?.gt(m.tol) ?? false))
    return { kind: 'invalid', reason: 'θ* is not a strict local minimum' };
  return { kind: 'measured', m };
}
