import type { Decimal } from 'decimal.js';
import {
  certifiedLimitCriticalPoints,
  limitModelOf,
  type CertifiedLimitOutcome,
  type LimitCriticalPoint,
} from '../landscape/loss-at-infinity.js';
import type { Activation } from '../activations/index.js';
import { toDataset64, type Dataset64 } from '../network/dataset.js';
import { DATA_GUARD, loadProblem, type Problem } from '../network/problem.js';
import { precision, type Precision } from '../precision/context.js';
import { gaussHermite, gaussHermiteF64 } from '../precision/quadrature/index.js';
import type { Claim, Evidence, Verdict } from './claim.js';
import { fixedProblemCheck } from './_internals/not-smooth.js';
import { PAPER_TOY_REFERENCE, type PaperToyReferencePoint } from './_internals/paper-toy-reference.js';
import { figureSeries, type Figure, type FigureBand } from '../report/plot/figure.js';

/**
 * Digits of every reported value: certified as `flat-channels infinity --problem paper-toy --digits 10` certifies
 * them (the same routine, the same problem, the same scan), i.e. computed at 20 and at 40 working digits, each with
 * the problem's own quadrature realised at that precision, and accepted only when the two agree rounded to 10.
 */
const DIGITS = 10;
/** Significant digits of the plotted curve: far above plotting resolution, far below what float64 earns here. */
const CURVE_DIGITS = 6;

type Certified = Extract<CertifiedLimitOutcome, { kind: 'certified' }>;

/** Comparisons with the reference: exact for 10-digit values against 22-digit references. */
const R = precision(40);

/** |x − ref| in units of the last of `digits` significant digits of x. */
function units(x: Decimal, ref: string, digits: number): number {
  const X = new R.D(x);
  const ulp = X.isZero()
    ? new R.D(10).pow(-digits)
    : new R.D(10).pow(X.abs().log(10).floor().toNumber() - digits + 1);
  return X.minus(ref).abs().div(ulp).toNumber();
}

