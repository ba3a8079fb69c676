import { SYMLOG_SPAN, type FigureHeatmap } from '../figure.js';
import { escapeXml } from '../../_internals/escape-xml.js';
import { axisScale, type AxisScale, type TickLabel } from '../axis-scale.js';
import { coord } from './svg.js';

/** Viridis (van der Walt & Smith), 10 stops: perceptually uniform, readable in grey and by colour-blind readers. */
const VIRIDIS: readonly (readonly [number, number, number])[] = [
  [68, 1, 84],
  [72, 40, 120],
  [62, 73, 137],
  [49, 104, 142],
  [38, 130, 142],
  [31, 158, 137],
  [53, 183, 121],
  [110, 206, 88],
  [181, 222, 43],
  [253, 231, 37],
];

/** The colour at s ∈ [0, 1] (clamped), as #rrggbb. */
export function viridis(s: number): string {
  return interpolate(VIRIDIS, s);
}

/** RdBu (ColorBrewer, Brewer & Harrower), 9 stops, blue → white → red: a diverging scale readable by colour-blind readers. */
const RDBU: readonly (readonly [number, number, number])[] = [
  [33, 102, 172],
  [67, 147, 195],
  [146, 197, 222],
  [209, 229, 240],
  [247, 247, 247],
  [253, 219, 199],
  [244, 165, 130],
  [214, 96, 77],
  [178, 24, 43],
];

/** The diverging colour at s ∈ [−1, 1] (clamped): blue below 0, white at 0, red above. */
export function diverging(s: number): string {
  return interpolate(RDBU, (Math.min(1, Math.max(-1, s)) + 1) / 2);
}

function interpolate(stops: readonly (readonly [number, number, number])[], s: number): string {
  const t = Math.min(1, Math.max(0, s)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(t));
  const f = t - i;
  const a = stops[i] ?? [0, 0, 0];
  const b = stops[i + 1] ?? a;
  const hex = (k: 0 | 1 | 2): string =>
    Math.round(a[k] + f * (b[k] - a[k]))
      .toString(16)
      .padStart(2, '0');
  return `#${hex(0)}${hex(1)}${hex(2)}`;
}

/**
 * How a heat map's values become colours: `position` maps a value to [0, 1] along the colour bar (undefined: not
 * drawn), `colour` a bar position to a colour; `ticks` are bar positions with labels; `note` says which scale it is.
 */
interface ColourScale {
  readonly position: (z: number) => number | undefined;
  readonly colour: (s: number) => string;
  readonly ticks: readonly { readonly at: number; readonly label: TickLabel }[];
  readonly note: string;
}

/** The colour scale of a heat map (see `FigureHeatmap.scale`). */
export function colourScale(h: FigureHeatmap): ColourScale {
  const values = h.z.flatMap((row) => row.map(Number));
  if (h.scale !== 'diverging') {
    const zs = axisScale(h.scale ?? 'linear', values);
    const at = (v: number): number => (v - zs.lo) / (zs.hi - zs.lo);
    return {
      position: (z) => {
        const w = zs.transform(z);
        return w === undefined ? undefined : at(w);
      },
      colour: viridis,
      ticks: zs.ticks.flatMap((t) => (t.label === null ? [] : [{ at: at(t.at), label: t.label }])),
      note: '',
    };
  }
  const center = Number(h.center ?? '0');
  const d = values.filter(Number.isFinite).map((v) => v - center);
  const big = d.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  const M = big > 0 && Number.isFinite(big) ? big : 1;
  // The smaller magnitude that must stay visible: with both signs present, the weaker sign's largest |z − center|;
  // otherwise the median magnitude.
  const pos = d.filter((v) => v > 0).reduce((m, v) => Math.max(m, v), 0);
  const neg = d.filter((v) => v < 0).reduce((m, v) => Math.max(m, -v), 0);
  const mags = d
    .map(Math.abs)
    .filter((v) => v > 0)
    .sort((a, b) => a - b);
  const small = pos > 0 && neg > 0 ? Math.min(pos, neg) : (mags[Math.floor((mags.length - 1) / 2)] ?? 0);
  const symlog = small > 0 && M > SYMLOG_SPAN * small;
  // Linear within ± the decade below that magnitude (so the tick labels are powers of ten), logarithmic beyond.
  const lin = symlog ? 10 ** (Math.floor(Math.log10(small)) - 1) : 0;
  const s = symlog
    ? (v: number): number => (Math.sign(v) * Math.log10(1 + Math.abs(v) / lin)) / Math.log10(1 + M / lin)
    : (v: number): number => v / M;
  const bar = (v: number): number => (s(v) + 1) / 2;
  const ticks: { at: number; label: TickLabel }[] = [];
  if (symlog) {
    ticks.push({ at: bar(0), label: { text: '0' } });
    const decades: number[] = [];
    for (let e = Math.round(Math.log10(lin)); 10 ** e <= M * (1 + 1e-9); e++) decades.push(e);
    // At most four labelled decades a side: every 2nd, 3rd … counted from the largest.
    const every = Math.ceil(decades.length / 4);
    decades
      .filter((_, i) => (decades.length - 1 - i) % every === 0)
      .forEach((e) => {
        const exponent = String(e).replace(/^-/, '\u2212');
        ticks.push({ at: bar(10 ** e), label: { text: '10', exponent } });
        ticks.push({ at: bar(-(10 ** e)), label: { text: '\u221210', exponent } });
      });
  } else {
    const zs = axisScale('linear', [-M, M]);
    for (const t of zs.ticks)
      if (t.label !== null && Math.abs(t.at) <= M * (1 + 1e-9)) ticks.push({ at: bar(t.at), label: t.label });
  }
  const c = h.center ?? '0';
  return {
    position: (z) => (Number.isFinite(z) ? bar(z - center) : undefined),
    colour: (t) => diverging(2 * t - 1),
    ticks: ticks.sort((a, b) => a.at - b.at),
    note:
      `colour: ${h.label} on a diverging scale, white at ${c}` +
      (symlog
        ? `, symmetric log (linear within ±${lin.toExponential(0).replace('-', '\u2212')}, logarithmic beyond)`
        : ', linear'),
  };
}

