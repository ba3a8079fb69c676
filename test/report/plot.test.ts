import { fc, test as fcTest } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import type { Figure } from '../../src/report/plot/figure.js';
import { figureSeries } from '../../src/report/plot/figure.js';
import { axisScale, linearTicks, logTicks, renderFigureSvg } from '../../src/report/plot/index.js';
import { viridis } from '../../src/report/plot/_internals/heatmap.js';

/** Attribute values of every element matching `tag` with `attr` in an SVG string (a small, strict reader). */
function elements(svg: string, tag: string): Record<string, string>[] {
  const out: Record<string, string>[] = [];
  for (const m of svg.matchAll(new RegExp(`<${tag}\\b([^>]*)>`, 'g'))) {
    const attrs: Record<string, string> = {};
    for (const a of (m[1] ?? '').matchAll(/([\w:-]+)="([^"]*)"/g)) attrs[a[1] ?? ''] = a[2] ?? '';
    out.push(attrs);
  }
  return out;
}

/** Every opening tag is closed in order (the renderer writes XML, so this catches unbalanced output). */
function expectWellFormed(svg: string): void {
  const stack: string[] = [];
  for (const m of svg.matchAll(/<(\/?)([a-zA-Z]+)\b[^>]*?(\/?)>/g)) {
    const [, close, name = '', selfClose] = m;
    if (selfClose === '/') continue;
    if (close === '/') expect(stack.pop()).toBe(name);
    else stack.push(name);
  }
  expect(stack).toEqual([]);
  expect(svg.startsWith('<svg ')).toBe(true);
}

const base: Figure = {
  id: 'f',
  title: 'A & B <test>',
  x: { label: 'ε', scale: 'log' },
  y: { label: 'error', scale: 'log' },
  series: [],
};

describe('linearTicks', () => {
  it('covers the data with 1, 2 or 5 × 10^k steps and ticks at both ends', () => {
    expect(linearTicks(0, 1)).toEqual({ lo: 0, hi: 1, step: 0.2, values: [0, 0.2, 0.4, 0.6, 0.8, 1] });
    expect(linearTicks(-5, 5).values).toEqual([-6, -4, -2, 0, 2, 4, 6]);
    expect(linearTicks(0.001, 0.003).values).toEqual([0.001, 0.0015, 0.002, 0.0025, 0.003]);
  });

  it('covers a narrow range far from 0, where min/step rounds up to a whole number (found by the law below)', () => {
    const min = 999999.9999999999;
    const max = min + 1e-6;
    const t = linearTicks(min, max);
    expect(t.lo).toBeLessThanOrEqual(min);
    expect(t.hi).toBeGreaterThanOrEqual(max);
    expect(t.values.length).toBeLessThanOrEqual(13);
  });

  fcTest.prop([
    fc.double({ min: -1e6, max: 1e6, noNaN: true }),
    fc.double({ min: 1e-6, max: 1e6, noNaN: true }),
  ])(
    'any range: the domain contains the data, steps are nice, 3 to 13 ticks, equally spaced',
    (min, span) => {
      const max = min + span;
      const t = linearTicks(min, max);
      // Data within 1e-9 of a step beyond a tick counts as on it (rounding slack of the tick computation).
      expect(t.lo).toBeLessThanOrEqual(min + 1e-9 * t.step);
      expect(t.hi).toBeGreaterThanOrEqual(max - 1e-9 * t.step);
      const mantissa = t.step / 10 ** Math.floor(Math.log10(t.step) + 1e-12);
      expect([1, 2, 5, 10].some((m) => Math.abs(mantissa - m) < 1e-9)).toBe(true);
      expect(t.values.length).toBeGreaterThanOrEqual(3);
      expect(t.values.length).toBeLessThanOrEqual(13);
      t.values.forEach((v, i) => expect(v).toBeCloseTo(t.lo + i * t.step, 9 - Math.log10(t.step + 1)));
    },
  );

  it('widens a degenerate or invalid range instead of dividing by zero', () => {
    expect(linearTicks(0, 0).lo).toBeLessThan(0);
    expect(linearTicks(0, 0).hi).toBeGreaterThan(0);
    const t = linearTicks(3, 3);
    expect(t.lo).toBeLessThan(3);
    expect(t.hi).toBeGreaterThan(3);
    expect(linearTicks(NaN, 1)).toEqual(linearTicks(0, 1));
    expect(linearTicks(2, 1)).toEqual(linearTicks(0, 1));
  });
});