function compute(): Verdict {
  const problem = loadProblem('paper-toy');
  const p = precision(DIGITS);
  const data = (q: Precision): ReturnType<typeof problem.dataset> => problem.dataset(q);
  const initial = (q: Precision): readonly Decimal[] => problem.initial(q);
  const gluModel = limitModelOf(problem.network, data, initial, [0, 1]);
  const oneModel = limitModelOf(problem.network, data, initial, [0, 1], false);
  const glu = certifiedLimitCriticalPoints(gluModel, p);
  const one = certifiedLimitCriticalPoints(oneModel, p);
  const base: Evidence = {
    problem: 'paper-toy (erf neurons, target erf(5x+2.5)+erf(5x−2.5), x ~ N(0, 1))',
    method:
      `the routine of \`flat-channels infinity --problem paper-toy --digits ${DIGITS}\`: scan w ∈ [0.05, 10], ` +
      `Newton on dℓ/dw, every value computed at ${DIGITS + 10} and ${DIGITS + 30} working digits (the problem's ` +
      `quadrature realised at each) and kept only where both agree to ${DIGITS} digits`,
  };
  for (const [name, o] of [
    ['loss at infinity', glu],
    ['one-neuron network', one],
  ] as const) {
    if (o.kind !== 'certified') {
      return {
        kind: 'inconclusive',
        summary: `the critical points of the ${name} did not reproduce at +20 digits: ${o.reason}`,
        evidence: { ...base, workingDigits: o.workingDigits.join(', ') },
      };
    }
  }
  const g = glu as Certified;
  const o = one as Certified;
  // Every value to exactly the digits it earned (trailing zeros kept: "0.04711602750" has 10).
  const show = (x: Decimal): string => x.toPrecision(DIGITS);
  const zeroA = (k: number): boolean => g.zeros.some((z) => z.point === k && z.field === 'a');
  const evidence: Evidence = {
    ...base,
    kinds: g.points.map((c) => c.kind),
    w: g.points.map((c) => show(c.w)),
    loss: g.points.map((c) => show(c.loss)),
    h: g.points.map((c) => show(c.h)),
    c: g.points.map((c) => show(c.c)),
    a: g.points.map((c, k) => (zeroA(k) ? '0' : show(c.a))),
    oneNeuronW: o.points.map((c) => show(c.w)),
    oneNeuronLoss: o.points.map((c) => show(c.loss)),
  };
  const kinds = g.points.map((c) => c.kind).join(',');
  if (kinds !== 'minimum,saddle,minimum' || o.points.length !== 1) {
    return {
      kind: 'refuted',
      summary: `critical points of ℓ(w, 0) for w > 0: ${kinds}, one-neuron: ${o.points.length}; expected minimum, saddle, minimum and one`,
      evidence,
    };
  }
  const [m1, s, m2] = g.points as [LimitCriticalPoint, LimitCriticalPoint, LimitCriticalPoint];
  const single = o.points[0] as LimitCriticalPoint;

  // Against the independent reference. Error model: a ladder-certified value rounded to DIGITS digits is within
  // 1/2 unit of its last digit of the routine's exact result, and the two rungs' agreement bounds the routine's
  // error by another 1/2 unit; mpmath's values are good to ~20 digits. So each must lie within 1 unit of the
  // 10th digit. A value 3 % off (or one wrong digit anywhere) is refuted.
  const deviations: string[] = [];
  let worst = 0;
  const compare = (label: string, x: Decimal, ref: string): void => {
    const u = units(x, ref, DIGITS);
    worst = Math.max(worst, u);
    if (!(u <= 1))
      deviations.push(
        `${label} = ${show(x)} vs ${new R.D(ref).toSignificantDigits(DIGITS + 2).toString()} (${u.toPrecision(2)} units)`,
      );
  };
  g.points.forEach((pt, k) => {
    const ref = PAPER_TOY_REFERENCE.criticalPoints[k] as PaperToyReferencePoint;
    for (const f of ['w', 'loss', 'c', 'h'] as const) compare(`${f}${k + 1}`, pt[f], ref[f]);
    // The saddle's a is 0 in truth: the ladder reports it as a zero with a bound instead of digits.
    if (k !== 1) compare(`a${k + 1}`, pt.a, ref.a);
  });
  compare('one-neuron w', single.w, PAPER_TOY_REFERENCE.oneNeuron.w);
  compare('one-neuron loss', single.loss, PAPER_TOY_REFERENCE.oneNeuron.loss);
  // The paper's statement: the saddle is the one-neuron network's critical point (a = 0, same w and loss).
  const saddleIsOneNeuron =
    zeroA(1) &&
    units(s.w, single.w.toString(), DIGITS) <= 1 &&
    units(s.loss, single.loss.toString(), DIGITS) <= 1;
  const tolerance =
    `each value within 1 unit of its ${DIGITS}th significant digit of mpmath's (${PAPER_TOY_REFERENCE.generator}): ` +
    `½ unit from rounding the certified value, ½ from the agreement of the two working precisions`;
  const data64 = toDataset64(problem.dataset(precision(17)));
  const curve = lossCurve(problem.network.activation, data64, g.points);
  // ℓ″ at every critical point (the routine's Schur complement of the analytic Hessian, which also classifies the
  // points) against Richardson-extrapolated second differences of ℓ itself, a route through neither the feature
  // derivatives d²φ/dw² nor the Schur complement.
  const curvatures = [
    ...g.points.map((pt, k) => ({ label: `ℓ″${k + 1}`, pt, glu: true })),
    { label: 'one-neuron ℓ″', pt: single, glu: false },
  ].map(({ label, pt, glu }) => ({
    label,
    pt,
    fd: curvatureByDifferences(problem.network.activation, data64, pt.w, glu),
  }));
  const curvatureDeviations: string[] = [];
  let worstCurvature = 0;
  for (const { label, pt, fd } of curvatures) {
    // Allowed: 1 unit of the 10th digit (as for every certified value) plus the difference's own error bound.
    const unit = 10 ** (Math.floor(Math.log10(Math.abs(pt.curvature.toNumber()))) - DIGITS + 1);
    const off = Math.abs(pt.curvature.toNumber() - fd.value);
    const ratio = off / (unit + fd.error);
    worstCurvature = Math.max(worstCurvature, ratio);
    if (!(ratio <= 1))
      curvatureDeviations.push(
        `${label} = ${show(pt.curvature)} vs ${fd.value.toPrecision(DIGITS)} ± ${fd.error.toExponential(1)} from differences of ℓ`,
      );
  }
  let full: Evidence = {
    ...evidence,
    tolerance,
    worstDeviation: `${worst.toPrecision(2)} units of the ${DIGITS}th digit`,
    saddleA: zeroA(1)
      ? `0 (|a| ≤ ${g.zeros.find((z) => z.point === 1 && z.field === 'a')?.bound.toExponential(0) ?? '?'})`
      : show(s.a),
    curve: curve.note,
    curvature: [...g.points.map((c) => show(c.curvature)), `one-neuron ${show(single.curvature)}`],
    curvatureCheck:
      `ℓ″ against Richardson-extrapolated central second differences of ℓ (float64, the problem's quadrature at 17 ` +
      `digits, steps 2^−4 … 2^−7, two extrapolations): allowed 1 unit of the ${DIGITS}th digit plus the ` +
      `difference's error bound (its last two extrapolants' gap + float64 rounding of ℓ, 256·2^−53·ℓ/δ², + ` +
      `2|ℓ‴|·½ unit of w's ${DIGITS}th digit, as w is rounded); ` +
      `worst at ${worstCurvature.toPrecision(2)} of that`,
  };
  const figures = [lossAtInfinityFigure(curve, g.points, single.loss)];
  if (deviations.length > 0) {
    return {
      kind: 'refuted',
      summary: `the certified critical points differ from the independent mpmath values: ${deviations.slice(0, 3).join('; ')}`,
      evidence: { ...full, deviations },
      figures,
    };
  }
  const quadrature = quadratureCheck(problem, [17, DIGITS + 10, DIGITS + 30]);
  full = {
    ...full,
    quadrature: quadrature.note,
    quadratureWorst: `${quadrature.worst.toPrecision(2)} of the tolerance`,
  };
  if (quadrature.deviations.length > 0) {
    return {
      kind: 'refuted',
      summary: `a quadrature under N(0, 1) misses the normal moments: ${quadrature.deviations.slice(0, 3).join('; ')}`,
      evidence: { ...full, quadratureDeviations: quadrature.deviations },
      figures,
    };
  }
  if (curvatureDeviations.length > 0) {
    return {
      kind: 'refuted',
      summary: `the certified curvature ℓ″ differs from differences of ℓ: ${curvatureDeviations.slice(0, 3).join('; ')}`,
      evidence: { ...full, curvatureDeviations },
      figures,
    };
  }
  if (!(m1.h.gt(0) && m2.h.gt(0)) || !saddleIsOneNeuron) {
    return {
      kind: 'refuted',
      summary: `h ≤ 0 at a minimum (h = ${show(m1.h)}, ${show(m2.h)}), or the saddle is not the one-neuron critical point`,
      evidence: full,
      figures,
    };
  }
  if (!curve.ok) {
    return {
      kind: 'inconclusive',
      summary: `the values hold, but the plotted curve disagrees with them: ${curve.note}`,
      evidence: full,
      figures: [],
    };
  }
  return {
    kind: 'verified',
    summary:
      `two minima at infinity, w = ${show(m1.w)} (ℓ = ${show(m1.loss)}, h = ${show(m1.h)}) and w = ${show(m2.w)} ` +
      `(ℓ = ${show(m2.loss)}, h = ${show(m2.h)}), h > 0; between them a saddle with a = 0 at the one-neuron critical ` +
      `point w = ${show(s.w)}, ℓ = ${show(s.loss)}; all ${DIGITS} digits agree with mpmath (worst ${worst.toPrecision(1)} units of the last); ` +
      `ℓ″ agrees with differences of ℓ and the quadratures with the normal moments`,
    evidence: full,
    figures,
  };
}

