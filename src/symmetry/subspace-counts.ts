import { binomial, factorial, stirling2 } from './combinatorics.js';

/*
 * Counting convention (docs/subspaces.md): the m hidden units of the wide network are labelled 1…m (two
 * subspaces that differ by a relabelling of units are different sets of parameters and are counted twice); the r
 * neurons of the parent critical point θ* are distinguishable (irreducible θ*: pairwise distinct input weights,
 * nonzero readouts). A replication subspace is then a surjection π: {1…m} → {1…r} (unit u copies the input weight
 * of parent π(u); the readouts of a parent's copies sum to its readout); a subspace of the global-minimum
 * manifold of a zero-loss θ* is a map π: {1…m} → {0, 1…r} onto {1…r}, π(u) = 0 marking a zero-type unit (readout
 * 0, input weight free).
 */

function checkWidths(fn: string, r: number, m: number): void {
  for (const [name, v] of [
    ['r', r],
    ['m', m],
  ] as const) {
    if (!Number.isInteger(v) || v < 0 || v > 1000) {
      throw new RangeError(`${fn}: ${name} must be an integer in 0…1000, got ${String(v)}`);
    }
  }
}

/**
 * G(r, m) in our convention: the number of replication subspaces at width m of one irreducible width-r critical
 * point, = the number of surjections of m labelled units onto r parents = r!·S(m, r) (a surjection is a partition
 * of the units into r non-empty blocks, S(m, r) of them, times an assignment of the blocks to the r parents, r!).
 * Zero when m < r.
 */
export function replicationCount(r: number, m: number): bigint {
  checkWidths('replicationCount', r, m);
  return factorial(r) * stirling2(m, r);
}

/**
 * The same count by inclusion–exclusion over the parents missed: Σ_{j=0}^{r} (−1)^j C(r, j) (r − j)^m. An
 * independent closed form (no Stirling recurrence), kept to check {@link replicationCount}.
 */
export function replicationCountInclusionExclusion(r: number, m: number): bigint {
  checkWidths('replicationCountInclusionExclusion', r, m);
  let s = 0n;
  for (let j = 0; j <= r; j++) {
    const term = binomial(r, j) * BigInt(r - j) ** BigInt(m);
    s += j % 2 === 0 ? term : -term;
  }
  return s;
}

/**
 * T(r*, m) in our convention: the number of affine subspaces of the global-minimum (expansion) manifold at width
 * m of one zero-loss width-r* minimum, as the sum over the number k of zero-type units:
 * Σ_{k=0}^{m−r*} C(m, k)·r*!·S(m − k, r*) (choose the zero-type units, surject the rest onto the parents).
 */
export function expansionCountBySum(rStar: number, m: number): bigint {
  checkWidths('expansionCountBySum', rStar, m);
  let s = 0n;
  for (let k = 0; k <= m - rStar; k++) s += binomial(m, k) * replicationCount(rStar, m - k);
  return s;
}

/**
 * T(r*, m) in closed form: r*!·S(m + 1, r* + 1). Derivation: add a phantom element 0 to the m units; a partition
 * of {0, 1…m} into r* + 1 blocks is the block of 0 (its other members are the zero-type units, possibly none)
 * and r* further non-empty blocks, which are assigned to the r* parents in r*! ways. (Equivalently
 * Σ_k C(m, k) S(m − k, r) = S(m + 1, r + 1), the standard recurrence.)
 */
export function expansionCount(rStar: number, m: number): bigint {
  checkWidths('expansionCount', rStar, m);
  return factorial(rStar) * stirling2(m + 1, rStar + 1);
}

/**
 * Subspaces up to relabelling the units (parents still distinguishable): replication subspaces are then the
 * copy counts (c_1, …, c_r), c_i ≥ 1, Σ c_i = m, i.e. the compositions of m into r parts, C(m − 1, r − 1); each
 * stands for m!/(c_1!⋯c_r!) labelled subspaces.
 */
export function replicationOrbitCount(r: number, m: number): bigint {
  checkWidths('replicationOrbitCount', r, m);
  if (r === 0) return m === 0 ? 1n : 0n;
  return m < r ? 0n : binomial(m - 1, r - 1);
}

