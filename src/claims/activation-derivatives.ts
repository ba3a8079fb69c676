import type { Decimal } from 'decimal.js';
import { resolveActivation, type Activation } from '../activations/index.js';
import { fromDouble, precision } from '../precision/context.js';
import { SeededRandom } from '../precision/random.js';
import type { Claim, ClaimContext, Evidence, Verdict } from './claim.js';
import { referenceValue } from './_internals/reference-activation.js';
import { richardsonDerivatives } from './_internals/richardson-derivatives.js';

/** Highest derivative checked (the jets); the closed-form fast paths cover orders 0…3. */
const ORDER = 5;
const CLOSED_ORDER = 3;
/**
 * Dyadic points (exact in float64 and in Decimal) on both sides of every branch of the closed forms (|x| < 1/2,
 * < 1, the tails), plus two seeded ones.
 */
const FIXED_POINTS = ['0.3125', '-0.703125', '1.296875', '-2.90625', '6.5', '-9.25'] as const;
const RANDOM_POINTS = 2;
/**
 * Deep-tail points, Decimal paths only (float64 derivatives underflow or lose their relative accuracy there, and
 * their contract is absolute at the scale S). In the tails the derivatives are far below σ (e^−|x| for the logistic
 * family: σ′(−60) ≈ 9e−27), so a path that forms them by cancellation (1 − σ(|x|) for σ(−|x|)) loses ~|x|/2.3 of
 * its digits while the main points above still pass. A tail point whose reference would need more than
 * TAIL_REFERENCE_DIGITS working digits (Gaussian tails: erf′(40) ≈ 1e−348) is listed as out of reach in the evidence
 * rather than checked. Registered activations only: a user formula's contract (Activation) allows it to lose the
 * digits its own cancellations cost (log(cosh(x)) forms σ″ = 1 − tanh² by cancellation, all 52 digits of
 * sech²(−60) ≈ 3e−52), and the command `activation` certifies formulas with its ladder instead.
 */
const TAIL_POINTS = ['-60', '40'] as const;
const TAIL_REFERENCE_DIGITS = 260;
/**
 * Float64 error model: closed forms and jets combine a few correctly rounded special-function values in a handful
 * of operations, so each result is within a few hundred ulps (2⁻⁵² ≈ 2.2e-16) of its scale. Measured on the
 * registered activations at these points (seeds 1–3): closed forms and σ within 1.1e-15 relative, jets within
 * 5.2e-15 of S; the tolerance leaves a factor 10 above the worst.
 */
const FLOAT64_TOLERANCE = 5e-14;

/**
 * The formula routes to a registered σ: a user who types σ's formula (or an equivalent one) as `--activation`
 * reaches the formula layer's Taylor-mode jets (one jet per node of the expression), not the registered closed
 * forms, and `verify` with the default activations would otherwise never evaluate most of them (a wrong log or
 * sqrt recurrence survived it). Each registered activation is checked through its own formula and through
 * equivalent ones that between them use every smooth function of the formula grammar (exp, log, sqrt, u^r with
 * r not an integer, tanh, sinh/cosh, sin/cos, sigmoid, softplus, erf, erfc) against the same independent
 * reference of σ, under the formula contract (Decimal: faithful, 10^(1−d) relative). Float64 jets (within
 * FLOAT64_TOLERANCE of S) through the equivalent formulas only, which are chosen free of cancellation at the checked
 * points: a float64 formula keeps no guard digits, and σ's own formula may cancel (log(1 + exp(x)) at x = −9.25
 * loses 4 of its 16 digits, gelu's x(1 + erf(x/√2))/2 there 12). Main points only: in the deep tails a formula may
 * lose the digits its own cancellations cost.
 */
const EQUIVALENT_FORMULAS: Readonly<Record<string, readonly string[]>> = {
  tanh: ['sinh(x)/cosh(x)', 'tanh(x)*(sin(x)^2 + cos(x)^2)'],
  sigmoid: ['(1 + exp(-x))^(-1.5)*sqrt(1 + exp(-x))', 'exp(x/2)/(2*cosh(x/2))'],
  softplus: ['softplus(x)'],
  erf: ['1 - erfc(x/sqrt(2))'],
  gelu: ['x*erfc(-x/sqrt(2))/2'],
  g: ['sigmoid(4*x) + softplus(x)'],
  silu: ['x*sigmoid(x)', 'x/sqrt(1 + exp(-x))^2'],
};