/** Highest moment E[x^(2k)] checked on the population rules. */
const POPULATION_MOMENTS = 4;
/** Nodes of the Gauss–Hermite rules checked (exact up to degree 2n − 1 = 39), and the Decimal rule's digits. */
const HERMITE_NODES = 20;
const HERMITE_DIGITS = 40;

/**
 * The quadratures under N(0, 1), against the exact moments E[x^(2k)] = (2k − 1)!! (computed at 80 digits):
 *
 * * the problem's own population rules at the precisions the values above were computed at (every value rests on
 *   them), k ≤ POPULATION_MOMENTS. Error model: nodes and weights carry q = p + DATA_GUARD digits, so each
 *   weight is within ½·10^(1−q) relative after the normalisation Σρ = N, which itself (a sum of N rounded terms,
 *   a product and a quotient) moves every weight by at most (N + 2)·½·10^(1−q); a node power x^(2k) adds 2k
 *   roundings; the Gaussian beyond the cut-off is below 10^−(q+8) by the rule's contract, which its polynomial
 *   margin turns into at most 10^−q of the moment; the trapezoidal error e^(−2π²/h²) is far below. Allowed:
 *   (2k − 1)!!·((N + 2k + 3)·½·10^(1−q) + 10^−q).
 * * the toolkit's Gauss–Hermite rules (library routines of src/precision/quadrature: no command calls them, so
 *   this is their only check in verify), Decimal at HERMITE_DIGITS digits and float64, n = HERMITE_NODES, every
 *   moment of degree ≤ 2n − 1 (they are exact there). Error model: n positive terms, each from a weight and a
 *   node power rounded to the rule's precision u (½·10^(1−d), or 2^−53 with 2 ulps for the float64 nodes'
 *   Newton refinement): allowed (2k − 1)!!·(n + 2k + 2)·u (float64: twice that).
 */