/** Cell extents in plotted coordinates: halfway to the neighbouring centres, mirrored at both ends. */
function cells(centres: readonly (number | undefined)[]): ({ lo: number; hi: number } | undefined)[] {
  return centres.map((v, i) => {
    if (v === undefined) return undefined;
    const prev = centres[i - 1];
    const next = centres[i + 1];
    const gap = next !== undefined ? next - v : prev !== undefined ? v - prev : 1;
    return {
      lo: prev !== undefined ? (prev + v) / 2 : v - gap / 2,
      hi: next !== undefined ? (v + next) / 2 : v + gap / 2,
    };
  });
}

/**
 * The heatmap's cells (to go under the data, inside the clip path) and its colour bar (to the right of the plot,
 * at `barX`), with `cells` = number of cells drawn.
 */
export function heatmapSvg(
  h: FigureHeatmap,
  xs: AxisScale,
  ys: AxisScale,
  X: (u: number) => number,
  Y: (v: number) => number,
  bar: { readonly x: number; readonly top: number; readonly height: number },
): { cells: string; colorbar: string; drawn: number; note: string } {
  const zs = colourScale(h);
  const ux = h.x.map((v) => xs.transform(Number(v)));
  const vy = h.y.map((v) => ys.transform(Number(v)));
  const [cx, cy] = [cells(ux), cells(vy)];
  const out: string[] = [];
  let drawn = 0;
  h.z.forEach((row, j) => {
    const ry = cy[j];
    if (ry === undefined) return;
    const [ya, yb] = [ry.lo, ry.hi];
    row.forEach((value, i) => {
      const rx = cx[i];
      const w = zs.position(Number(value));
      if (rx === undefined || w === undefined) return;
      const [xa, xb] = [rx.lo, rx.hi];
      // Cells overlap by a fraction of a pixel so that anti-aliasing shows no seams between them.
      const left = Math.min(X(xa), X(xb));
      const top = Math.min(Y(ya), Y(yb));
      out.push(
        `<rect x="${coord(left)}" y="${coord(top)}" width="${coord(Math.abs(X(xb) - X(xa)) + 0.5)}" height="${coord(Math.abs(Y(yb) - Y(ya)) + 0.5)}" fill="${zs.colour(w)}"/>`,
      );
      drawn++;
    });
  });
  const steps = 48;
  const strip: string[] = [];
  for (let k = 0; k < steps; k++) {
    const y = bar.top + bar.height - ((k + 1) / steps) * bar.height;
    strip.push(
      `<rect x="${coord(bar.x)}" y="${coord(y)}" width="14" height="${coord(bar.height / steps + 0.5)}" fill="${zs.colour((k + 0.5) / steps)}"/>`,
    );
  }
  const labels = zs.ticks.map((t) => {
    const y = bar.top + bar.height - t.at * bar.height;
    const sup =
      t.label.exponent === undefined
        ? ''
        : `<tspan dy="-5" font-size="8">${escapeXml(t.label.exponent)}</tspan>`;
    return (
      `<line x1="${coord(bar.x + 14)}" y1="${coord(y)}" x2="${coord(bar.x + 18)}" y2="${coord(y)}" stroke="#333333"/>` +
      `<text x="${coord(bar.x + 20)}" y="${coord(y + 4)}" font-size="10" fill="#333333">${escapeXml(t.label.text)}${sup}</text>`
    );
  });

  const colorbar =
    `<g class="colorbar" data-label="${escapeXml(h.label)}" data-scale="${h.scale ?? 'linear'}" font-family="system-ui, sans-serif">` +
    `<text x="${coord(bar.x)}" y="${coord(bar.top - 8)}" font-size="11" fill="#111111">${escapeXml(h.label)}</text>` +
    strip.join('') +
    `<rect x="${coord(bar.x)}" y="${coord(bar.top)}" width="14" height="${coord(bar.height)}" fill="none" stroke="#333333"/>` +
    labels.join('') +
    '</g>';
  return {
    cells: `<g class="heatmap" data-cells="${drawn}" shape-rendering="crispEdges">${out.join('')}</g>`,
    colorbar,
    drawn,
    note: zs.note,
  };
}
