import { knownOptions, numberOption, OptionError } from '../../errors.js';
import type { Figure, FigureSeries } from './figure.js';
import { axisScale, type AxisScale, type AxisTick } from './axis-scale.js';
import { heatmapSvg } from './_internals/heatmap.js';
import { escapeXml } from '../_internals/escape-xml.js';
import { BAND_COLORS, REFERENCE_DASHES, SERIES_COLORS, coord, pick, textWidth } from './_internals/svg.js';

export interface RenderFigureOptions {
  /** Prefix of the element ids in the SVG (its clip path); must be unique within a page. Default: the figure id. */
  readonly idPrefix?: string;
  /** Width of the drawing in px. Default 640. */
  readonly width?: number;
  /** Height of the drawing without its legend, in px. Default 380. */
  readonly height?: number;
}

/** Series with more points than this are drawn as a plain line unless their `mark` says otherwise. */
const AUTO_MARK_LIMIT = 60;
const FONT = 'font-family="system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif"';

/**
 * A figure as a standalone SVG element (a string): axes with ticks (decades on log axes), grid, shaded bands,
 * reference lines, series, title, axis labels and a legend below the plot. The output depends only on the input
 * (no clock, no randomness, no measured fonts), so it can be compared and diffed.
 *
 * Points that cannot be drawn (not finite, or ≤ 0 on a log axis) break the line and are counted in a note under
 * the legend; an empty figure gets unit axes and the text "no data". Elements carry `data-*` attributes
 * (`data-figure`, `data-series`, `data-points`, `data-dropped`) so tests can find what was drawn.
 */
