import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { katexDistDir } from './_internals/load-katex.js';

let cached: string | undefined;

/**
 * KaTeX's stylesheet with its fonts inside it: every `@font-face` keeps only the WOFF2 source (supported by every
 * browser KaTeX supports), as a `data:` URL, so a page that embeds this needs no network and no file beside it. About
 * 0.37 MB (20 fonts); deterministic for a given KaTeX version.
 */
export function katexStylesheet(): string {
  if (cached !== undefined) return cached;
  const dist = katexDistDir();
  const css = readFileSync(join(dist, 'katex.min.css'), 'utf8');
  let fonts = 0;
  const inlined = css.replace(
    /src:url\(fonts\/([A-Za-z0-9_-]+)\.woff2\) format\("woff2"\)[^;}]*/g,
    (_, name) => {
      fonts++;
      const data = readFileSync(join(dist, 'fonts', `${String(name)}.woff2`)).toString('base64');
      return `src:url(data:font/woff2;base64,${data}) format("woff2")`;
    },
  );
  // A KaTeX release that changed its stylesheet's layout would otherwise leave relative font URLs behind.
  if (fonts === 0 || /url\(fonts\//.test(inlined)) {
    throw new Error('katexStylesheet: unexpected katex.min.css layout (font URLs left un-inlined)');
  }
  cached = inlined;
  return inlined;
}
