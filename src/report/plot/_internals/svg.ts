/** A coordinate with two decimals and no trailing zeros (deterministic, and −0 prints as 0). */
export function coord(v: number): string {
  const r = Math.round(v * 100) / 100;
  return String(r === 0 ? 0 : r);
}

/** Colour-blind-safe series colours (Okabe & Ito 2008), then black. */
export const SERIES_COLORS: readonly string[] = [
  '#0072B2',
  '#D55E00',
  '#009E73',
  '#CC79A7',
  '#E69F00',
  '#56B4E9',
  '#000000',
];

/** Dash patterns of reference lines, in order. */
export const REFERENCE_DASHES: readonly string[] = ['6 4', '2 3', '10 3 2 3', '1 5'];

/** Fills of shaded bands, in order (drawn at low opacity). */
export const BAND_COLORS: readonly string[] = ['#009E73', '#E69F00', '#56B4E9', '#CC79A7'];

export function pick(list: readonly string[], i: number): string {
  return list[i % list.length] ?? '#000000';
}

/** Rough width of `text` at `size` px in a sans-serif font (for laying out legends without a text engine). */
export function textWidth(text: string, size: number): number {
  return [...text].length * size * 0.58;
}