function quadratureCheck(
  problem: Problem,
  digitsList: readonly number[],
): { deviations: string[]; worst: number; note: string } {
  const W = precision(80);
  const deviations: string[] = [];
  let worst = 0;
  const judge = (label: string, k: number, got: Decimal, exact: Decimal, allowed: Decimal): void => {
    const ratio = got.minus(exact).abs().div(allowed).toNumber();
    worst = Math.max(worst, ratio);
    if (!(ratio <= 1))
      deviations.push(
        `${label}: E[x^${2 * k}] = ${got.toSignificantDigits(12).toString()} (exact ${exact.toString()}, off by ` +
          `${got.minus(exact).abs().toExponential(1)}, allowed ${allowed.toExponential(1)})`,
      );
  };
  const doubleFactorial = (k: number): Decimal => {
    let f = new W.D(1);
    for (let j = 1; j <= k; j++) f = f.times(2 * j - 1);
    return f;
  };
  for (const p of digitsList) {
    const data = problem.dataset(precision(p));
    const N = data.targets.length;
    const q = p + DATA_GUARD;
    const xs = data.inputs.map((row) => new W.D(row[0] as Decimal));
    const rho = data.weights?.map((w) => new W.D(w)) ?? xs.map(() => new W.D(1));
    for (let k = 0; k <= POPULATION_MOMENTS; k++) {
      const m = xs.reduce((s, x, i) => s.plus((rho[i] as Decimal).times(x.pow(2 * k))), new W.D(0)).div(N);
      const u = new W.D(10).pow(1 - q).div(2);
      const allowed = doubleFactorial(k).times(u.times(N + 2 * k + 3).plus(new W.D(10).pow(-q)));
      judge(`population rule at ${p} digits (${N} nodes)`, k, m, doubleFactorial(k), allowed);
    }
  }
  const dec = gaussHermite(HERMITE_NODES, precision(HERMITE_DIGITS));
  const f64 = gaussHermiteF64(HERMITE_NODES);
  for (const [label, nodes, weights, u] of [
    [
      `Gauss–Hermite, ${HERMITE_NODES} nodes, ${HERMITE_DIGITS} digits`,
      dec.nodes.map((x) => new W.D(x)),
      dec.weights.map((x) => new W.D(x)),
      new W.D(10).pow(1 - HERMITE_DIGITS).div(2),
    ],
    [
      `Gauss–Hermite, ${HERMITE_NODES} nodes, float64`,
      f64.nodes.map((x) => new W.D(x)),
      f64.weights.map((x) => new W.D(x)),
      new W.D(2).pow(-52),
    ],
  ] as const) {
    for (let k = 0; 2 * k <= 2 * HERMITE_NODES - 1; k++) {
      const m = nodes.reduce((s, x, i) => s.plus((weights[i] as Decimal).times(x.pow(2 * k))), new W.D(0));
      judge(label, k, m, doubleFactorial(k), doubleFactorial(k).times(u.times(HERMITE_NODES + 2 * k + 2)));
    }
  }
  return {
    deviations,
    worst,
    note:
      `the normal moments E[x^(2k)] = (2k − 1)!! on the problem's population rules at ${digitsList.join(', ')} ` +
      `digits (k ≤ ${POPULATION_MOMENTS}; allowed (2k − 1)!!·((N + 2k + 3)·½·10^(1−q) + 10^−q), q = p + ` +
      `${DATA_GUARD} the digits the rules carry) and on the ${HERMITE_NODES}-node Gauss–Hermite rules in Decimal ` +
      `(${HERMITE_DIGITS} digits) and float64 (degrees ≤ ${2 * HERMITE_NODES - 1}, where they are exact; allowed ` +
      `(2k − 1)!!·(n + 2k + 2)·u, u = ½·10^(1−d) or 2^−52)`,
  };
}

