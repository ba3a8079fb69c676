import type { Decimal } from 'decimal.js';

// The figure data type of the report layer. A leaf module (it imports nothing of ours): claims and the sweep import
// it to hand over plot data, without importing any of the report's rendering.

/**
 * Plot data a claim may attach to its verdict (`Verdict.figures`). Claims hand over numbers, never drawings: the
 * report (render-figure-svg.ts) renders them as SVG, and report.json keeps the data so a reader can re-plot it.
 *
 * Every value is a decimal string (`String(double)` or a Decimal's digits), like all numbers in reports. A value
 * that is not finite (`'NaN'`, `'Infinity'`) or, on a log axis, not positive is not drawn: the line breaks there and
 * the figure says how many points it left out.
 */
export interface Figure {
  /** Short kebab-case id, unique among the figures of one verdict (e.g. `error-vs-epsilon`). */
  readonly id: string;
  readonly title: string;
  /** One or two sentences under the plot: what to look for. */
  readonly caption?: string;
  readonly x: FigureAxis;
  readonly y: FigureAxis;
  readonly series: readonly FigureSeries[];
  /** Straight lines in plotted coordinates, e.g. "slope 2" on log–log axes. */
  readonly references?: readonly FigureReference[];
  /** Shaded x-intervals, e.g. the region where h > 0. */
  readonly bands?: readonly FigureBand[];
  /** A scalar field drawn as coloured cells under everything else, with a colour bar (e.g. a loss slice). */
  readonly heatmap?: FigureHeatmap;
  /** Labelled vertical (axis `x`) or horizontal (axis `y`) lines across the plot, e.g. where a sign changes. */
  readonly rules?: readonly FigureRule[];
}

export interface FigureAxis {
  readonly label: string;
  /**
   * `log` plots log₁₀ of the values (decade ticks); `category` places the values named in `categories` at equal
   * steps, in that order, each under its name (series values on this axis are category names, not numbers).
   * Default `linear`.
   */
  readonly scale?: 'linear' | 'log' | 'category';
  /** The categories of a `category` axis, in order. */
  readonly categories?: readonly string[];
}

export interface FigureSeries {
  /** Legend text; unique within the figure. */
  readonly label: string;
  /** Decimal strings; `x` and `y` have equal lengths. */
  readonly x: readonly string[];
  readonly y: readonly string[];
  /** How points are drawn. Default: `line+points` up to 60 points, `line` beyond. */
  readonly mark?: 'line' | 'points' | 'line+points';
  /**
   * A trajectory: its first drawn point gets an open circle (the start) and its path arrowheads pointing the way it
   * runs (halfway along and at the end). Default false.
   */
  readonly trajectory?: boolean;
}

/**
 * The line v − v₀ = slope·(u − u₀) in plotted coordinates (u = log₁₀ x on a log axis, u = x on a linear one, the
 * same for v and y), through the data point `through` = [x₀, y₀]. On log–log axes this is y = y₀ (x/x₀)^slope.
 */
export interface FigureReference {
  /** e.g. `slope 2`, `slope −1/2`. */
  readonly label: string;
  readonly slope: number;
  readonly through: readonly [string, string];
}

/** The shaded interval from ≤ x ≤ to; `'-Infinity'` and `'Infinity'` reach the edge of the plot. */
export interface FigureBand {
  readonly label: string;
  readonly from: string;
  readonly to: string;
}

/**
 * Values z[j][i] at the grid points (x[i], y[j]): each is drawn as a cell reaching halfway to its neighbours (in
 * plotted coordinates). Non-finite values (and, on a log colour scale, non-positive ones) leave their cell empty.
 * Trajectories on top are ordinary series.
 */
export interface FigureHeatmap {
  /** Title of the colour bar, e.g. `L(γ, α)`. */
  readonly label: string;
  /** Grid coordinates, increasing; decimal strings. */
  readonly x: readonly string[];
  readonly y: readonly string[];
  /** One row per y value, each with one value per x value. */
  readonly z: readonly (readonly string[])[];
  /**
   * Colour scale. `linear` and `log` run through viridis from the smallest to the largest value. `diverging` is for
   * a signed field around a reference value `center`: blue below it, white at it, red above it, symmetric in
   * z − center; when the values span more than {@link SYMLOG_SPAN} times their median magnitude it becomes a
   * symmetric log scale (linear within ± the decade of that median, logarithmic beyond), so that small values of
   * either sign stay visible next to large ones. Default `linear`.
   */
  readonly scale?: 'linear' | 'log' | 'diverging';
  /** The value a `diverging` scale is centred on (white), e.g. `'0'` for L − L*. Default `'0'`. */
  readonly center?: string;
}

/** A `diverging` heat map turns to a symmetric log scale when max |z − center| exceeds this × the median. */
export const SYMLOG_SPAN = 30;

/** A straight line across the whole plot at x = `at` (axis `x`) or y = `at` (axis `y`), labelled inside the plot. */
export interface FigureRule {
  readonly axis: 'x' | 'y';
  readonly at: string;
  /** Short text drawn beside the line, e.g. `γ = 0`. */
  readonly label: string;
}

/** Significant digits of figure data by default: more than a plot can resolve, and no more than a double
 * computed by a few operations has earned (a figure's numbers are printed in the report and its JSON). */
export const FIGURE_SERIES_DIGITS = 6;

/**
 * A series from numbers or Decimals, each cut to `digits` significant digits (default {@link FIGURE_SERIES_DIGITS}); a
 * caller whose values have earned more digits, and needs them (e.g. a ratio read back by a test), passes more.
 */
export function figureSeries(
  label: string,
  x: readonly (number | Decimal)[],
  y: readonly (number | Decimal)[],
  mark?: FigureSeries['mark'],
  digits: number = FIGURE_SERIES_DIGITS,
): FigureSeries {
  if (x.length !== y.length) {
    throw new RangeError(`figureSeries "${label}": ${x.length} x values but ${y.length} y values`);
  }
  const text = (v: number | Decimal): string =>
    typeof v === 'number'
      ? Number.isFinite(v)
        ? String(Number(v.toPrecision(digits)))
        : String(v)
      : v.toSignificantDigits(digits).toString();
  const series = { label, x: x.map(text), y: y.map(text) };
  return mark === undefined ? series : { ...series, mark };
}
