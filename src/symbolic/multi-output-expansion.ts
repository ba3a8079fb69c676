import { SeededRandom } from '../precision/random.js';
import { casCoefficients, casIsZero, loadNerdamer } from './_internals/cas.js';

/**
 * The symbolic part of the vector loss expansion (docs/mathematics.md, "Channels with vector readouts"): per sample
 * the network output is g + f₂ε² + f₄ε⁴ + O(ε⁶) ∈ R^C (g: the other neurons plus the vector GLU f₀), and
 *
 * * squared error: Σ_c (R_c + f₂,c ε² + f₄,c ε⁴)², R = g − y, has ε² coefficient 2 Σ_c R_c f₂,c, ε⁴ coefficient
 *   Σ_c (f₂,c² + 2 R_c f₄,c) and no odd powers (nerdamer expands it);
 * * cross-entropy (label 0; every label is one by relabelling): ℓ(s) = log Σ_c E_c e^{f₂,c s + f₄,c s²} − g₀ − f₂,₀ s −
 *   f₄,₀ s², s = ε², E_c = e^{g_c}, with the exponential of the s-part replaced by its Taylor polynomial through s²
 *   (exact through s²). nerdamer differentiates in s at s = 0: ℓ′(0) = Σ p_c f₂,c − f₂,₀ (p_c = E_c/Σ E, i.e.
 *   (p − e_y)·f₂), checked by expanding ℓ′(0)·ΣE − (Σ E_c f₂,c − f₂,₀ ΣE) to 0; ½ℓ″(0) = Σ p_c f₄,c − f₄,₀ +
 *   ½(Σ p_c f₂,c² − (Σ p_c f₂,c)²) (= (p − e_y)·f₄ + ½ f₂ᵀ(diag p − ppᵀ)f₂), checked by exact rational evaluation of
 *   the difference at seeded random rational points (nerdamer does not reduce that rational function to 0 by itself).
 */
export interface VectorLossExpansionSymbolic {
  readonly outputs: number;
  readonly mseCasInput: string;
  readonly mseHMatches: boolean;
  readonly mseH4Matches: boolean;
  readonly mseOddVanish: boolean;
  readonly ceCasInput: string;
  /** nerdamer's ℓ′(0) and ℓ″(0). */
  readonly ceFirst: string;
  readonly ceSecond: string;
  readonly ceHMatches: boolean;
  readonly ceH4Matches: boolean;
  /** Random rational points at which ½ℓ″(0) − h₄ evaluated to exactly 0. */
  readonly ceH4Points: number;
}

/** The symbolic derivation for C outputs (C ≥ 2; default 3). Loads nerdamer (about 7 s of CPU for C = 3). */
export function vectorLossExpansionSymbolic(outputs = 3, seed = 19): VectorLossExpansionSymbolic {
  if (!Number.isInteger(outputs) || outputs < 2 || outputs > 5)
    throw new RangeError('vectorLossExpansionSymbolic: outputs must be an integer in 2…5');
  const cs = Array.from({ length: outputs }, (_, c) => c);
  const sum = (f: (c: number) => string): string => `(${cs.map(f).join(' + ')})`;
  // Squared error.
  const mseCasInput = sum((c) => `(R${c} + f2${c}*eps^2 + f4${c}*eps^4)^2`);
  const coeffs = casCoefficients(loadNerdamer()(`expand(${mseCasInput})`).toString(), 'eps');
  const at = (k: number): string => coeffs[k] ?? '0';
  const mseHMatches = casIsZero(`(${at(2)}) - 2*${sum((c) => `R${c}*f2${c}`)}`);
  const mseH4Matches = casIsZero(`(${at(4)}) - ${sum((c) => `(f2${c}^2 + 2*R${c}*f4${c})`)}`);
  const mseOddVanish = [1, 3, 5, 7].every((k) => at(k) === '0');
  // Cross-entropy, label 0.
  const ceCasInput =
    `log(${cs.map((c) => `E${c}*(1 + (f2${c}*s + f4${c}*s^2) + (f2${c}*s + f4${c}*s^2)^2/2)`).join(' + ')})` +
    ' - (g0 + f20*s + f40*s^2)';
  const n = loadNerdamer();
  const ceFirst = n(`diff(${ceCasInput}, s)`).sub('s', '0').toString();
  const ceSecond = n(`diff(${ceCasInput}, s, 2)`).sub('s', '0').toString();
  const Z = sum((c) => `E${c}`);
  const m1 = sum((c) => `E${c}*f2${c}`);
  const m2 = sum((c) => `E${c}*f2${c}^2`);
  const m4 = sum((c) => `E${c}*f4${c}`);
  const ceHMatches = n(`expand(simplify((${ceFirst})*${Z} - (${m1} - f20*${Z})))`).toString() === '0';
  const h4 = `((${m4} - f40*${Z})/${Z} + (${m2}*${Z} - ${m1}^2)/(2*${Z}^2))`;
  const rng = new SeededRandom(seed);
  const rational = (positive: boolean): string => {
    const num = Math.floor(rng.next() * 19) + 1;
    const den = Math.floor(rng.next() * 17) + 2;
    return `${positive || rng.next() < 0.5 ? '' : '-'}${num}/${den}`;
  };
  const POINTS = 3;
  let ceH4Points = 0;
  for (let k = 0; k < POINTS; k++) {
    const values: Record<string, string> = {};
    for (const c of cs) {
      values[`E${c}`] = rational(true);
      values[`f2${c}`] = rational(false);
      values[`f4${c}`] = rational(false);
    }
    if (n(`(${ceSecond})/2 - ${h4}`, values).toString() === '0') ceH4Points++;
  }
  return {
    outputs,
    mseCasInput,
    mseHMatches,
    mseH4Matches,
    mseOddVanish,
    ceCasInput,
    ceFirst,
    ceSecond,
    ceHMatches,
    ceH4Matches: ceH4Points === POINTS,
    ceH4Points,
  };
}
