import { loadKatex } from './_internals/load-katex.js';

/** Options of {@link typesetMath}. */
export interface TypesetMathOptions {
  /** Display style (a centred block) instead of inline. Default false. */
  readonly display?: boolean;
}

/**
 * A TeX formula as HTML (KaTeX's HTML and MathML output; the page needs {@link katexStylesheet}). Strict: a
 * formula KaTeX cannot parse, or one that relies on a non-standard extension (Unicode text in math mode, unknown
 * symbols), throws a {@link MathError} instead of rendering red text — the formulas are ours, and a broken one is a
 * bug that tests must catch.
 *
 * Syntax: `typesetMath(tex, { display? })` → HTML string
 *
 * Example: `typesetMath('\\varepsilon^{-4}', { display: true })`
 *
 * See also: `typesetText` (prose with `$…$`), `katexStylesheet`.
 */
export function typesetMath(tex: string, options: TypesetMathOptions = {}): string {
  const { display = false } = options;
  try {
    return loadKatex().renderToString(tex, {
      displayMode: display,
      throwOnError: true,
      strict: 'error',
      trust: false,
      output: 'htmlAndMathml',
    });
  } catch (e) {
    throw new MathError(tex, e instanceof Error ? e.message : String(e));
  }
}

/** A formula that does not typeset: the TeX and KaTeX's message. */
export class MathError extends Error {
  constructor(
    readonly tex: string,
    readonly reason: string,
  ) {
    super(`cannot typeset ${JSON.stringify(tex)}: ${reason}`);
    this.name = 'MathError';
  }
}
