import type { FigureHeatmap } from '../figure.js';
import { escapeXml } from '../../_internals/escape-xml.js';
import { axisScale, type AxisScale } from '../axis-scale.js';
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
  const t = Math.min(1, Math.max(0, s)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(t));
  const f = t - i;
  const a = VIRIDIS[i] ?? [0, 0, 0];
  const b = VIRIDIS[i + 1] ?? a;
  const hex = (k: 0 | 1 | 2): string =>
    Math.round(a[k] + f * (b[k] - a[k]))
      .toString(16)
      .padStart(2, '0');
  return `#${hex(0)}${hex(1)}${hex(2)}`;
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
): { cells: string; colorbar: string; drawn: number } {
  const zs = axisScale(
    h.scale ?? 'linear',
    h.z.flatMap((row) => row.map(Number)),
  );
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
      const w = zs.transform(Number(value));
      if (rx === undefined || w === undefined) return;
      const [xa, xb] = [rx.lo, rx.hi];
      // Cells overlap by a fraction of a pixel so that anti-aliasing shows no seams between them.
      const left = Math.min(X(xa), X(xb));
      const top = Math.min(Y(ya), Y(yb));
      out.push(
        `<rect x="${coord(left)}" y="${coord(top)}" width="${coord(Math.abs(X(xb) - X(xa)) + 0.5)}" height="${coord(Math.abs(Y(yb) - Y(ya)) + 0.5)}" fill="${viridis((w - zs.lo) / (zs.hi - zs.lo))}"/>`,
      );
      drawn++;
    });
  });
  const steps = 48;
  const strip: string[] = [];
  for (let k = 0; k < steps; k++) {
    const y = bar.top + bar.height - ((k + 1) / steps) * bar.height;
    strip.push(
      `<rect x="${coord(bar.x)}" y="${coord(y)}" width="14" height="${coord(bar.height / steps + 0.5)}" fill="${viridis((k + 0.5) / steps)}"/>`,
    );
  }
  const labels = zs.ticks
    .filter((t) => t.label !== null)
    .map((t) => {
      const y = bar.top + bar.height - ((t.at - zs.lo) / (zs.hi - zs.lo)) * bar.height;
      const sup =
        t.label?.exponent === undefined
          ? ''
          : `<tspan dy="-5" font-size="8">${escapeXml(t.label.exponent)}</tspan>`;
      return (
        `<line x1="${coord(bar.x + 14)}" y1="${coord(y)}" x2="${coord(bar.x + 18)}" y2="${coord(y)}" stroke="#333333"/>` +
        `<text x="${coord(bar.x + 20)}" y="${coord(y + 4)}" font-size="10" fill="#333333">${escapeXml(t.label?.text ?? '')}${sup}</text>`
      );
    });
  const colorbar =
    `<g class="colorbar" data-label="${escapeXml(h.label)}" font-family="system-ui, sans-serif">` +
    `<text x="${coord(bar.x)}" y="${coord(bar.top - 8)}" font-size="11" fill="#111111">${escapeXml(h.label)}</text>` +
    strip.join('') +
    `<rect x="${coord(bar.x)}" y="${coord(bar.top)}" width="14" height="${coord(bar.height)}" fill="none" stroke="#333333"/>` +
    labels.join('') +
    '</g>';
  return {
    cells: `<g class="heatmap" data-cells="${drawn}" shape-rendering="crispEdges">${out.join('')}</g>`,
    colorbar,
    drawn,
  };
}
