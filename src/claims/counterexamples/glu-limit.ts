import type { Decimal } from 'decimal.js';
import { pairOutput } from '../../landscape/pair-expansion.js';
import { precision, type Precision } from '../../precision/context.js';
import type { Evaluation, Gene } from '../../search/targeted-search.js';
import { defineSearchableClaim, type SearchSettings } from './searchable-claim.js';

/** The decoded input: one pair point and ε, as exact decimal strings. */
export interface GluLimitInput {
  readonly c: string;
  readonly a: string;
  readonly z: string;
  readonly delta: string;
  readonly eps: string;
}

// z and ε are drawn log-uniformly (mantissa × 10^−exponent): the interesting inputs sit where z is within ε|δ| of
// a point where σ changes character, at every scale.
const GENES: readonly Gene[] = [
  { name: 'c', min: -2000, max: 2000 }, // c = k/1000
  { name: 'a', min: -2000, max: 2000, simplest: 1000 }, // a = k/1000, shrinks to 1
  { name: 'zMantissa', min: -1000, max: 1000 }, // z = k/500 · 10^−e
  { name: 'zExponent', min: 0, max: 6 },
  { name: 'delta', min: -2000, max: 2000, simplest: 1000 }, // δ = k/1000, shrinks to 1
  { name: 'epsMantissa', min: 1, max: 100 }, // ε = k · 10^−e ∈ [10⁻⁸, 0.1]
  { name: 'epsExponent', min: 3, max: 8 },
];

function decode(g: readonly number[]): GluLimitInput {
  const [c = 0, a = 0, zm = 0, ze = 0, d = 0, em = 1, ee = 3] = g;
  const D = precision(40).D;
  const exact = (text: string): string => new D(text).toString();
  return {
    c: exact(`${c}e-3`),
    a: exact(`${a}e-3`),
    z: exact(`${2 * zm}e-${ze + 3}`),
    delta: exact(`${d}e-3`),
    eps: exact(`${em}e-${ee}`),
  };
}

/** Sample points of [z − ε|δ|, z + ε|δ|] at which σ″, σ‴ are bounded. */
const SAMPLES = 5;

/**
 * Taylor's theorem bounds the distance of the pair output from its GLU limit by
 *   |F(ε) − f₀| ≤ ε² ( |c| δ² M₂ / 2 + |a| |δ|³ M₃ / 6 ),  M_k = max |σ^(k)| on [z − ε|δ|, z + ε|δ|]
 * (the symmetric second difference and the central difference quotient with their Lagrange remainders).
 * M_k is estimated from σ^(k) at 5 points of the interval plus a second-order Taylor margin from σ^(k+1), σ^(k+2)
 * there — not an interval enclosure, so a violation needs twice the bound. Points where a derivative does not
 * exist (relu's kink) cannot be sampled: for such σ the "bound" sees only the smooth pieces, which is exactly
 * where the O(ε²) law breaks.
 */
function evaluate(settings: SearchSettings): (input: GluLimitInput) => Evaluation {
  const p = precision(settings.digits);
  const act = settings.activation;
  return (input) => {
    const r = measure(input, act, p);
    if (r === undefined) return { kind: 'invalid', reason: 'σ′(z) does not exist' };
    const allowed = r.bound.times(2).plus(r.noise);
    return {
      kind: 'scored',
      score: r.error.div(r.bound.plus(r.noise)).toNumber(),
      violated: r.error.gt(allowed),
    };
  };
}

interface Measured {
  readonly error: Decimal;
  readonly bound: Decimal;
  readonly noise: Decimal;
  readonly m2: Decimal;
  readonly m3: Decimal;
  readonly glu: Decimal;
  readonly pair: Decimal;
}

function measure(
  input: GluLimitInput,
  act: SearchSettings['activation'],
  p: Precision,
): Measured | undefined {
  const D = p.D;
  const c = new D(input.c);
  const a = new D(input.a);
  const z = new D(input.z);
  const delta = new D(input.delta);
  const eps = new D(input.eps);
  const atZ = act.tryDerivatives(z, 1, p);
  if (atZ.kind === 'non-smooth') return undefined;
  const [s0, s1] = atZ.values as [Decimal, Decimal];
  const glu = c.times(s0).plus(a.times(delta).times(s1));
  const pair = pairOutput(act, { c, a, z, delta }, eps, p);
  const half = eps.times(delta).abs();
  const spacing = half.times(2).div(SAMPLES - 1);
  let m2 = new D(0);
  let m3 = new D(0);
  for (let i = 0; i < SAMPLES; i++) {
    const t = z.minus(half).plus(spacing.times(i));
    const o = act.tryDerivatives(t, 5, p);
    if (o.kind === 'non-smooth') continue;
    const s = o.values.map((v) => v.abs());
    const margin = (k: number): Decimal =>
      (s[k] as Decimal).plus(spacing.div(2).times(s[k + 1] as Decimal)).plus(
        spacing
          .pow(2)
          .div(4)
          .times(s[k + 2] as Decimal),
      );
    m2 = maxOf(m2, margin(2));
    m3 = maxOf(m3, margin(3));
  }
  const bound = eps.pow(2).times(
    c
      .abs()
      .times(delta.pow(2))
      .times(m2)
      .div(2)
      .plus(a.abs().times(delta.abs().pow(3)).times(m3).div(6)),
  );
  // Rounding of F (whose two terms are of size |a/ε|, formed with guard digits) and of f₀ at p digits.
  const noise = pair
    .abs()
    .plus(glu.abs())
    .plus(1)
    .times(new D(10).pow(-(p.digits - 5)));
  return { error: pair.minus(glu).abs(), bound, noise, m2, m3, glu, pair };
}

function maxOf(x: Decimal, y: Decimal): Decimal {
  return x.gte(y) ? x : y;
}

function fmt(x: Decimal): string {
  return x.toSignificantDigits(6).toString();
}

export const gluLimitSearch = defineSearchableClaim<GluLimitInput>({
  id: 'glu-limit',
  statement:
    'the pair output a_i σ(z+εδ) + a_j σ(z−εδ) differs from its GLU limit c σ(z) + a δ σ′(z) by at most ' +
    'ε²(|c|δ²M₂/2 + |a||δ|³M₃/6) with M_k = max|σ^(k)| near z (the O(ε²) error law)',
  scoreNote: '|F(ε) − f₀| over the Taylor bound; a violation needs more than 2',
  defaultActivation: 'tanh',
  defaultBudget: 150,
  baselineByDefault: false,
  space: () => ({ genes: GENES, decode }),
  evaluate,
  describe: (input) => ({ ...input }),
  explain(input, settings) {
    const p = precision(settings.digits);
    const m = measure(input, settings.activation, p);
    if (m === undefined) return 'σ′(z) does not exist at this input';
    const why = settings.activation.smooth
      ? 'which exceeds twice the Taylor bound'
      : `although σ″ and σ‴ vanish wherever they exist near z: ${settings.activation.name} is not differentiable at a point of [z − ε|δ|, z + ε|δ|], so the error is O(ε), not O(ε²)`;
    return (
      `With c = ${input.c}, a = ${input.a}, z = ${input.z}, δ = ${input.delta}, ε = ${input.eps} the pair output ` +
      `differs from the GLU limit by ${fmt(m.error)} while the O(ε²) law allows ${fmt(m.bound)}, ${why}.`
    );
  },
});
