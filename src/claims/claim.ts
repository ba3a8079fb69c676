import type { Activation } from '../activations/index.js';
import type { Problem } from '../network/problem.js';
import type { Figure } from '../report/plot/figure.js';

/** Evidence is a flat record of JSON-ready values; high-precision numbers are decimal strings. */
export type Evidence = Readonly<Record<string, string | number | boolean | readonly string[] | null>>;

/**
 * A claim's verdict (issue "verify"), strongest first: `certified` = a rigorous enclosure (ball arithmetic, every
 * rounding error bounded, under the assumptions of docs/ball.md) and a theorem applied to it (Krawczyk, Sylvester's
 * law of inertia; docs/certified.md); `proved` = derived symbolically and confirmed numerically; `verified` =
 * checked numerically (digits and points in the evidence); `refuted` = a counterexample is in the evidence;
 * `not-applicable` = a hypothesis fails (e.g. a non-smooth activation); `inconclusive` = could not decide, with why.
 */
export type Verdict = (
  | { readonly kind: 'certified'; readonly summary: string; readonly evidence: Evidence }
  | { readonly kind: 'proved'; readonly summary: string; readonly evidence: Evidence }
  | { readonly kind: 'verified'; readonly summary: string; readonly evidence: Evidence }
  | { readonly kind: 'refuted'; readonly summary: string; readonly evidence: Evidence }
  | { readonly kind: 'not-applicable'; readonly summary: string; readonly evidence: Evidence }
  | { readonly kind: 'inconclusive'; readonly summary: string; readonly evidence: Evidence }
) &
  VerdictFigures;

/** Any verdict may attach plot data; the report renders it (see figure.ts). */
export interface VerdictFigures {
  readonly figures?: readonly Figure[];
}

export type VerdictKind = Verdict['kind'];

/** What a check may use: the working digits, the activation under test, and a seed for its random points. */
export interface ClaimContext {
  readonly digits: number;
  readonly activation: Activation;
  readonly seed: number;
  /**
   * A user problem (`verify --problem P`). Claims with {@link Claim.acceptsProblem} check it instead of their
   * built-in construction; `verify` reports the others as not-applicable without running them.
   */
  readonly problem?: Problem;
}

/** A claim of the paper (or a derived one), with its statement and a numeric or symbolic check. */
export interface Claim {
  /** Short kebab-case id, e.g. `glu-limit`. */
  readonly id: string;
  readonly title: string;
  readonly statement: string;
  readonly latex: string;
  readonly hypotheses: readonly string[];
  /** Where the claim comes from (paper section, equation or theorem). */
  readonly source: string;
  /** Whether `check` uses {@link ClaimContext.problem} (default false: the claim checks a fixed construction). */
  readonly acceptsProblem?: boolean;
  /**
   * Set when the check builds its own problem with a fixed activation (this registered name) and ignores
   * {@link ClaimContext.activation}: `verify` then runs it once, labelled with this activation, instead of once per
   * activation. Absent: the check uses the context's activation and runs once per activation.
   */
  readonly ownActivation?: string;
  /**
   * Set (to the reason) for a claim that `verify` runs only when named in `--claims`: a claim about one of the
   * paper's experiments whose answer rests on long computations still being completed (its cached data are
   * re-checked when it runs). Absent: the claim is in the default set.
   */
  readonly optIn?: string;
  readonly check: (context: ClaimContext) => Verdict;
}

/** Every verdict kind, strongest first (the order of reports' counts). */
export const VERDICT_KINDS: readonly VerdictKind[] = [
  'certified',
  'proved',
  'verified',
  'refuted',
  'not-applicable',
  'inconclusive',
];

/** `verify` exits 0 only if every claim it ran is certified, proved or verified (a not-applicable or inconclusive
 * verdict is not a success: the user asked for a check that could not be done). */
export function isPassing(kind: VerdictKind): boolean {
  return kind === 'certified' || kind === 'proved' || kind === 'verified';
}
