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
export function renderFigureSvg(figure: Figure, options: RenderFigureOptions = {}): string {
  const { idPrefix = figure.id, width = 640, height = 380 } = options;
  const id = idPrefix.replace(/[^A-Za-z0-9_-]/g, '_');
  const heat = figure.heatmap;
  const xs = axisScale(figure.x.scale ?? 'linear', [
    ...figure.series.flatMap((s) => s.x.map(Number)),
    ...(heat?.x ?? []).map(Number),
  ]);
  const ys = axisScale(figure.y.scale ?? 'linear', [
    ...figure.series.flatMap((s) => s.y.map(Number)),
    ...(heat?.y ?? []).map(Number),
  ]);

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
  if (heat !== undefined) {
    const bar = { x: plot.left + plot.width + 14, top: plot.top + 16, height: plot.height - 16 };
    const drawn = heatmapSvg(heat, xs, ys, X, Y, bar);
    layers.push(drawn.cells);
    colorbar = drawn.colorbar;
    heatCells = drawn.drawn;
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

  let dropped = 0;
  let total = 0;
  figure.series.forEach((series, i) => {
    const color = pick(SERIES_COLORS, i);
    const drawn = seriesSvg(series, xs, ys, X, Y, color);
    dropped += drawn.dropped;
    total += series.x.length;
    layers.push(drawn.svg);
    legend.push({ kind: 'series', label: series.label, color, dash: '', mark: markOf(series) });
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
  const notes =
    dropped > 0 ? [`${dropped} of ${total} points not shown (not finite, or ≤ 0 on a log axis)`] : [];
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
    path.push(`${pen ? 'L' : 'M'}${px} ${py}`);
    pen = true;
    drawn++;
    if (mark !== 'line') dots.push(`<circle cx="${px}" cy="${py}" r="2.8" fill="${color}"/>`);
  }
  const line =
    mark !== 'points' && path.length > 0
      ? `<path d="${path.join(' ')}" fill="none" stroke="${color}" stroke-width="1.8" stroke-linejoin="round"/>`
      : '';
  return {
    svg:
      `<g class="series" data-series="${escapeXml(series.label)}" data-points="${drawn}" data-dropped="${dropped}">` +
      line +
      dots.join('') +
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
    swatch = line + dot;
  }
  return (
    `<g class="legend-entry" data-legend="${escapeXml(entry.label)}" data-kind="${entry.kind}">${swatch}` +
    `<text x="${coord(x + 30)}" y="${coord(mid + 4)}" font-size="12" fill="#111111" ${FONT}>${escapeXml(entry.label)}</text></g>`
  );
}