interface Curve {
  readonly ws: readonly number[];
  readonly loss: readonly number[];
  readonly h: readonly number[];
  readonly ok: boolean;
  readonly note: string;
}

/**
 * ℓ(w, 0) and h on a grid, in float64 from the problem's own quadrature (realised at 17 digits): cheap enough to
 * draw, and checked against the certified losses at the critical points, where it must agree far below plotting
 * resolution (1e-6 relative). Values are plotted to CURVE_DIGITS digits.
 */
function lossCurve(act: Activation, data: Dataset64, critical: readonly LimitCriticalPoint[]): Curve {
  const ws = Array.from({ length: 40 }, (_, k) => (10 + 10 * k) / 100);
  const at = ws.map((w) => limit64(act, data, w));
  let worst = 0;
  for (const c of critical) {
    const e = limit64(act, data, c.w.toNumber());
    worst = Math.max(worst, Math.abs(e.loss - c.loss.toNumber()) / c.loss.toNumber());
  }
  const ok = worst <= 1e-6;
  return {
    ws,
    loss: at.map((e) => e.loss),
    h: at.map((e) => e.h),
    ok,
    note:
      `ℓ(w, 0) drawn from float64 sums over the problem's quadrature at 17 digits (${data.n} nodes), plotted to ` +
      `${CURVE_DIGITS} digits; at the critical points it is within ${worst.toExponential(0)} (relative) of the certified loss`,
  };
}

