import { createRequire } from 'node:module';
import { dirname } from 'node:path';

/** The KaTeX module (its CommonJS build, loaded synchronously on first use). */
export type Katex = typeof import('katex').default;

let cached: Katex | undefined;

/**
 * KaTeX, loaded on first use rather than imported: it is ~0.6 MB of JavaScript that only report writing needs, and
 * every CLI command that writes no report must start without it (test/report/katex-lazy.test.ts). A synchronous
 * `require` keeps the report functions synchronous.
 */
export function loadKatex(): Katex {
  cached ??= createRequire(import.meta.url)('katex') as Katex;
  return cached;
}

/** The directory of KaTeX's distribution (katex.min.css, fonts/). */
export function katexDistDir(): string {
  return dirname(createRequire(import.meta.url).resolve('katex'));
}

/** The KaTeX version that typeset a page (printed in the page, so a reader can tell which fonts to expect). */
export function katexVersion(): string {
  return loadKatex().version;
}
