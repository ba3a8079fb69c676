import { join } from 'node:path';
import { writeFileAtomic } from '../io/write-file-atomic.js';
// The one import of the report layer here: this writer (used only by `npm run proofs`) also renders the
// certificates' Markdown for readers; the certificates themselves are built without it.
import { CERTIFICATE_STYLESHEET, certificateHtml } from '../report/typeset/certificate-html.js';
import { katexStylesheet } from '../report/typeset/katex-stylesheet.js';
import { buildCertificates, type Certificate } from './certificates.js';

/**
 * Writes every certificate to `dir` as `<id>.md`, `<id>.json` and `<id>.html` (the Markdown with its formulas
 * typeset by KaTeX), plus the pages' shared stylesheet `katex.css` (KaTeX's CSS with its fonts inlined), each
 * atomically, and returns them; used by `npm run proofs`. proofs/README.md is written by hand and left alone.
 */
export function writeCertificates(dir: string): readonly Certificate[] {
  const certificates = buildCertificates();
  for (const c of certificates) {
    writeFileAtomic(join(dir, `${c.id}.md`), c.markdown);
    writeFileAtomic(join(dir, `${c.id}.json`), c.json);
    writeFileAtomic(join(dir, `${c.id}.html`), certificateHtml(c.markdown));
  }
  writeFileAtomic(join(dir, CERTIFICATE_STYLESHEET), katexStylesheet());
  return certificates;
}