/**
 * ℓ″(w) in float64 from ℓ alone: D(δ) = (ℓ(w + δ) − 2ℓ(w) + ℓ(w − δ))/δ² = ℓ″ + ℓ⁗δ²/12 + O(δ⁴) at δ = 2^−4 … 2^−7,
 * extrapolated twice in δ² (Richardson: δ² and δ⁴ terms removed). Error bound: the gap between the last two
 * extrapolants (their truncation error falls by ~2⁶ per halving, so the gap bounds the later one), plus the float64
 * rounding of ℓ carried through the smallest-step difference, 4·64·2^−53·ℓ/δ² (64 ulps of ℓ covers the sums over
 * a few hundred nodes and the 2×2 solve, whose error enters ℓ only to second order at the optimal readouts), plus
 * 2|ℓ‴|·½ unit of w's last digit (the differences are taken at the certified w, rounded to DIGITS digits).
 */
function curvatureByDifferences(
  act: Activation,
  data: Dataset64,
  certifiedW: Decimal,
  glu: boolean,
): { value: number; error: number } {
  const w = certifiedW.toNumber();
  const l0 = limit64(act, data, w, glu).loss;
  const D = [4, 5, 6, 7].map((k) => {
    const d = 2 ** -k;
    return (limit64(act, data, w + d, glu).loss - 2 * l0 + limit64(act, data, w - d, glu).loss) / (d * d);
  });
  const r1 = D.slice(1).map((v, i) => (4 * v - (D[i] as number)) / 3);
  const r2 = r1.slice(1).map((v, i) => (16 * v - (r1[i] as number)) / 15);
  const value = r2[r2.length - 1] as number;
  const previous = r2[r2.length - 2] as number;
  const rounding = (4 * 64 * 2 ** -53 * Math.abs(l0)) / 2 ** -14;
  // The certified w is rounded to DIGITS digits (|Δw| ≤ ½ unit) and ℓ″ is taken there, not at the exact critical
  // point: ℓ″ moves by ℓ‴·Δw, with ℓ‴ from the third central difference at δ = 2^−4 (doubled for its own error).
  const d = 2 ** -4;
  const at = (u: number): number => limit64(act, data, u, glu).loss;
  const third = (at(w + 2 * d) - 2 * at(w + d) + 2 * at(w - d) - at(w - 2 * d)) / (2 * d ** 3);
  const halfUnitW = 0.5 * 10 ** (certifiedW.abs().e - DIGITS + 1);
  return { value, error: Math.abs(value - previous) + rounding + 2 * Math.abs(third) * halfUnitW };
}

/**
 * ℓ(w, 0) (readouts from the 2×2 normal equations, loss from the residuals) and h(w) in float64; with `glu` false,
 * the one-neuron ℓ(w) = min over c of E[(c σ(wx) − y)²] (h is then 0).
 */
function limit64(act: Activation, data: Dataset64, w: number, glu = true): { loss: number; h: number } {
  const s = new Float64Array(4);
  let g00 = 0;
  let g01 = 0;
  let g11 = 0;
  let r0 = 0;
  let r1 = 0;
  for (let k = 0; k < data.n; k++) {
    const x = data.inputs[k] as number;
    const rho = data.weights?.[k] ?? 1;
    const t = data.targets[k] as number;
    act.derivatives64(w * x, 1, s);
    const p0 = s[0] as number;
    const p1 = x * (s[1] as number);
    g00 += rho * p0 * p0;
    g01 += rho * p0 * p1;
    g11 += rho * p1 * p1;
    r0 += rho * p0 * t;
    r1 += rho * p1 * t;
  }
  const det = g00 * g11 - g01 * g01;
  const c = glu ? (r0 * g11 - r1 * g01) / det : r0 / g00;
  const a = glu ? (g00 * r1 - g01 * r0) / det : 0;
  let loss = 0;
  let h = 0;
  for (let k = 0; k < data.n; k++) {
    const x = data.inputs[k] as number;
    const rho = data.weights?.[k] ?? 1;
    act.derivatives64(w * x, 3, s);
    const r = c * (s[0] as number) + a * x * (s[1] as number) - (data.targets[k] as number);
    // f₂ = (c/2) δ² σ″ + (a/6) δ³ σ‴ with δ = x (mathematics.md §2).
    const f2 = (c / 2) * x * x * (s[2] as number) + (a / 6) * x * x * x * (s[3] as number);
    loss += rho * r * r;
    h += rho * f2 * 2 * r;
  }
  return { loss: loss / data.n, h: h / data.n };
}

