import type { Decimal } from 'decimal.js';
import { precision } from '../../precision/context.js';
import type { ScalarField } from '../../precision/jet/index.js';
import { fixedPointField } from './fixed-point-field.js';
import type { FlowSystem, TaylorNetwork } from './flow-system.js';
import { maxNormLog10, minT, pow10, type StepAttempt, type Stepper } from './stepper.js';
import { taylorCoefficients } from './taylor-series.js';

/** Where the Taylor coefficients are computed: a field G with conversions from and to the system's field T. */
interface TaylorEngine<T, G> {
  readonly F: ScalarField<G>;
  readonly net: TaylorNetwork<G>;
  to(x: T): G;
  from(x: G): T;
  log10Abs(x: G): number;
  /** log₁₀ of the resolution of G: a coefficient that rounds to 0 is only known to be below it. */
  readonly floorLog10: number;
}

function identityEngine<T>(S: FlowSystem<T>, net: TaylorNetwork<T>): TaylorEngine<T, T> {
  return { F: S.F, net, to: (x) => x, from: (x) => x, log10Abs: (x) => S.log10Abs(x), floorLog10: -Infinity };
}

/** Decimal systems compute their coefficients in binary fixed point at the same number of digits. */
function fixedPointEngine(
  S: FlowSystem<Decimal>,
  net: TaylorNetwork<Decimal>,
): TaylorEngine<Decimal, bigint> {
  const p = precision(S.F.digits);
  const G = fixedPointField(p, S.transcendentals);
  const sBits = Math.ceil((p.digits + 3) * Math.log2(10));
  return {
    F: G,
    net: {
      layout: net.layout,
      activation: net.activation,
      inputs: net.inputs.map((row) => row.map(G.fromDecimal)),
      targets: net.targets.map(G.fromDecimal),
      weights: net.weights.map(G.fromDecimal),
    },
    to: G.fromDecimal,
    from: G.toDecimal,
    // 2^−s ≤ 10^−(digits+3); near a minimum the coefficients decay faster than geometrically and underflow.
    floorLog10: -sBits * Math.LOG10E * Math.LN2,
    log10Abs: (x) => {
      if (x === 0n) return -Infinity;
      const a = x < 0n ? -x : x;
      const bits = a.toString(16).length * 4;
      const shift = Math.max(0, bits - 60);
      return Math.log10(Number(a >> BigInt(shift))) + (shift - sBits) * Math.LOG10E * Math.LN2;
    },
  };
}

/**
 * Taylor series integrator (Jorba & Zou 2005): order K = ⌈−ln ε / 2⌉ + 1 for the tolerance ε, and step
 * h = min_{K−7 ≤ k ≤ K} (ε/‖θ_k‖)^{1/k} · e^{−0.5}, so that the last terms are below ε and the
 * coefficients decay geometrically (ratio ≈ e^{−2}) where the series is cut: the truncation error is ≈ ε.
 * ε is relative to max(1, ‖θ‖∞). Every step is accepted; dense output is the polynomial itself.
 */
export function taylorStepper<T>(S: FlowSystem<T>, log10Tol: number): Stepper<T> {
  const net = S.taylor;
  if (net === undefined) throw new RangeError('taylor: the objective exposes no network and dataset');
  if (S.F.kind === 'decimal') {
    const D = S as unknown as FlowSystem<Decimal>;
    return taylorWith(
      S,
      fixedPointEngine(D, net as unknown as TaylorNetwork<Decimal>) as unknown as TaylorEngine<T, bigint>,
      log10Tol,
    );
  }
  return taylorWith(S, identityEngine(S, net), log10Tol);
}

/** The fewest orders a Taylor step uses (the step-size rule reads the last eight). */
const MIN_ORDER = 12;

function taylorWith<T, G>(S: FlowSystem<T>, E: TaylorEngine<T, G>, log10Tol: number): Stepper<T> {
  const K = Math.ceil((-log10Tol * Math.LN10) / 2) + 1;
  const normLog = (v: readonly G[]): number => v.reduce((m, x) => Math.max(m, E.log10Abs(x)), E.floorLog10);
  return {
    name: 'taylor',
    step(y, _h, hMax): StepAttempt<T> {
      const eps = log10Tol + Math.max(0, maxNormLog10(S, y));
      const rho = (theta: readonly (readonly G[])[], k: number): number => {
        const c = normLog(theta[k] as G[]);
        return c === -Infinity ? Infinity : (eps - c) / k;
      };
      // log₁₀ h from the last eight orders; an identically vanishing tail (a critical point, say) allows any step.
      // Jorba & Zou use the last two coefficients; near complex singularities the coefficients oscillate and two
      // consecutive ones can both be accidentally small, which over-estimates h, so the last eight are used.
      const log10Step = (theta: readonly (readonly G[])[]): number => {
        const top = theta.length - 1;
        let minRho = Infinity;
        for (let k = Math.max(1, top - 7); k <= top; k++) minRho = Math.min(minRho, rho(theta, k));
        return minRho - 0.5 / Math.LN10;
      };
      // A step cut short by the end of the interval (a record time, say) needs fewer orders: stop as soon as the
      // last eight orders (at least MIN_ORDER of them) already allow the whole remaining step by the same rule.
      const log10Max = S.log10Abs(hMax);
      const enough = (theta: readonly (readonly G[])[]): boolean =>
        theta.length - 1 >= MIN_ORDER && theta.length - 1 < K && log10Step(theta) >= log10Max;
      const theta = taylorCoefficients(E.F, E.net, y.map(E.to), K, enough);
      S.counters.evaluations++;
      const top = theta.length - 1;
      const log10h = log10Step(theta);
      const hAcc = Number.isFinite(log10h) ? pow10(S, log10h) : hMax;
      const h = minT(S, hAcc, hMax);
      const out = evaluateTaylor(E.F, theta, E.to(h)).map(E.from);
      const log10Error = normLog(theta[top] as G[]) + top * S.log10Abs(h);
      return { accepted: true, h, y: out, hNext: hAcc, log10Error };
    },
  };
}

/** Evaluates the Taylor polynomial θ(τ) = Σ θ_k τ^k (dense output within a step). */
export function evaluateTaylor<G>(F: ScalarField<G>, theta: readonly (readonly G[])[], tau: G): G[] {
  const K = theta.length - 1;
  const out = (theta[K] as G[]).slice();
  for (let k = K - 1; k >= 0; k--) {
    const c = theta[k] as G[];
    for (let i = 0; i < out.length; i++) out[i] = F.add(F.mul(out[i] as G, tau), c[i] as G);
  }
  return out;
}