describe('logTicks', () => {
  it('widens to whole decades and labels each decade on short axes, with 2…9 subticks', () => {
    const t = logTicks(3e-5, 0.5);
    expect([t.lo, t.hi, t.stride]).toEqual([-5, 0, 1]);
    expect(t.major).toEqual([-5, -4, -3, -2, -1, 0]);
    // 8 subticks in each of the 5 decades, at log10(m) above the decade.
    expect(t.minor).toHaveLength(40);
    expect(t.minor[0]).toBeCloseTo(-5 + Math.log10(2), 14);
  });

  it('an exact power of ten does not add a decade; a value inside one decade gets that decade', () => {
    expect([logTicks(1e-7, 1).lo, logTicks(1e-7, 1).hi]).toEqual([-7, 0]);
    expect([logTicks(2, 8).lo, logTicks(2, 8).hi]).toEqual([0, 1]);
    expect([logTicks(10, 10).lo, logTicks(10, 10).hi]).toEqual([1, 2]);
  });

  it('thins labels on wide axes to every 2nd, 5th, 10th … decade', () => {
    const t = logTicks(1e-30, 1);
    expect(t.stride).toBe(5);
    expect(t.major).toEqual([-30, -25, -20, -15, -10, -5, 0]);
    expect(t.minor).toHaveLength(30 - 6);
    expect(logTicks(1e-200, 1e100).stride).toBe(50);
  });

  fcTest.prop([
    fc.double({ min: -300, max: 300, noNaN: true }),
    fc.double({ min: 0, max: 300, noNaN: true }),
  ])(
    'any positive range: domain contains the data, at most 9 labels, labels are multiples of the stride',
    (e, span) => {
      const min = 10 ** e;
      const max = 10 ** Math.min(e + span, 307);
      const t = logTicks(min, max);
      expect(t.lo).toBeLessThanOrEqual(Math.log10(min) + 1e-9);
      expect(t.hi).toBeGreaterThanOrEqual(Math.log10(max) - 1e-9);
      expect(t.major.length).toBeLessThanOrEqual(9);
      for (const m of t.major) expect(m % t.stride === 0).toBe(true);
    },
  );

  it('an invalid range falls back to one decade', () => {
    expect(logTicks(0, 1)).toEqual(logTicks(1, 10));
    expect(logTicks(-1, 10)).toEqual(logTicks(1, 10));
    expect(logTicks(1, Infinity)).toEqual(logTicks(1, 10));
  });
});

describe('axisScale', () => {
  it('log axes map values to log10 and leave out non-positive and non-finite ones', () => {
    const s = axisScale('log', [1e-3, 5, 0, -2, NaN, Infinity]);
    expect(s.transform(1000)).toBe(3);
    expect(s.transform(0)).toBeUndefined();
    expect(s.transform(-1)).toBeUndefined();
    expect(s.transform(NaN)).toBeUndefined();
    expect([s.lo, s.hi]).toEqual([-3, 1]);
    const labels = s.ticks.filter((t) => t.label !== null).map((t) => t.label);
    expect(labels[0]).toEqual({ text: '10', exponent: '\u22123' });
    expect(labels[labels.length - 1]).toEqual({ text: '10', exponent: '1' });
  });

  it('linear labels use a true minus sign and exponents for tiny steps', () => {
    const s = axisScale('linear', [-1, 1]);
    expect(s.ticks.map((t) => t.label?.text)).toContain('\u22121.0');
    const tiny = axisScale('linear', [0, 3e-7]);
    expect(tiny.ticks.map((t) => t.label)).toContainEqual({ text: '1\u00d710', exponent: '\u22127' });
  });

  it('no drawable value gives a unit axis', () => {
    expect([axisScale('log', [0, -1]).lo, axisScale('log', []).hi]).toEqual([0, 1]);
    expect([axisScale('linear', [NaN]).lo, axisScale('linear', []).hi]).toEqual([0, 1]);
  });
});