interface FormulaRoute {
  readonly label: string;
  readonly route: Activation;
  /** Whether its float64 jets are checked too (the equivalent formulas, free of cancellation). */
  readonly float64: boolean;
}

function formulaRoutes(act: Activation): readonly FormulaRoute[] {
  if (act.kind !== 'registered') return [];
  return [act.formula, ...(EQUIVALENT_FORMULAS[act.name] ?? [])].map((f, i) => ({
    label: `formula ${JSON.stringify(f)}`,
    route: resolveActivation(f),
    float64: i > 0,
  }));
}

/** The working digits of the paths under test: the requested ones and a low precision where guard digits matter. */
function checkedDigits(d: number): readonly number[] {
  return d === 16 ? [16] : [d, 16];
}

interface PathResult {
  /** Worst |computed − reference| / tolerance over orders and points (≤ 1 passes). */
  worstRatio: number;
  worstAt: string;
  comparisons: number;
}

/**
 * Every derivative path a user can reach — σ itself (`value`, `value64`), the closed-form fast paths of orders ≤ 3
 * (`derivatives(x, ≤3)`, `derivatives64(x, ≤3)`), and the Taylor-mode jets (`derivatives(x, 5)`,
 * `derivatives64(x, 5)`) — against an independent route: the activation's plain formula evaluated with decimal.js's
 * own elementary functions (reference-activation.ts), differentiated by Richardson-extrapolated central differences
 * at d + 50 digits with an error estimate per order.
 *
 * Tolerances come from the documented contract of `Activation`: registered activations' Decimal results are
 * correctly rounded to d digits (|error| ≤ half a unit in the last place), except near a zero of σ^(k) (within 1/4,
 * judged by |σ^(k)/σ^(k+1)| < 1/4), where the contract is absolute, 10^(1−d) at the scale S = max_j |σ^(j)(x)|;
 * formulas are faithful (10^(1−d) relative); float64 closed forms of registered activations within FLOAT64_TOLERANCE
 * of the same scales, float64 jets and formulas within FLOAT64_TOLERANCE of S. The reference's own error estimate must be below a tenth of the tolerance,
 * otherwise the comparison is inconclusive.
 */
