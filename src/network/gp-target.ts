import { InputError } from '../errors.js';
import { choleskyF64 } from '../precision/linalg/index.js';
import { SeededRandom } from '../precision/random.js';

/** Covariance kernels of Gaussian-process targets (data kind "gp"). */
export const GP_KERNELS = ['matern32'] as const;
export type GpKernel = (typeof GP_KERNELS)[number];

/**
 * The jitter added to the kernel matrix's diagonal before the Cholesky factorisation (relative to k(0) = 1): the
 * draw is exactly Gaussian with covariance K + jitter·I. 10⁻¹⁰ keeps the factorisation of smooth kernels (large
 * scales, close inputs) positive definite in float64 and changes every covariance by at most 10⁻¹⁰.
 */
export const GP_DEFAULT_JITTER = 1e-10;

/** The Matérn-3/2 kernel at distance r ≥ 0 and scale s > 0: k(r) = (1 + √3·r/s)·exp(−√3·r/s); k(0) = 1. */
export function matern32(r: number, scale: number): number {
  const u = (Math.sqrt(3) * r) / scale;
  return (1 + u) * Math.exp(-u);
}

/** The kernel matrix K_ij = k(‖x_i − x_j‖₂) of the inputs (rows), plus `jitter` on the diagonal. */
export function gpKernelMatrix(
  inputs: readonly (readonly number[])[],
  scale: number,
  jitter: number = GP_DEFAULT_JITTER,
): number[][] {
  return inputs.map((xi, i) =>
    inputs.map((xj, j) => {
      let s = 0;
      xi.forEach((v, k) => {
        const d = v - (xj[k] as number);
        s += d * d;
      });
      return matern32(Math.sqrt(s), scale) + (i === j ? jitter : 0);
    }),
  );
}

/**
 * `n` independent standard normal deviates from SeededRandom(seed) by Box–Muller in float64 (pairs: cos, then sin
 * of the same radius).
 */
export function seededNormals(seed: number, n: number): Float64Array {
  const rng = new SeededRandom(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i += 2) {
    const u1 = 1 - rng.next(); // (0, 1]: log is finite
    const u2 = rng.next();
    const radius = Math.sqrt(-2 * Math.log(u1));
    out[i] = radius * Math.cos(2 * Math.PI * u2);
    if (i + 1 < n) out[i + 1] = radius * Math.sin(2 * Math.PI * u2);
  }
  return out;
}

/** What determines a Gaussian-process draw besides its inputs. */
export interface GpDrawOptions {
  readonly kernel: GpKernel;
  /** The kernel's length scale s > 0. */
  readonly scale: number;
  /** Seed of the standard normals z. */
  readonly seed: number;
  /** Added to the diagonal (default {@link GP_DEFAULT_JITTER}). */
  readonly jitter?: number;
}

/**
 * One draw of a zero-mean Gaussian process at the inputs: y = L·z with L the Cholesky factor (float64) of
 * K + jitter·I and z seeded standard normals, so y ~ N(0, K + jitter·I) exactly up to float64 rounding. A kernel
 * matrix that float64 cannot factor (a pivot ≤ 0) is an InputError naming the remedy (a larger jitter).
 */
export function drawGp(inputs: readonly (readonly number[])[], options: GpDrawOptions): Float64Array {
  const { scale, seed, jitter = GP_DEFAULT_JITTER } = options;
  if (!(scale > 0) || !Number.isFinite(scale))
    throw new InputError(`data.scale: expected a finite number > 0, got ${String(scale)}`);
  if (!(jitter >= 0) || !Number.isFinite(jitter))
    throw new InputError(`data.jitter: expected a finite number ≥ 0, got ${String(jitter)}`);
  const n = inputs.length;
  const chol = choleskyF64(gpKernelMatrix(inputs, scale, jitter), { tolerance: 0 });
  if (chol.kind !== 'factored') {
    throw new InputError(
      `data: the Matérn-3/2 kernel matrix at scale ${scale} plus jitter ${jitter} is not positive definite in ` +
        `float64 (pivot ${chol.index + 1} of ${n} is ${chol.pivot}); give a larger data.jitter`,
    );
  }
  const z = seededNormals(seed, n);
  const y = new Float64Array(n);
  chol.l.forEach((row, i) => {
    let s = 0;
    for (let k = 0; k <= i; k++) s += (row[k] as number) * (z[k] as number);
    y[i] = s;
  });
  return y;
}