describe('renderFigureSvg', () => {
  const eps = Array.from({ length: 10 }, (_, i) => 2 ** -(i + 1));
  const figure: Figure = {
    ...base,
    series: [
      figureSeries(
        'ε²',
        eps,
        eps.map((e) => 3 * e * e),
      ),
      figureSeries(
        'ε⁴',
        eps,
        eps.map((e) => e ** 4),
      ),
    ],
    references: [{ label: 'slope 2', slope: 2, through: ['0.001', '1e-6'] }],
    caption: 'a caption',
  };

  it('is well-formed, escapes text, and is deterministic', () => {
    const svg = renderFigureSvg(figure);
    expectWellFormed(svg);
    expect(svg).toContain('A &amp; B &lt;test&gt;');
    expect(svg).not.toContain('<test>');
    expect(renderFigureSvg(figure)).toBe(svg);
    expect(svg).toContain('<desc>a caption</desc>');
  });

  it('places points by the log mapping: equal ratios give equal pixel steps, decades at tick positions', () => {
    const svg = renderFigureSvg(figure);
    const series = svg.split('<g class="series"')[1] ?? '';
    const dots = elements(series, 'circle').map((c) => [Number(c['cx']), Number(c['cy'])] as const);
    expect(dots).toHaveLength(10);
    // x halves each step: constant Δx; y = 3x² quarters: Δy = 2 Δx × (plot height per decade / width per decade).
    const dx = dots.slice(1).map((d, i) => d[0] - (dots[i]?.[0] ?? 0));
    const dy = dots.slice(1).map((d, i) => d[1] - (dots[i]?.[1] ?? 0));
    for (const v of dx) expect(v).toBeCloseTo(dx[0] ?? 0, 1);
    for (const v of dy) expect(v).toBeCloseTo(dy[0] ?? 0, 1);
    // Decade ticks: x from 10^-3 (ε = 2^-10 ≈ 9.8e-4 ⇒ 10^-4) to 10^0.
    const xTicks = elements(svg, 'text').filter((t) => (t['class'] ?? '').includes('x-tick-label'));
    expect(xTicks.map((t) => Number(t['data-at']))).toEqual([-4, -3, -2, -1, 0]);
    const px = xTicks.map((t) => Number(t['x']));
    const perDecade = (px[4]! - px[0]!) / 4;
    px.forEach((p, i) => expect(p).toBeCloseTo(px[0]! + i * perDecade, 1));
    // The point ε = 1/2 sits log10(1/2) decades left of 10^0.
    expect(dots[0]?.[0]).toBeCloseTo(px[4]! + Math.log10(0.5) * perDecade, 1);
  });

  it('draws the reference line with the given slope in plotted coordinates', () => {
    const svg = renderFigureSvg(figure);
    const ref = elements(svg.split('class="reference"')[1] ?? '', 'line')[0] ?? {};
    const xTicks = elements(svg, 'text').filter((t) => (t['class'] ?? '').includes('x-tick-label'));
    const yTicks = elements(svg, 'text').filter((t) => (t['class'] ?? '').includes('y-tick-label'));
    // Pixels per decade from the first two labelled ticks of each axis (labels may skip decades).
    const perDecade = (t: Record<string, string>[], attr: 'x' | 'y'): number =>
      (Number(t[1]?.[attr]) - Number(t[0]?.[attr])) / (Number(t[1]?.['data-at']) - Number(t[0]?.['data-at']));
    const xPerDecade = perDecade(xTicks, 'x');
    const yPerDecade = -perDecade(yTicks, 'y');
    const slope =
      -((Number(ref['y2']) - Number(ref['y1'])) / yPerDecade) /
      ((Number(ref['x2']) - Number(ref['x1'])) / xPerDecade);
    expect(slope).toBeCloseTo(2, 1);
  });

  it('lists every series, reference and band in the legend, with counts of drawn points', () => {
    const svg = renderFigureSvg({ ...figure, bands: [{ label: 'h > 0', from: '0.01', to: 'Infinity' }] });
    const legend = elements(svg, 'g').filter((g) => g['class'] === 'legend-entry');
    expect(legend.map((g) => [g['data-legend'], g['data-kind']])).toEqual([
      ['h &gt; 0', 'band'],
      ['slope 2', 'reference'],
      ['ε²', 'series'],
      ['ε⁴', 'series'],
    ]);
    const groups = elements(svg, 'g').filter((g) => g['class'] === 'series');
    expect(groups.map((g) => [g['data-series'], g['data-points'], g['data-dropped']])).toEqual([
      ['ε²', '10', '0'],
      ['ε⁴', '10', '0'],
    ]);
    const band = elements(svg, 'rect').find((r) => r['class'] === 'band');
    expect(band).toBeDefined();
    // From 10^-2 to the right edge of the plot frame.
    const frame = elements(svg, 'rect').find((r) => r['class'] === 'frame') ?? {};
    expect(Number(band?.['x']) + Number(band?.['width'])).toBeCloseTo(
      Number(frame['x']) + Number(frame['width']),
      1,
    );
  });

  it('breaks the line at NaN and non-positive values on log axes, and says how many were left out', () => {
    const svg = renderFigureSvg({
      ...base,
      series: [{ label: 's', x: ['1', '2', '3', '4', '5'], y: ['1', 'NaN', '3', '0', '5'] }],
    });
    const g = elements(svg, 'g').find((e) => e['class'] === 'series') ?? {};
    expect([g['data-points'], g['data-dropped']]).toEqual(['3', '2']);
    const d = elements(svg, 'path')[0]?.['d'] ?? '';
    // Three isolated points: three moves, no line segment.
    expect(d.match(/M/g)).toHaveLength(3);
    expect(d).not.toContain('L');
    expect(svg).toContain('2 of 5 points not shown');
  });

  it('unequal x and y lengths count the unpaired values as dropped', () => {
    const svg = renderFigureSvg({ ...base, series: [{ label: 's', x: ['1', '2', '3'], y: ['1', '2'] }] });
    const g = elements(svg, 'g').find((e) => e['class'] === 'series') ?? {};
    expect([g['data-points'], g['data-dropped']]).toEqual(['2', '1']);
  });

  it('an empty figure, or one with only empty series, still renders axes and says "no data"', () => {
    for (const f of [base, { ...base, series: [{ label: 'empty', x: [], y: [] }] }] as Figure[]) {
      const svg = renderFigureSvg(f);
      expectWellFormed(svg);
      expect(svg).toContain('no data');
      expect(svg).not.toContain('NaN');
      expect(svg).not.toContain('Infinity');
    }
  });

  it('never writes NaN or Infinity into coordinates, whatever the data', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double(), fc.double()), { maxLength: 30 }),
        fc.constantFrom<'linear' | 'log'>('linear', 'log'),
        fc.double(),
        (pts, scale, slope) => {
          const svg = renderFigureSvg({
            ...base,
            x: { label: 'x', scale },
            y: { label: 'y', scale },
            series: [{ label: 's', x: pts.map((p) => String(p[0])), y: pts.map((p) => String(p[1])) }],
            references: [
              { label: 'r', slope, through: [String(pts[0]?.[0] ?? 1), String(pts[0]?.[1] ?? 1)] },
            ],
            bands: [{ label: 'b', from: String(pts[1]?.[0] ?? 0), to: 'Infinity' }],
          });
          expect(svg).not.toMatch(/NaN|Infinity/);
          expectWellFormed(svg);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('points markers follow `mark`, and long series default to a plain line', () => {
    const xs = Array.from({ length: 100 }, (_, i) => i);
    const long = renderFigureSvg({
      ...base,
      x: { label: 'x' },
      series: [
        figureSeries(
          's',
          xs,
          xs.map((v) => v + 1),
        ),
      ],
    });
    expect(elements(long, 'circle')).toHaveLength(0);
    expect(elements(long, 'path')).toHaveLength(1);
    const pts = renderFigureSvg({
      ...base,
      series: [{ label: 's', x: ['1', '2'], y: ['1', '2'], mark: 'points' }],
    });
    expect(elements(pts, 'path')).toHaveLength(0);
  });

  it('sanitises the id prefix so clip-path references stay valid', () => {
    const svg = renderFigureSvg(base, { idPrefix: 'a b"c' });
    expect(svg).toContain('id="a_b_c-clip"');
    expect(svg).toContain('url(#a_b_c-clip)');
  });
});

