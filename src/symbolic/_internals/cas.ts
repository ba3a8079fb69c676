// The one module that loads nerdamer (CommonJS; `export =` typings, so a default import under esModuleInterop).
// Only the string API is used: nerdamer's JS API (`nerdamer.diff(…)`) turns e and √π into rationals
// (numerics.md, "Symbolic libraries"; see test/symbolic/cas-bugs.test.ts).
// Loaded on first use (synchronously, through require: nerdamer is CommonJS), so that importing the package does
// not load a CAS (test/structure/root-import.test.ts).
import { createRequire } from 'node:module';
import type nerdamerType from 'nerdamer';

let loaded: typeof nerdamerType | undefined;
/** The nerdamer module with its Calculus and Algebra add-ons (loaded once). */
export function loadNerdamer(): typeof nerdamerType {
  if (loaded === undefined) {
    const require = createRequire(import.meta.url);
    loaded = require('nerdamer') as typeof nerdamerType;
    require('nerdamer/Calculus.js');
    require('nerdamer/Algebra.js');
  }
  return loaded;
}

/** nerdamer's canonical text of `expression` (a string-API call such as `expand(…)` or `diff(…, x)`). */
export function cas(expression: string): string {
  return loadNerdamer()(expression).toString();
}

/**
 * The coefficients [p_0, p_1, …] of a polynomial in `variable` (nerdamer's `coeffs`), as nerdamer texts.
 * The polynomial must already be expanded.
 */
export function casCoefficients(polynomial: string, variable: string): string[] {
  const text = cas(`coeffs(${polynomial}, ${variable})`);
  if (!text.startsWith('[') || !text.endsWith(']')) {
    throw new Error(`nerdamer coeffs returned ${text.slice(0, 80)}`);
  }
  return splitTopLevel(text.slice(1, -1));
}

/** Whether nerdamer expands `expression` to exactly 0. */
export function casIsZero(expression: string): boolean {
  return cas(`expand(${expression})`) === '0';
}

/** Splits a comma-separated list at depth 0 of parentheses and brackets. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '(' || ch === '[') depth++;
    else if (ch === ')' || ch === ']') depth--;
    else if (ch === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  if (text.length > 0) parts.push(text.slice(start));
  return parts.map((s) => s.trim());
}

/** nerdamer's version string (recorded in certificates, so an upgrade shows as a diff). */
export function casVersion(): string {
  return loadNerdamer().version();
}
