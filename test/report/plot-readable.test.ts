import { describe, expect, it } from 'vitest';
import type { Figure } from '../../src/report/plot/figure.js';
import { renderFigureSvg } from '../../src/report/plot/index.js';
import { colourScale, diverging } from '../../src/report/plot/_internals/heatmap.js';
import { sweepFigure, type SweepSummary } from '../../src/sweep/aggregate-sweep.js';
import { END_POINT_CLASSES } from '../../src/sweep/classify-end-point.js';

/** Attribute values of every element `tag` in an SVG string. */
function elements(svg: string, tag: string): Record<string, string>[] {
  return [...svg.matchAll(new RegExp(`<${tag}\\b([^>]*)>`, 'g'))].map((m) =>
    Object.fromEntries([...(m[1] ?? '').matchAll(/([\w:-]+)="([^"]*)"/g)].map((a) => [a[1], a[2]])),
  ) as Record<string, string>[];
}

const rgb = (hex: string): [number, number, number] =>
  [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];

/** The pixel x of the x-axis tick labelled at plotted coordinate `at`. */
function tickX(svg: string, at: string): number {
  const t = elements(svg, 'text').find((e) => e['class']?.includes('x-tick-label') && e['data-at'] === at);
  expect(t, `x tick at ${at}`).toBeDefined();
  return Number(t?.['x']);
}

describe('diverging heat maps (the γ–α slice)', () => {
  const field = (z: readonly number[][]): Figure['heatmap'] & object => ({
    label: 'L − L*',
    x: ['0', '1', '2'],
    y: z.map((_, j) => String(j)),
    z: z.map((row) => row.map(String)),
    scale: 'diverging',
  });

  it('is white at the centre, blue below, red above, and symmetric in z − centre', () => {
    const s = colourScale({ ...field([[-2, 0, 1]]), center: '0.5' });
    expect(s.colour(s.position(0.5) ?? NaN)).toBe('#f7f7f7');
    const [r1, , b1] = rgb(s.colour(s.position(-0.5) ?? NaN));
    const [r2, , b2] = rgb(s.colour(s.position(1.5) ?? NaN));
    expect(b1).toBeGreaterThan(r1);
    expect(r2).toBeGreaterThan(b2);
    expect((s.position(0.5 + 1.7) ?? NaN) + (s.position(0.5 - 1.7) ?? NaN)).toBeCloseTo(1, 12);
    expect(s.position(Number.NaN)).toBeUndefined();
    expect([diverging(-5), diverging(0), diverging(5)]).toEqual(['#2166ac', '#f7f7f7', '#b2182b']);
  });

  it('turns to a symmetric log scale when one sign is much weaker, so the weak sign stays visible', () => {
    // The slice's situation: tiny negative values (the sign change near γ = 0, 1) beside large positive ones.
    const lopsided = colourScale(field([[-1e-6, 1e-8, 8e-3]]));
    expect(lopsided.note).toContain('symmetric log');
    expect(lopsided.note).toContain('±1e−7');
    // On a linear scale −1e−6 would sit 1e−6/8e−3 of the half-bar from white: invisible. Here it is well away.
    expect(0.5 - (lopsided.position(-1e-6) ?? NaN)).toBeGreaterThan(0.1);
    // Ticks are signed powers of ten and 0, in bar order.
    const labels = lopsided.ticks.map((t) => `${t.label.text}^${t.label.exponent ?? ''}`);
    expect(labels).toContain('0^');
    expect(labels).toContain('10^−3');
    expect(labels).toContain('−10^−3');
    expect(lopsided.ticks.map((t) => t.at)).toEqual(
      [...lopsided.ticks.map((t) => t.at)].sort((a, b) => a - b),
    );
    // Balanced signs stay linear.
    const balanced = colourScale(field([[-1, 0.5, 1]]));
    expect(balanced.note).toContain('linear');
    expect(balanced.position(-1)).toBeCloseTo(0, 12);
    expect(balanced.position(0.5)).toBeCloseTo(0.75, 12);
  });

  it('the figure says which colour scale it drew, and the axes end at the outer cells', () => {
    const svg = renderFigureSvg({
      id: 'h',
      title: 't',
      x: { label: 'γ' },
      y: { label: 'α' },
      heatmap: field([
        [-1e-6, 1e-8, 8e-3],
        [2e-3, 1e-9, -3e-7],
      ]),
      series: [],
    });
    expect(svg).toContain('data-scale="diverging"');
    expect(svg).toContain('colour: L − L* on a diverging scale, white at 0, symmetric log');
    const frame = elements(svg, 'rect').find((r) => r['class'] === 'frame') ?? {};
    const cells = elements(svg.split('<g class="heatmap"')[1]?.split('</g>')[0] ?? '', 'rect');
    // The first cell starts at the frame's left edge (cells reach halfway to their neighbours: x from −0.5).
    expect(Number(cells[0]?.['x'])).toBeCloseTo(Number(frame['x']), 1);
    expect(Math.max(...cells.map((c) => Number(c['x']) + Number(c['width']) - 0.5))).toBeCloseTo(
      Number(frame['x']) + Number(frame['width']),
      1,
    );
  });
});

describe('rules and trajectories', () => {
  const figure: Figure = {
    id: 'r',
    title: 't',
    x: { label: 'γ' },
    y: { label: 'α' },
    rules: [
      { axis: 'x', at: '0', label: 'γ = 0' },
      { axis: 'x', at: '1', label: 'γ = 1' },
      { axis: 'y', at: '5', label: 'α = 5' },
      { axis: 'x', at: 'NaN', label: 'nowhere' },
    ],
    series: [{ label: 'flow', x: ['-0.5', '0.5', '1.5'], y: ['0.2', '0.1', '0'], trajectory: true }],
  };
  const svg = renderFigureSvg(figure);

  it('draws each rule across the plot at its value, labelled (the axes reach it); a non-finite one is left out', () => {
    const rules = [...svg.matchAll(/<g class="rule" data-rule="([^"]+)"><line ([^>]*)>/g)];
    expect(rules.map((m) => m[1])).toEqual(['γ = 0', 'γ = 1', 'α = 5']);
    const line = (i: number): Record<string, string> =>
      elements(`<line ${rules[i]?.[2] ?? ''}>`, 'line')[0] ?? {};
    expect(Number(line(0)['x1'])).toBeCloseTo(tickX(svg, '0'), 1);
    expect(Number(line(1)['x1'])).toBeCloseTo(tickX(svg, '1'), 1);
    expect(line(0)['x1']).toBe(line(0)['x2']);
  });

  it('marks a trajectory’s start with an open circle and its direction with arrowheads pointing along it', () => {
    const group = svg.split('<g class="series trajectory" data-series="flow"')[1]?.split('</g>')[0] ?? '';
    const path = /d="M([\d.]+) ([\d.]+) L([\d.]+) ([\d.]+) L([\d.]+) ([\d.]+)"/.exec(group);
    expect(path).not.toBeNull();
    const [x0, y0, , , x2, y2] = (path?.slice(1) ?? []).map(Number) as [
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    const start = elements(group, 'circle').find((c) => c['class'] === 'start');
    expect([Number(start?.['cx']), Number(start?.['cy'])]).toEqual([x0, y0]);
    expect(start?.['fill']).toBe('#ffffff');
    const arrows = elements(group, 'polygon').map((p) =>
      (p['points'] ?? '').split(' ').map((xy) => xy.split(',').map(Number) as [number, number]),
    );
    expect(arrows).toHaveLength(2);
    // The last arrow's tip is the end point, and its base lies behind it (towards the start).
    const [tip, b1, b2] = arrows[1] as [[number, number], [number, number], [number, number]];
    expect(tip[0]).toBeCloseTo(x2, 1);
    expect(tip[1]).toBeCloseTo(y2, 1);
    const base = [(b1[0] + b2[0]) / 2, (b1[1] + b2[1]) / 2];
    const along = (tip[0] - (base[0] ?? 0)) * (x2 - x0) + (tip[1] - (base[1] ?? 0)) * (y2 - y0);
    expect(along).toBeGreaterThan(0);
    // Reversed data reverses the arrows.
    const back = renderFigureSvg({
      ...figure,
      series: [
        {
          ...figure.series[0]!,
          x: [...figure.series[0]!.x].reverse(),
          y: [...figure.series[0]!.y].reverse(),
        },
      ],
    });
    const startBack = elements(back, 'circle').find((c) => c['class'] === 'start');
    expect(Number(startBack?.['cx'])).toBeCloseTo(x2, 1);
  });
});

describe('category axes (sweep.svg)', () => {
  it('places each category at its own labelled position, in the given order; unknown names are left out', () => {
    const svg = renderFigureSvg({
      id: 'c',
      title: 't',
      x: { label: 'class', scale: 'category', categories: ['alpha', 'beta', 'gamma'] },
      y: { label: 'fraction' },
      series: [
        { label: 'b', x: ['beta', 'beta'], y: ['0.2', '0.4'], mark: 'points' },
        { label: 'z', x: ['zeta'], y: ['0.3'], mark: 'points' },
      ],
    });
    const labels = elements(svg, 'text').filter((t) => t['class']?.includes('x-tick-label'));
    expect(labels.map((t) => t['data-at'])).toEqual(['1', '2', '3']);
    expect([...svg.matchAll(/x-tick-label"[^>]*>([a-z]+)</g)].map((m) => m[1])).toEqual([
      'alpha',
      'beta',
      'gamma',
    ]);
    const dots = elements(svg.split('data-series="b"')[1]?.split('</g>')[0] ?? '', 'circle');
    expect(dots.map((d) => Number(d['cx']))).toEqual([tickX(svg, '2'), tickX(svg, '2')]);
    expect(svg).toContain('data-series="z" data-points="0" data-dropped="1"');
  });

  it('sweepFigure puts the end-point classes on a category axis, each series at its class', () => {
    const fractions = Object.fromEntries(
      END_POINT_CLASSES.map((c, k) => [c, { count: k, fraction: String(k / 10), lower: '0', upper: '0.5' }]),
    );
    const figure = sweepFigure({
      total: 10,
      problem: 'two-param',
      width: 2,
      train: { optimizer: 'gd' },
      fractions,
    } as unknown as SweepSummary);
    expect(figure.x).toEqual({ label: 'end-point class', scale: 'category', categories: END_POINT_CLASSES });
    figure.series.forEach((s, k) => expect(new Set(s.x)).toEqual(new Set([END_POINT_CLASSES[k]])));
    const svg = renderFigureSvg(figure);
    expect(svg).toContain('>channel<');
    expect(svg).not.toContain('data-dropped="1"');
  });
});