function check(ctx: ClaimContext): Verdict {
  const act = ctx.activation;
  if (!act.smooth) {
    return {
      kind: 'not-applicable',
      summary: `${act.name} is not smooth: its derivatives do not exist everywhere`,
      evidence: { activation: act.name },
    };
  }
  const digitsList = checkedDigits(ctx.digits);
  const rng = new SeededRandom(ctx.seed);
  const points = [
    ...FIXED_POINTS,
    ...Array.from({ length: RANDOM_POINTS }, () => String(rng.int(-4096, 4096) / 1024)),
  ];
  const paths = new Map<string, PathResult>();
  const record = (path: string, ratio: number, at: string): void => {
    const r = paths.get(path) ?? { worstRatio: 0, worstAt: '', comparisons: 0 };
    r.comparisons++;
    if (!(ratio <= r.worstRatio)) {
      r.worstRatio = Number.isNaN(ratio) ? Infinity : ratio;
      r.worstAt = at;
    }
    paths.set(path, r);
  };
  const outOfDomain: string[] = [];
  const undecided: string[] = [];
  let worstReferenceShare = 0;
  let referenceDigits = 0;
  const outOfReach: string[] = [];
  const reachNotes: string[] = [];
  const tailPoints: readonly string[] = act.kind === 'registered' ? TAIL_POINTS : [];
  const tails = new Set<string>(tailPoints);
  const routes = formulaRoutes(act);
  for (const xs of [...points, ...tailPoints]) {
    const tail = tails.has(xs);
    let ref: Reference;
    try {
      ref = reference(act, xs, Math.max(...digitsList), tail ? TAIL_REFERENCE_DIGITS : MAX_REFERENCE_DIGITS);
    } catch (e) {
      if (e instanceof OutOfReach && tail) {
        outOfReach.push(xs);
        reachNotes.push(`x = ${xs}: ${e.message}`);
        continue;
      }
      if (e instanceof RangeError) {
        outOfDomain.push(xs);
        continue;
      }
      throw e;
    }
    referenceDigits = Math.max(referenceDigits, ref.workingDigits);
    const w = precision(ref.workingDigits);
    const compare = (path: string, computed: readonly Decimal[], unit: Rule, digits: string): void => {
      computed.forEach((value, k) => {
        const tol = ref.allowed(k, unit);
        const refErr = at(ref.errors, k);
        const share = tol.isZero() ? 0 : refErr.div(tol).toNumber();
        worstReferenceShare = Math.max(worstReferenceShare, share);
        if (share > 0.1) {
          undecided.push(`${path} k=${k} at x=${xs}`);
          return;
        }
        const err = new w.D(value).minus(at(ref.values, k)).abs();
        const ratio = tol.isZero() ? (err.isZero() ? 0 : Infinity) : err.div(tol).toNumber();
        record(path, ratio, `x=${xs}, k=${k}${digits}`);
      });
    };
    for (const d of digitsList) {
      const p = precision(d);
      const unit: Rule = act.kind === 'registered' ? { rounded: d } : { relative: new w.D(10).pow(1 - d) };
      const tag = `, ${d} digits`;
      const where = tail ? ' (deep tail)' : '';
      compare(`value${where}`, [act.value(xs, p)], unit, tag);
      compare(`closed forms (orders ≤ 3)${where}`, act.derivatives(xs, CLOSED_ORDER, p), unit, tag);
      compare(`jets (orders ≤ ${ORDER})${where}`, act.derivatives(xs, ORDER, p), unit, tag);
      if (tail) continue;
      const faithful: Rule = { relative: new w.D(10).pow(1 - d) };
      for (const { label, route } of routes) {
        compare(`${label} jets (orders ≤ ${ORDER})`, route.derivatives(xs, ORDER, p), faithful, tag);
      }
    }
    if (tail) continue;
    const x64 = Number(xs);
    // Float64 closed forms of registered activations keep relative accuracy in the tails; jets (and formulas) combine
    // terms of the size of the largest derivative, so their error is absolute at that scale.
    const closed64: Rule =
      act.kind === 'registered'
        ? { relative: new w.D(FLOAT64_TOLERANCE) }
        : { scaled: new w.D(FLOAT64_TOLERANCE) };
    const jets64: Rule = { scaled: new w.D(FLOAT64_TOLERANCE) };
    // A non-finite double (NaN, ±Infinity) becomes NaN, which no tolerance accepts.
    const as = (v: Float64Array): Decimal[] =>
      Array.from(v, (y) => (Number.isFinite(y) ? fromDouble(w, y) : new w.D(NaN)));
    if (!Number.isFinite(act.value64(x64))) {
      record('float64 value', Infinity, `x=${xs}: value64 = ${act.value64(x64)}`);
    } else {
      compare('float64 value', [fromDouble(w, act.value64(x64))], closed64, ', float64');
    }
    compare(
      'float64 closed forms (orders ≤ 3)',
      as(act.derivatives64(x64, CLOSED_ORDER)),
      closed64,
      ', float64',
    );
    compare(`float64 jets (orders ≤ ${ORDER})`, as(act.derivatives64(x64, ORDER)), jets64, ', float64');
    for (const { label, route, float64 } of routes) {
      if (float64)
        compare(
          `float64 ${label} jets (orders ≤ ${ORDER})`,
          as(route.derivatives64(x64, ORDER)),
          jets64,
          ', float64',
        );
    }
  }
  let worst = 0;
  let worstPath = '';
  const perPath: string[] = [];
  for (const [path, r] of paths) {
    perPath.push(`${path}: ${r.worstRatio.toPrecision(2)} of tolerance (${r.comparisons} values)`);
    if (r.worstRatio > worst) {
      worst = r.worstRatio;
      worstPath = `${path} at ${r.worstAt}`;
    }
  }
  const comparisons = [...paths.values()].reduce((n, r) => n + r.comparisons, 0);
  const evidence: Evidence = {
    activation: act.name,
    digits: digitsList.map(String).join(', '),
    reference:
      'the formula ' +
      JSON.stringify(act.formula) +
      ' with decimal.js elementary functions, Richardson-extrapolated central differences',
    referenceDigits,
    worstReferenceErrorShareOfTolerance: worstReferenceShare.toPrecision(2),
    points: points.length - outOfDomain.filter((x) => !tails.has(x)).length,
    tailPoints: `${tailPoints.filter((x) => !outOfReach.includes(x) && !outOfDomain.includes(x)).join(', ') || 'none'} (Decimal paths only)`,
    tailOutOfReach:
      outOfReach.length === 0
        ? null
        : `${reachNotes.join('; ')} (the reference is capped at ${TAIL_REFERENCE_DIGITS} working digits in the tails)`,
    outOfDomain: outOfDomain.length === 0 ? null : outOfDomain.join(', '),
    comparisons,
    formulaRoutes:
      routes.length === 0
        ? null
        : `${routes.map((r) => r.label).join(', ')}: the formula layer's jets, Decimal (faithful, 10^(1−d) relative) for all, float64 (within ${FLOAT64_TOLERANCE} of S) for the equivalent formulas (free of cancellation at these points), main points only`,
    paths: perPath,
    tolerance:
      (act.kind === 'registered'
        ? 'Decimal: correctly rounded to d digits (10^(1−d)·S within 1/4 of a zero of σ^(k), S = max_j |σ^(j)|)'
        : 'Decimal: 10^(1−d)·|σ^(k)| (10^(1−d)·S within 1/4 of a zero of σ^(k), S = max_j |σ^(j)|)') +
      `; float64: ${FLOAT64_TOLERANCE} of the same scales (closed forms of registered activations) or of S (jets, formulas)`,
    worstRatioToTolerance: worst.toPrecision(2),
    worstAt: worstPath,
    undecided: undecided.length === 0 ? null : undecided.slice(0, 5).join('; '),
  };
  if (worst > 1) {
    return {
      kind: 'refuted',
      summary: `${worstPath}: off the independent reference by ${worst.toPrecision(3)}× its tolerance`,
      evidence,
    };
  }
  if (comparisons === 0 || undecided.length > 0) {
    return {
      kind: 'inconclusive',
      summary:
        comparisons === 0
          ? 'no point of the activation’s domain could be checked'
          : `the reference was not accurate enough for ${undecided.length} comparisons (e.g. ${undecided[0] ?? ''})`,
      evidence,
    };
  }
  return {
    kind: 'verified',
    summary:
      `σ, the closed forms (orders ≤ 3) and the jets (orders ≤ ${ORDER})` +
      (routes.length === 0 ? '' : `, also through ${routes.length} formulas for σ,`) +
      ` in Decimal at ${digitsList.join(' and ')} ` +
      `digits and in float64, agree with an independent reference at ${points.length - outOfDomain.filter((x) => !tails.has(x)).length} points ` +
      `(Decimal also at ${tailPoints.length - outOfReach.length - outOfDomain.filter((x) => tails.has(x)).length} deep-tail points) ` +
      `(worst at ${worst.toPrecision(2)} of its tolerance)`,
    evidence,
  };
}

