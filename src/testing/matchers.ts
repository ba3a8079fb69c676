import { Decimal } from 'decimal.js';
import { unflatten, type Layout } from '../network/params.js';
import { precision } from '../precision/context.js';
import { channelCriteria, type ChannelCriteriaOptions, type ParamsLike } from './channel-criteria.js';

/** A network's parameters in any of the shapes the matchers accept. */
export type NetworkLike =
  | ParamsLike
  | { readonly layout: Layout; readonly params: readonly Decimal.Value[] }
  | { readonly network: { readonly layout: Layout }; readonly params: readonly Decimal.Value[] };

interface MatcherResult {
  readonly pass: boolean;
  readonly message: () => string;
}

interface MatcherContext {
  readonly isNot: boolean;
}

function toDecimal(x: unknown, what: string, digits: number): Decimal {
  // Enough digits that x − y is exact to well beyond the digits compared (conversion itself never rounds).
  const D = precision(Math.min(1100, Math.max(60, Math.ceil(digits) + 20))).D;
  if (x instanceof Decimal || (typeof x === 'object' && x !== null && 'toFixed' in x && 'minus' in x)) {
    return new D((x as Decimal).toString());
  }
  if (typeof x === 'string' || typeof x === 'number' || typeof x === 'bigint') return new D(x.toString());
  throw new TypeError(`toAgreeToDigits: ${what} must be a Decimal, a decimal string, a number or a bigint`);
}

/** Significant digits of |x| as a string of digits, `n` long (rounded down, so a digit never changes by rounding). */
function mantissa(x: Decimal, n: number): string {
  return x
    .abs()
    .toSignificantDigits(n, Decimal.ROUND_DOWN)
    .toExponential(n - 1)
    .replace(/^(\d)\.?(\d*)e.*$/, '$1$2');
}

/**
 * `expect(x).toAgreeToDigits(y, d)`: |x − y| ≤ 10^−d · max(|x|, |y|) (two zeros agree). Accepts Decimals of any
 * clone, decimal strings, numbers and bigints. The failure message names the digits that agree and the first
 * one that differs.
 */
function toAgreeToDigits(
  this: MatcherContext,
  received: unknown,
  expected: unknown,
  digits: number,
): MatcherResult {
  if (!Number.isInteger(digits) || digits < 1)
    throw new TypeError('toAgreeToDigits: digits must be a positive integer');
  const x = toDecimal(received, 'the received value', digits);
  const y = toDecimal(expected, 'the expected value', digits);
  const scale = x.abs().gte(y.abs()) ? x.abs() : y.abs();
  const diff = x.minus(y).abs();
  const pass = scale.isZero() || diff.lte(scale.times(`1e-${digits}`));
  const agreeing =
    scale.isZero() || diff.isZero() ? Infinity : Math.max(0, Math.floor(-diff.div(scale).log(10).toNumber()));
  let detail: string;
  if (diff.isZero()) detail = 'they are equal';
  else if (x.isNeg() !== y.isNeg() && !x.isZero() && !y.isZero()) detail = 'they differ in sign';
  else if (x.abs().e !== y.abs().e) detail = `they differ in magnitude (exponents ${x.e} and ${y.e})`;
  else {
    const n = Math.max(digits + 2, 20);
    const mx = mantissa(x, n);
    const my = mantissa(y, n);
    let k = 0;
    while (k < n && mx[k] === my[k]) k++;
    detail =
      k >= n
        ? `their first ${n} digits are equal (relative difference ${diff.div(scale).toSignificantDigits(3).toString()})`
        : `the first ${k} significant digits are equal; digit ${k + 1} differs: ${mx[k] ?? '?'} vs ${my[k] ?? '?'}`;
  }
  const show = (v: Decimal): string => v.toSignificantDigits(Math.min(digits + 5, 120)).toString();
  return {
    pass,
    message: () =>
      this.isNot
        ? `expected ${show(x)} not to agree with ${show(y)} to ${digits} digits, but it does (${detail})`
        : `expected ${show(x)} to agree with ${show(y)} to ${digits} digits; ${detail} ` +
          `(they agree to about ${agreeing} digits)`,
  };
}

function asParams(net: unknown): ParamsLike {
  if (typeof net !== 'object' || net === null) throw new TypeError('toBeInAChannel: expected parameters');
  const o = net as Record<string, unknown>;
  if (Array.isArray(o['w']) && Array.isArray(o['a'])) return o as unknown as ParamsLike;
  const layout = (o['layout'] ?? (o['network'] as { layout?: Layout } | undefined)?.layout) as
    Layout | undefined;
  const flat = o['params'];
  if (layout !== undefined && Array.isArray(flat)) {
    const p = precision(1100);
    return unflatten(
      layout,
      (flat as Decimal.Value[]).map((v) => new p.D(v.toString())),
    );
  }
  throw new TypeError('toBeInAChannel: expected {w, a, b?}, {layout, params} or {network, params}');
}

/**
 * `expect(net).toBeInAChannel(options?)`: the paper's static channel criteria (norm above 10³ and a pair with
 * cosine distance below 10⁻³ and large opposite-sign readouts; see channelCriteria). Static only: confirmation
 * by continuing the flow is `flat-channels detect --confirm`.
 */
function toBeInAChannel(
  this: MatcherContext,
  received: unknown,
  options: ChannelCriteriaOptions = {},
): MatcherResult {
  const r = channelCriteria(asParams(received), options);
  const top = r.pairs[0];
  const pairText =
    top === undefined
      ? 'no neuron pair'
      : `closest pair (${top.i}, ${top.j}): cosine distance ${top.cosineDistance}, |a_i| + |a_j| = ${top.sumAbsA}, ` +
        `readouts ${top.signsOpposite ? 'of opposite signs' : 'of equal signs'}`;
  return {
    pass: r.inChannel,
    message: () =>
      `expected the parameters ${this.isNot ? 'not ' : ''}to be in a channel: ‖θ‖ = ${r.norm}` +
      ` (${r.normLarge ? 'above' : 'not above'} the threshold); ${pairText}`,
  };
}

/** The matchers, for `expect.extend(flatChannelsMatchers)` in a vitest setup file or test. */
export const flatChannelsMatchers = { toAgreeToDigits, toBeInAChannel };

/** The types of the matchers (merged into vitest's `Assertion` by the augmentation below). */
export interface FlatChannelsMatchers<R = unknown> {
  /** |received − expected| ≤ 10^−digits · max(|received|, |expected|). */
  toAgreeToDigits(expected: Decimal.Value | bigint, digits: number): R;
  /** The paper's static channel criteria (norm, pair cosine distance, large opposite-sign readouts). */
  toBeInAChannel(options?: ChannelCriteriaOptions): R;
}

// Brings vitest's types into the program so the augmentation below has a module to merge into (type-only: erased
// from the emitted JavaScript, so importing flat-channels/testing never loads vitest at run time).
import type {} from 'vitest';

declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any, @typescript-eslint/no-empty-object-type
  interface Matchers<T = any> extends FlatChannelsMatchers<T> {}
}