describe('heat maps', () => {
  const grid = [0, 1, 2, 3];
  const figure: Figure = {
    ...base,
    x: { label: 'γ' },
    y: { label: 'α' },
    heatmap: {
      label: 'L',
      x: grid.map(String),
      y: ['0', '1', '2'],
      z: [0, 1, 2].map((j) => grid.map((i) => (i === 3 && j === 2 ? 'NaN' : String(i + 4 * j)))),
    },
    series: [],
  };

  it('draws one cell per finite value, tiling the grid, coloured from dark (min) to yellow (max)', () => {
    const svg = renderFigureSvg(figure);
    expectWellFormed(svg);
    const heat = svg.split('<g class="heatmap"')[1]?.split('</g>')[0] ?? '';
    const cells = elements(heat, 'rect');
    expect(cells).toHaveLength(11);
    expect(svg).toContain('data-cells="11"');
    // Cells of one row share y and height and abut (up to the 0.5 px overlap against seams).
    const row = cells.slice(0, 4);
    row.slice(1).forEach((c, i) => {
      const prev = row[i] ?? {};
      expect(Number(c['x'])).toBeCloseTo(Number(prev['x']) + Number(prev['width']) - 0.5, 1);
      expect(c['y']).toBe(prev['y']);
    });
    expect(cells[0]?.['fill']).toBe('#440154');
    expect(svg).toContain('class="colorbar" data-label="L"');
    expect(svg).not.toContain('no data');
  });

  it('a log colour scale leaves out non-positive values; with no finite value the plot says "no data"', () => {
    const logMap = renderFigureSvg({ ...figure, heatmap: { ...figure.heatmap!, scale: 'log' } });
    expect(logMap).toContain('data-cells="10"'); // the 0 at (0, 0) and the NaN are left out
    const empty = renderFigureSvg({ ...figure, heatmap: { ...figure.heatmap!, z: [['NaN']] } });
    expect(empty).toContain('data-cells="0"');
    expect(empty).toContain('no data');
  });

  it('viridis runs from #440154 to #fde725 and clamps outside [0, 1]', () => {
    expect([viridis(0), viridis(1), viridis(-3), viridis(7)]).toEqual([
      '#440154',
      '#fde725',
      '#440154',
      '#fde725',
    ]);
    expect(viridis(0.5)).toMatch(/^#[0-9a-f]{6}$/);
  });
});

describe('figureSeries', () => {
  it('writes doubles exactly and rejects unequal lengths', () => {
    expect(figureSeries('s', [0.1, 1e-300], [NaN, 2])).toEqual({
      label: 's',
      x: ['0.1', '1e-300'],
      y: ['NaN', '2'],
    });
    expect(() => figureSeries('s', [1], [])).toThrow(/1 x values but 0 y values/);
  });
});