/**
 * How close a computed value must be: `rounded` — correctly rounded to that many significant digits (half a unit in
 * the last place; near a zero of σ^(k), 10^(1−d) of the scale S); `relative` — within that fraction of |σ^(k)| (of S
 * near a zero); `scaled` — within that fraction of S.
 */
type Rule = { readonly rounded: number } | { readonly relative: Decimal } | { readonly scaled: Decimal };

interface Reference {
  readonly values: readonly Decimal[];
  readonly errors: readonly Decimal[];
  readonly workingDigits: number;
  /** The tolerance of σ^(k) under `rule` (see {@link check}). */
  allowed(k: number, rule: Rule): Decimal;
}

/** The largest working precision of the reference (the precision contexts stop at 1100). */
const MAX_REFERENCE_DIGITS = 1000;

/**
 * σ^(k)(x), k ≤ ORDER + 1, by the independent route, at a working precision raised until it is accurate enough:
 * first until σ(x) itself agrees between w and w + 20 digits to d + 40 digits (the formula may cancel, as gelu's
 * x(1 + erf(x/√2))/2 does for x ≪ 0), then until every derivative's estimated error is below a tenth of its
 * tolerance at the highest checked precision (derivatives far smaller than σ, as in tails, need more digits).
 */
/** Thrown by {@link reference} when the working digits it needs exceed the cap it was given. */
class OutOfReach extends Error {}