export function renderFigureSvg(given: Figure, options: RenderFigureOptions = {}): string {
  const fn = 'renderFigureSvg';
  knownOptions(fn, options, ['idPrefix', 'width', 'height']);
  const { idPrefix = given.id, width = 640, height = 380 } = options;
  if (typeof idPrefix !== 'string') throw new OptionError(fn, 'idPrefix', 'idPrefix must be a string');
  // Beyond 10⁶ px an SVG viewer shows nothing useful; NaN or 0 gave an SVG of NaN coordinates.
  numberOption(fn, 'width', width, { above: 0, max: 1e6 });
  numberOption(fn, 'height', height, { above: 0, max: 1e6 });
  const id = idPrefix.replace(/[^A-Za-z0-9_-]/g, '_');
  const figure = categoriesAsPositions(given);
  const heat = figure.heatmap;
  const axis = (which: 'x' | 'y'): AxisScale => {
    const spec = given[which];
    const values = [
      ...figure.series.flatMap((s) => s[which].map(Number)),
      ...(figure.rules ?? []).filter((r) => r.axis === which).map((r) => Number(r.at)),
    ];
    if (spec.scale === 'category') return categoryScale(spec.categories ?? []);
    const kind = spec.scale ?? 'linear';
    if (heat === undefined) return axisScale(kind, values);
    // A heat map fills the frame: the axis ends at its outer cells (or the data beyond them), not at a round tick.
    const grid = cellExtent(heat[which].map(Number), kind);
    const scale = axisScale(kind, [...values, ...heat[which].map(Number)]);
    if (grid === undefined) return scale;
    const data = values.map(scale.transform).filter((u): u is number => u !== undefined);
    return tightScale(scale, Math.min(grid[0], ...data), Math.max(grid[1], ...data));
  };
  const xs = axis('x');
  const ys = axis('y');

  // With a heat map, its colour bar takes the right margin.
  const margin = {
    top: figure.title === '' ? 14 : 38,
    right: heat === undefined ? 22 : 96,
    bottom: 50,
    left: 74,
  };
  const plot = {
    left: margin.left,
    top: margin.top,
    width: Math.max(40, width - margin.left - margin.right),
    height: Math.max(40, height - margin.top - margin.bottom),
  };
  // Halved differences keep the mapping finite for data near ±1.8e308.
  const X = (u: number): number => plot.left + ((u / 2 - xs.lo / 2) / (xs.hi / 2 - xs.lo / 2)) * plot.width;
  const Y = (v: number): number =>
    plot.top + plot.height - ((v / 2 - ys.lo / 2) / (ys.hi / 2 - ys.lo / 2)) * plot.height;

  const body: string[] = [];
  body.push(
    `<rect x="${coord(plot.left)}" y="${coord(plot.top)}" width="${coord(plot.width)}" height="${coord(plot.height)}" fill="#ffffff" stroke="none"/>`,
  );
  body.push(gridAndTicks(xs, ys, plot, X, Y));
  body.push(
    `<clipPath id="${id}-clip"><rect x="${coord(plot.left)}" y="${coord(plot.top)}" width="${coord(plot.width)}" height="${coord(plot.height)}"/></clipPath>`,
  );

  const legend: LegendEntry[] = [];
  const layers: string[] = [];
  let colorbar = '';
  let heatCells = 0;
  let heatNote = '';
  if (heat !== undefined) {
    const bar = { x: plot.left + plot.width + 14, top: plot.top + 16, height: plot.height - 16 };
    const drawn = heatmapSvg(heat, xs, ys, X, Y, bar);
    layers.push(drawn.cells);
    colorbar = drawn.colorbar;
    heatCells = drawn.drawn;
    heatNote = drawn.note;
  }

  (figure.bands ?? []).forEach((band, i) => {
    const color = pick(BAND_COLORS, i);
    const from = clampedX(xs, Number(band.from), 'from');
    const to = clampedX(xs, Number(band.to), 'to');
    const visible = from !== undefined && to !== undefined && to > from;
    if (visible) {
      layers.push(
        `<rect class="band" data-band="${escapeXml(band.label)}" x="${coord(X(from))}" y="${coord(plot.top)}" width="${coord(X(to) - X(from))}" height="${coord(plot.height)}" fill="${color}" fill-opacity="0.16"/>`,
      );
    }
    legend.push({ kind: 'band', label: band.label, color, dash: '' });
  });

  (figure.references ?? []).forEach((ref, i) => {
    const dash = pick(REFERENCE_DASHES, i);
    legend.push({ kind: 'reference', label: ref.label, color: '#555555', dash });
    const u0 = xs.transform(Number(ref.through[0]));
    const v0 = ys.transform(Number(ref.through[1]));
    if (u0 === undefined || v0 === undefined || !Number.isFinite(ref.slope)) return;
    const seg = visibleLine(u0, v0, ref.slope, xs, ys);
    if (seg === undefined) return;
    const [ua, va, ub, vb] = seg;
    // The label sits near the left end of the visible part, on the side away from where a rising (falling) line
    // is heading, which is where data following the reference usually is not.
    const lx = X(0.96 * ua + 0.04 * ub);
    const ly = Y(0.96 * va + 0.04 * vb);
    layers.push(
      `<g class="reference" data-reference="${escapeXml(ref.label)}"><line x1="${coord(X(ua))}" y1="${coord(Y(va))}" x2="${coord(X(ub))}" y2="${coord(Y(vb))}" stroke="#555555" stroke-width="1.2" stroke-dasharray="${dash}"/>` +
        `<text x="${coord(lx + 4)}" y="${coord(ly + (ref.slope > 0 ? 14 : -6))}" text-anchor="start" font-size="11" fill="#555555" ${FONT}>${escapeXml(ref.label)}</text></g>`,
    );
  });

  (figure.rules ?? []).forEach((rule) => {
    const scale = rule.axis === 'x' ? xs : ys;
    const u = scale.transform(Number(rule.at));
    if (u === undefined || u < scale.lo || u > scale.hi) return;
    const [x1, y1, x2, y2] =
      rule.axis === 'x'
        ? [X(u), plot.top, X(u), plot.top + plot.height]
        : [plot.left, Y(u), plot.left + plot.width, Y(u)];
    const [tx, ty, anchor] =
      rule.axis === 'x' ? [X(u) + 4, plot.top + 13, 'start'] : [plot.left + plot.width - 4, Y(u) - 5, 'end'];
    layers.push(
      `<g class="rule" data-rule="${escapeXml(rule.label)}"><line x1="${coord(x1)}" y1="${coord(y1)}" x2="${coord(x2)}" y2="${coord(y2)}" stroke="#111111" stroke-width="1.3" stroke-dasharray="5 3"/>` +
        `<text x="${coord(tx)}" y="${coord(ty)}" text-anchor="${anchor}" font-size="11" font-weight="600" fill="#111111" stroke="#ffffff" stroke-width="3" paint-order="stroke" ${FONT}>${escapeXml(rule.label)}</text></g>`,
    );
  });

  let dropped = 0;
  let total = 0;
  figure.series.forEach((series, i) => {
    const color = pick(SERIES_COLORS, i);
    const drawn = seriesSvg(series, xs, ys, X, Y, color);
    dropped += drawn.dropped;
    total += series.x.length;
    layers.push(drawn.svg);
    legend.push({
      kind: 'series',
      label: series.label,
      color,
      dash: '',
      mark: markOf(series),
      trajectory: series.trajectory === true,
    });
  });

  body.push(`<g clip-path="url(#${id}-clip)">${layers.join('')}</g>`);
  body.push(
    `<rect x="${coord(plot.left)}" y="${coord(plot.top)}" width="${coord(plot.width)}" height="${coord(plot.height)}" fill="none" stroke="#333333" stroke-width="1" class="frame"/>`,
  );
  body.push(colorbar);
  if (total - dropped === 0 && heatCells === 0) {
    body.push(
      `<text class="no-data" x="${coord(plot.left + plot.width / 2)}" y="${coord(plot.top + plot.height / 2)}" text-anchor="middle" font-size="14" fill="#888888" ${FONT}>no data</text>`,
    );
  }

  // Title and axis labels.
  if (figure.title !== '') {
    body.push(
      `<text class="title" x="${coord(plot.left + plot.width / 2)}" y="22" text-anchor="middle" font-size="15" font-weight="600" fill="#111111" ${FONT}>${escapeXml(figure.title)}</text>`,
    );
  }
  body.push(
    `<text class="x-label" x="${coord(plot.left + plot.width / 2)}" y="${coord(plot.top + plot.height + 40)}" text-anchor="middle" font-size="13" fill="#111111" ${FONT}>${escapeXml(figure.x.label)}</text>`,
  );
  const yMid = plot.top + plot.height / 2;
  body.push(
    `<text class="y-label" x="16" y="${coord(yMid)}" transform="rotate(-90 16 ${coord(yMid)})" text-anchor="middle" font-size="13" fill="#111111" ${FONT}>${escapeXml(figure.y.label)}</text>`,
  );

  // Legend rows under the plot, wrapped to the width.
  const notes = [
    ...(heatNote === '' ? [] : [heatNote]),
    ...(dropped > 0 ? [`${dropped} of ${total} points not shown (not finite, or ≤ 0 on a log axis)`] : []),
  ];
  const laid = layoutLegend(legend, width - 24);
  const legendTop = height + 4;
  const legendSvg = laid.map(({ entry, x, row }) => legendEntrySvg(entry, 12 + x, legendTop + row * 20));
  const noteTop = legendTop + (laid.length === 0 ? 0 : (laid[laid.length - 1]?.row ?? 0) + 1) * 20;
  notes.forEach((note, i) =>
    legendSvg.push(
      `<text class="note" x="12" y="${coord(noteTop + i * 18 + 10)}" font-size="11" font-style="italic" fill="#666666" ${FONT}>${escapeXml(note)}</text>`,
    ),
  );
  const totalHeight = noteTop + notes.length * 18 + 6;

  const caption = figure.caption === undefined ? '' : `<desc>${escapeXml(figure.caption)}</desc>`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="figure" data-figure="${escapeXml(figure.id)}" width="${width}" height="${coord(totalHeight)}" viewBox="0 0 ${width} ${coord(totalHeight)}" role="img" aria-label="${escapeXml(figure.title)}">` +
    `<title>${escapeXml(figure.title)}</title>${caption}` +
    body.join('') +
    `<g class="legend">${legendSvg.join('')}</g>` +
    `</svg>`
  );
}

type Mark = NonNullable<FigureSeries['mark']>;

function markOf(series: FigureSeries): Mark {
  return series.mark ?? (series.x.length <= AUTO_MARK_LIMIT ? 'line+points' : 'line');
}

/** A series as a path (broken where a point cannot be drawn) and/or circles. */
function seriesSvg(
  series: FigureSeries,
  xs: AxisScale,
  ys: AxisScale,
  X: (u: number) => number,
  Y: (v: number) => number,
  color: string,
): { svg: string; dropped: number } {
  const mark = markOf(series);
  const n = Math.min(series.x.length, series.y.length);
  const path: string[] = [];
  const dots: string[] = [];
  const pixels: [number, number][] = [];
  // Unpaired values (x and y of different lengths) cannot be drawn either.
  let dropped = Math.max(series.x.length, series.y.length) - n;
  let drawn = 0;
  let pen = false;
  for (let i = 0; i < n; i++) {
    const u = xs.transform(Number(series.x[i]));
    const v = ys.transform(Number(series.y[i]));
    if (u === undefined || v === undefined) {
      dropped++;
      pen = false;
      continue;
    }
    const px = coord(X(u));
    const py = coord(Y(v));
    pixels.push([X(u), Y(v)]);
    path.push(`${pen ? 'L' : 'M'}${px} ${py}`);
    pen = true;
    drawn++;
    if (mark !== 'line') dots.push(`<circle cx="${px}" cy="${py}" r="2.8" fill="${color}"/>`);
  }
  const line =
    mark !== 'points' && path.length > 0
      ? `<path d="${path.join(' ')}" fill="none" stroke="${color}" stroke-width="${series.trajectory === true ? 2.4 : 1.8}" stroke-linejoin="round"/>`
      : '';
  const markers = series.trajectory === true ? trajectoryMarkers(pixels, color) : '';
  return {
    svg:
      `<g class="series${series.trajectory === true ? ' trajectory' : ''}" data-series="${escapeXml(series.label)}" data-points="${drawn}" data-dropped="${dropped}">` +
      line +
      dots.join('') +
      markers +
      '</g>',
    dropped,
  };
}

/**
 * The part of the line v = v₀ + slope·(u − u₀) inside the plot, as u_a v_a u_b v_b, or undefined if none is.
 * Computed from the u-interval where v is inside [lo, hi] (so a steep line never overflows), with halved
 * differences to stay finite near the ends of the double range.
 */
function visibleLine(
  u0: number,
  v0: number,
  slope: number,
  xs: AxisScale,
  ys: AxisScale,
): Segment | undefined {
  let ua = xs.lo;
  let ub = xs.hi;
  if (slope === 0) {
    if (v0 < ys.lo || v0 > ys.hi) return undefined;
  } else {
    const at = (v: number): number => u0 + ((v / 2 - v0 / 2) / slope) * 2;
    const [p, q] = slope > 0 ? [at(ys.lo), at(ys.hi)] : [at(ys.hi), at(ys.lo)];
    ua = Math.max(ua, p);
    ub = Math.min(ub, q);
    if (!(ua < ub)) return undefined;
  }
  const v = (u: number): number => v0 + slope * ((u / 2 - u0 / 2) * 2);
  const seg: Segment = [ua, v(ua), ub, v(ub)];
  return seg.every(Number.isFinite) ? seg : undefined;
}

/** A band end in plotted x: ±Infinity (or ≤ 0 on a log axis, for `from`) reaches the plot's edge. */
function clampedX(xs: AxisScale, value: number, end: 'from' | 'to'): number | undefined {
  if (Number.isNaN(value)) return undefined;
  if (value === -Infinity || (xs.kind === 'log' && value <= 0)) return end === 'from' ? xs.lo : undefined;
  if (value === Infinity) return end === 'to' ? xs.hi : undefined;
  const u = xs.transform(value);
  return u === undefined ? undefined : Math.min(xs.hi, Math.max(xs.lo, u));
}

function gridAndTicks(
  xs: AxisScale,
  ys: AxisScale,
  plot: { left: number; top: number; width: number; height: number },
  X: (u: number) => number,
  Y: (v: number) => number,
): string {
  const bottom = plot.top + plot.height;
  const right = plot.left + plot.width;
  const out: string[] = [];
  for (const axis of ['x', 'y'] as const) {
    for (const t of (axis === 'x' ? xs : ys).ticks) {
      const p = axis === 'x' ? X(t.at) : Y(t.at);
      const len = t.label === null ? 3 : 6;
      // Grid line and tick as x1 y1 x2 y2; the label's anchor point.
      const [grid, tick, at]: [Segment, Segment, [number, number]] =
        axis === 'x'
          ? [
              [p, plot.top, p, bottom],
              [p, bottom, p, bottom + len],
              [p, bottom + 19],
            ]
          : [
              [plot.left, p, right, p],
              [plot.left - len, p, plot.left, p],
              [plot.left - 9, p + 4],
            ];
      if (t.label !== null) {
        out.push(lineSvg('grid', grid, '#e4e4e4'));
        out.push(tickText(t, at[0], at[1], axis === 'x' ? 'middle' : 'end', axis));
      }
      out.push(lineSvg(`tick ${axis}-tick`, tick, '#333333'));
    }
  }
  return `<g class="axes">${out.join('')}</g>`;
}

type Segment = [number, number, number, number];

function lineSvg(cls: string, [x1, y1, x2, y2]: Segment, stroke: string): string {
  return `<line class="${cls}" x1="${coord(x1)}" y1="${coord(y1)}" x2="${coord(x2)}" y2="${coord(y2)}" stroke="${stroke}" stroke-width="1"/>`;
}

function tickText(t: AxisTick, x: number, y: number, anchor: 'middle' | 'end', axis: 'x' | 'y'): string {
  const label = t.label;
  if (label === null) return '';
  const sup =
    label.exponent === undefined ? '' : `<tspan dy="-6" font-size="9">${escapeXml(label.exponent)}</tspan>`;
  return `<text class="tick-label ${axis}-tick-label" data-at="${String(Number(t.at.toPrecision(12)))}" x="${coord(x)}" y="${coord(y)}" text-anchor="${anchor}" font-size="11" fill="#333333" ${FONT}>${escapeXml(label.text)}${sup}</text>`;
}

interface LegendEntry {
  readonly kind: 'series' | 'reference' | 'band';
  readonly label: string;
  readonly color: string;
  readonly dash: string;
  readonly mark?: Mark;
  readonly trajectory?: boolean;
}

function layoutLegend(
  entries: readonly LegendEntry[],
  maxWidth: number,
): { entry: LegendEntry; x: number; row: number }[] {
  const out: { entry: LegendEntry; x: number; row: number }[] = [];
  let x = 0;
  let row = 0;
  for (const entry of entries) {
    const w = 30 + textWidth(entry.label, 12) + 18;
    if (x > 0 && x + w > maxWidth) {
      x = 0;
      row++;
    }
    out.push({ entry, x, row });
    x += w;
  }
  return out;
}

function legendEntrySvg(entry: LegendEntry, x: number, y: number): string {
  const mid = y + 8;
  let swatch: string;
  if (entry.kind === 'band') {
    swatch = `<rect x="${coord(x)}" y="${coord(y + 1)}" width="24" height="14" fill="${entry.color}" fill-opacity="0.3"/>`;
  } else if (entry.kind === 'reference') {
    swatch = `<line x1="${coord(x)}" y1="${coord(mid)}" x2="${coord(x + 24)}" y2="${coord(mid)}" stroke="${entry.color}" stroke-width="1.2" stroke-dasharray="${entry.dash}"/>`;
  } else {
    const line =
      entry.mark === 'points'
        ? ''
        : `<line x1="${coord(x)}" y1="${coord(mid)}" x2="${coord(x + 24)}" y2="${coord(mid)}" stroke="${entry.color}" stroke-width="1.8"/>`;
    const dot =
      entry.mark === 'line'
        ? ''
        : `<circle cx="${coord(x + 12)}" cy="${coord(mid)}" r="2.8" fill="${entry.color}"/>`;
    const start =
      entry.trajectory === true
        ? `<circle cx="${coord(x + 3)}" cy="${coord(mid)}" r="3.5" fill="#ffffff" stroke="${entry.color}" stroke-width="1.6"/>` +
          arrowHead(x + 24, mid, 1, 0, entry.color)
        : '';
    swatch = line + dot + start;
  }
  return (
    `<g class="legend-entry" data-legend="${escapeXml(entry.label)}" data-kind="${entry.kind}">${swatch}` +
    `<text x="${coord(x + 30)}" y="${coord(mid + 4)}" font-size="12" fill="#111111" ${FONT}>${escapeXml(entry.label)}</text></g>`
  );
}

/**
 * The start (an open circle) and the direction (arrowheads halfway along, by arc length, and at the end) of a
 * trajectory drawn through `pixels`. Nothing when the path has no length.
 */
function trajectoryMarkers(pixels: readonly [number, number][], color: string): string {
  const first = pixels[0];
  if (first === undefined) return '';
  const start = `<circle class="start" cx="${coord(first[0])}" cy="${coord(first[1])}" r="4" fill="#ffffff" stroke="${color}" stroke-width="1.8"/>`;
  const seg: { len: number; a: [number, number]; b: [number, number] }[] = [];
  for (let i = 1; i < pixels.length; i++) {
    const a = pixels[i - 1] as [number, number];
    const b = pixels[i] as [number, number];
    const len = Math.hypot(b[0] - a[0], b[1] - a[1]);
    if (len > 0) seg.push({ len, a, b });
  }
  const total = seg.reduce((s, g) => s + g.len, 0);
  if (total < 1) return start;
  const arrows: string[] = [];
  // Halfway (only on paths long enough to fit two heads) and at the end.
  for (const at of total > 24 ? [0.5, 1] : [1]) {
    let walked = 0;
    for (const g of seg) {
      if (walked + g.len >= at * total - 1e-9) {
        const f = Math.min(1, (at * total - walked) / g.len);
        const [dx, dy] = [(g.b[0] - g.a[0]) / g.len, (g.b[1] - g.a[1]) / g.len];
        arrows.push(arrowHead(g.a[0] + f * (g.b[0] - g.a[0]), g.a[1] + f * (g.b[1] - g.a[1]), dx, dy, color));
        break;
      }
      walked += g.len;
    }
  }
  return start + arrows.join('');
}

/** A filled arrowhead with its tip at (x, y), pointing along the unit vector (dx, dy). */
function arrowHead(x: number, y: number, dx: number, dy: number, color: string): string {
  const [len, half] = [9, 4.5];
  const bx = x - dx * len;
  const by = y - dy * len;
  const pts = [
    [x, y],
    [bx - dy * half, by + dx * half],
    [bx + dy * half, by - dx * half],
  ]
    .map(([u, v]) => `${coord(u ?? 0)},${coord(v ?? 0)}`)
    .join(' ');
  return `<polygon class="arrow" points="${pts}" fill="${color}"/>`;
}

/**
 * A figure whose `category` axes are turned into positions 1…n (values that name no category become NaN and are
 * left out like any undrawable value), so the rest of the renderer sees numbers.
 */
function categoriesAsPositions(figure: Figure): Figure {
  const cat = (which: 'x' | 'y'): ((v: string) => string) | undefined => {
    const spec = figure[which];
    if (spec.scale !== 'category') return undefined;
    const names = spec.categories ?? [];
    return (v) => {
      const i = names.indexOf(v);
      return i < 0 ? 'NaN' : String(i + 1);
    };
  };
  const [fx, fy] = [cat('x'), cat('y')];
  if (fx === undefined && fy === undefined) return figure;
  return {
    ...figure,
    series: figure.series.map((s) => ({
      ...s,
      x: fx === undefined ? s.x : s.x.map(fx),
      y: fy === undefined ? s.y : s.y.map(fy),
    })),
    rules: (figure.rules ?? []).map((r) => {
      const f = r.axis === 'x' ? fx : fy;
      return f === undefined ? r : { ...r, at: f(r.at) };
    }),
  };
}

/** A category axis: positions 1…n, each labelled with its name, half a step of room at both ends. */
function categoryScale(names: readonly string[]): AxisScale {
  const n = Math.max(1, names.length);
  return {
    kind: 'linear',
    lo: 0.5,
    hi: n + 0.5,
    ticks: names.map((name, i) => ({ at: i + 1, label: { text: name } })),
    transform: (v) => (Number.isFinite(v) ? v : undefined),
  };
}

/** The outer edges of a heat map's cells along one axis, in plotted coordinates (undefined if none is drawable). */
function cellExtent(values: readonly number[], kind: 'linear' | 'log'): [number, number] | undefined {
  const u = values
    .map((v) => (kind === 'log' ? (v > 0 ? Math.log10(v) : NaN) : v))
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
  const [first, second] = [u[0], u[1]];
  const [last, before] = [u[u.length - 1], u[u.length - 2]];
  if (first === undefined || last === undefined) return undefined;
  const lo = first - (second === undefined ? 0.5 : (second - first) / 2);
  const hi = last + (before === undefined ? 0.5 : (last - before) / 2);
  return hi > lo ? [lo, hi] : undefined;
}

/** The scale restricted to [lo, hi] (plotted coordinates), keeping the ticks inside. */
function tightScale(scale: AxisScale, lo: number, hi: number): AxisScale {
  const eps = (hi - lo) * 1e-9;
  return { ...scale, lo, hi, ticks: scale.ticks.filter((t) => t.at >= lo - eps && t.at <= hi + eps) };
}