/** With zero-type units: (k, c_1, …, c_r), k ≥ 0, c_i ≥ 1, summing to m: C(m, r) classes. */
export function expansionOrbitCount(rStar: number, m: number): bigint {
  checkWidths('expansionOrbitCount', rStar, m);
  return binomial(m, rStar);
}

/**
 * Dimension of one subspace: each parent with c copies contributes c − 1 free readouts (the copies' readouts sum
 * to the parent's), each zero-type unit its whole input-weight row (`rowLength` = d, + 1 with hidden biases).
 * With k zero-type units: (m − k − r) + k·rowLength.
 */
export function subspaceDimension(r: number, m: number, zeroType: number, rowLength: number): number {
  if (m - zeroType < r) throw new RangeError('subspaceDimension: fewer non-zero-type units than parents');
  return m - zeroType - r + zeroType * rowLength;
}

/** One row of the G/T table. */
export interface CountRow {
  readonly h: number;
  readonly m: number;
  /** T(r*, m), exact. */
  readonly T: bigint;
  /** G(r* − 1, m), exact. */
  readonly G: bigint;
  /** G/T to 6 significant digits (a decimal string). */
  readonly ratio: string;
}

/** a/b to `digits` significant digits, rounded half up, as a decimal string in exponent form when small/large. */
function ratioString(a: bigint, b: bigint, digits: number): string {
  if (b <= 0n || a < 0n) throw new RangeError('ratioString: expected a ≥ 0, b > 0');
  if (a === 0n) return '0';
  // Find the exponent e with 10^e ≤ a/b < 10^(e+1).
  let e = a.toString().length - b.toString().length;
  const ge = (x: bigint, y: bigint, k: number): boolean =>
    k >= 0 ? x >= y * 10n ** BigInt(k) : x * 10n ** BigInt(-k) >= y;
  if (!ge(a, b, e)) e--;
  const shift = digits - 1 - e;
  const num = shift >= 0 ? a * 10n ** BigInt(shift) : a;
  const den = shift >= 0 ? b : b * 10n ** BigInt(-shift);
  let q = (2n * num + den) / (2n * den);
  let exp = e;
  if (q.toString().length > digits) {
    q /= 10n;
    exp++;
  }
  const s = q.toString();
  const mant = s.length > 1 ? `${s[0]}.${s.slice(1)}` : s;
  return exp === 0 ? mant : `${mant}e${exp >= 0 ? '+' : ''}${exp}`;
}

/**
 * G(r* − 1, m)/T(r*, m) for m = r* + h, h = 0…hMax: the replication subspaces (all saddles or non-global critical
 * points) of one irreducible critical point of width r* − 1 against the subspaces of the global-minimum manifold
 * of one zero-loss minimum of width r*. At h = 0 the ratio is (r* − 1)/2; as h → ∞ it decays like
 * ((r* − 1)/(r* + 1))^m, so for r* ≥ 4 the saddle subspaces dominate at small h and the minima at large h.
 */
export function countTable(rStar: number, hMax: number): CountRow[] {
  if (!Number.isInteger(rStar) || rStar < 2 || rStar > 200) {
    throw new RangeError(`countTable: r* must be an integer in 2…200, got ${String(rStar)}`);
  }
  if (!Number.isInteger(hMax) || hMax < 0 || hMax > 500) {
    throw new RangeError(`countTable: hMax must be an integer in 0…500, got ${String(hMax)}`);
  }
  return Array.from({ length: hMax + 1 }, (_, h) => {
    const m = rStar + h;
    const T = expansionCount(rStar, m);
    const G = replicationCount(rStar - 1, m);
    return { h, m, T, G, ratio: ratioString(G, T, 6) };
  });
}

/** The first h at which G(r* − 1, r* + h) < T(r*, r* + h) (the crossover), or undefined if none up to hMax. */
export function crossover(rStar: number, hMax: number): number | undefined {
  return countTable(rStar, hMax).find((row) => row.G < row.T)?.h;
}