function reference(act: Activation, xs: string, digits: number, maxDigits: number): Reference {
  let w = digits + 50;
  for (;;) {
    const a = referenceValue(act, xs, precision(w));
    const b = referenceValue(act, xs, precision(w + 20));
    // σ = 0 at both precisions in a deep tail is total cancellation of the formula (gelu's x(1 + erf(x/√2))/2 at
    // x = −60 is −6e−783), not agreement: out of reach there.
    if (a.isZero() && b.isZero() && maxDigits < MAX_REFERENCE_DIGITS)
      throw new OutOfReach('the formula cancels to 0');
    const agreed = a.eq(b) || b.isZero() ? w : -a.minus(b).div(b).abs().log(10).toNumber();
    if (agreed >= digits + 40) break;
    w += Math.ceil(digits + 40 - agreed) + 10;
    if (w > maxDigits && maxDigits < MAX_REFERENCE_DIGITS)
      throw new OutOfReach(`σ needs ${w} working digits`);
    if (w > MAX_REFERENCE_DIGITS)
      throw new Error(`activation-derivatives: σ(${xs}) cancels beyond ${w} digits`);
  }
  for (;;) {
    const p = precision(w);
    const x = new p.D(xs);
    const fd = richardsonDerivatives(
      (u) => referenceValue(act, u, p),
      x,
      ORDER + 1,
      w,
      new p.D(10).pow(-(w - 40)),
    );
    const valueError = referenceValue(act, xs, precision(w + 20))
      .minus(at(fd.values, 0))
      .abs();
    const errors = [valueError, ...fd.errors.slice(1)];
    const scale = fd.values.slice(0, ORDER + 1).reduce((m, v) => (v.abs().gt(m) ? v.abs() : m), new p.D(0));
    const allowed = (k: number, rule: Rule): Decimal => {
      const v = at(fd.values, k).abs();
      const nearZero = v.isZero() || v.times(4).lt(at(fd.values, k + 1).abs());
      if ('scaled' in rule) return rule.scaled.times(scale);
      if ('relative' in rule) return rule.relative.times(nearZero ? scale : v);
      const ten = new p.D(10);
      // Half a unit in the last of `rounded` significant digits: the bound of correct rounding.
      return nearZero ? ten.pow(1 - rule.rounded).times(scale) : ten.pow(v.e - rule.rounded + 1).div(2);
    };
    const unit: Rule = { rounded: digits };
    let share = 0;
    for (let k = 0; k <= ORDER; k++) {
      const tol = allowed(k, unit);
      if (!tol.isZero()) share = Math.max(share, at(errors, k).div(tol).toNumber());
    }
    if (share <= 0.1 || w + 20 > MAX_REFERENCE_DIGITS) {
      return { values: fd.values, errors, workingDigits: w, allowed };
    }
    w += Math.ceil(Math.log10(share / 0.1)) + 10;
    if (w > maxDigits && maxDigits < MAX_REFERENCE_DIGITS)
      throw new OutOfReach(`its derivatives need ${w} working digits`);
  }
}

function at(v: readonly Decimal[], k: number): Decimal {
  const x = v[k];
  if (x === undefined) throw new Error(`activation-derivatives: derivative ${k} missing`);
  return x;
}

export const activationDerivatives: Claim = {
  id: 'activation-derivatives',
  title: 'Every derivative path of the activation agrees with an independent reference',
  statement:
    'For each activation, σ(x) and σ^(k)(x), k ≤ 5, as computed by every path a user can reach (Decimal closed forms ' +
    'of orders ≤ 3, Decimal Taylor-mode jets, their float64 counterparts, and the formula layer’s jets of σ’s formula ' +
    'and of equivalent formulas), agree with an independent reference — ' +
    'the activation’s formula evaluated with decimal.js’s own functions and differentiated by Richardson-extrapolated ' +
    'central differences — to the accuracy the activation interface documents (a self-check of the numeric core).',
  latex:
    '\\sigma^{(k)}(x)=\\lim_{h\\to0}\\frac{1}{h^k}\\sum_{j=0}^{k}(-1)^j\\binom{k}{j}\\,\\sigma\\big(x+(\\tfrac{k}{2}-j)h\\big),\\quad k\\le5',
  hypotheses: ['σ is smooth near x'],
  source: 'toolkit self-check (docs/testing.md: every numeric routine against an independent reference)',
  check,
};