/**
 * ℓ(w, 0) with the intervals where h > 0 shaded (there the point at infinity attracts in ε), the certified critical
 * points, and the one-neuron critical loss as a horizontal line.
 */
function lossAtInfinityFigure(
  curve: Curve,
  critical: readonly LimitCriticalPoint[],
  oneNeuron: Decimal,
): Figure {
  const { ws } = curve;
  const round = (v: number): Decimal => new R.D(v).toSignificantDigits(CURVE_DIGITS);
  const bands: FigureBand[] = [];
  let from: number | undefined;
  const mid = (k: number): string => String(((ws[k - 1] ?? 0) + (ws[k] ?? 0)) / 2);
  curve.h.forEach((h, k) => {
    if (h > 0 && from === undefined) from = k;
    if (!(h > 0) && from !== undefined) {
      bands.push({ label: 'h > 0', from: from === 0 ? String(ws[0]) : mid(from), to: mid(k) });
      from = undefined;
    }
  });
  if (from !== undefined)
    bands.push({
      label: 'h > 0',
      from: from === 0 ? String(ws[0]) : mid(from),
      to: String(ws[ws.length - 1]),
    });
  return {
    id: 'loss-at-infinity',
    title: 'paper-toy: the loss at infinity ℓ(w, 0) (GLU limit, optimal readouts)',
    caption:
      `Shaded: h > 0, where a point at infinity attracts in ε. Two minima of ℓ (two channels) with a saddle between ` +
      `them at the one-neuron critical loss (dashed level). Critical points certified to ${DIGITS} digits; the curve ` +
      `is a float64 evaluation, plotted to ${CURVE_DIGITS} digits.`,
    x: { label: 'w' },
    y: { label: 'ℓ(w, 0)', scale: 'log' },
    series: [
      figureSeries('ℓ(w, 0)', ws, curve.loss.map(round), 'line'),
      figureSeries(
        'critical points',
        critical.map((c) => c.w),
        critical.map((c) => c.loss),
        'points',
        DIGITS,
      ),
      figureSeries(
        'one-neuron critical loss',
        [ws[0] ?? 0, ws[ws.length - 1] ?? 4],
        [oneNeuron, oneNeuron],
        'line',
        DIGITS,
      ),
    ],
    bands,
  };
}

/** The check does not depend on the activation under test (its problem fixes one): computed once per process. */
const check = fixedProblemCheck(compute);

/** The paper's figure 6c: the loss at infinity of its two-erf-neuron toy. */
export const paperToyInfinity: Claim = {
  id: 'paper-toy-infinity',
  ownActivation: 'erf',
  title: 'Two channels at infinity in the paper’s toy problem',
  statement:
    'For the paper-toy problem, ℓ(w, 0) = min over (c, a) of the GLU-limit loss has, for w > 0, two local minima with ' +
    'h > 0 (two channels) and one saddle between them whose loss equals the one-neuron network’s critical loss; ' +
    'their positions, losses, readouts and h agree to 10 digits with an independent mpmath computation, their ' +
    'curvature ℓ″ with differences of ℓ, and the quadratures under N(0, 1) (the problem’s population rules, the ' +
    'Gauss–Hermite rules) integrate the normal moments to the digits they carry.',
  latex:
    "\\ell(w,0)=\\min_{c,a}\\mathbb{E}\\big[(c\\,\\sigma(wx)+a\\,x\\,\\sigma'(wx)-y)^2\\big]:\\ \\text{min, saddle, min};\\ h>0",
  hypotheses: ['σ(x) = erf(x/√2)', 'population loss under x ~ N(0, 1)', 'one input dimension, no biases'],
  source: 'Martinelli et al. 2025, §5 and figure 6c; mathematics.md §2, §5',
  check,
};
