/**
 * The fraction ‖Π_k g‖²/‖g‖² of a gradient g in the span of the eigenvectors of the k largest eigenvalues, given
 * a symmetric eigendecomposition with values ascending and vectors as columns (`vectors[i][j]` = component i of
 * eigenvector j, as `symmetricEigenF64` returns). For a random direction its expectation is k/D.
 */
export function topEigenspaceFraction(
  values: readonly number[],
  vectors: readonly (readonly number[])[],
  gradient: Float64Array,
  k: number,
): number {
  const D = values.length;
  if (gradient.length !== D || vectors.length !== D)
    throw new RangeError(`topEigenspaceFraction: dimension ${D} but gradient of ${gradient.length}`);
  if (!Number.isInteger(k) || k < 0 || k > D)
    throw new RangeError(`topEigenspaceFraction: need 0 ≤ k ≤ ${D}, got ${k}`);
  let total = 0;
  for (let i = 0; i < D; i++) total += (gradient[i] as number) ** 2;
  let inside = 0;
  for (let j = D - k; j < D; j++) {
    let s = 0;
    for (let i = 0; i < D; i++)
      s += ((vectors[i] as readonly number[])[j] as number) * (gradient[i] as number);
    inside += s * s;
  }
  return inside / total;
}
