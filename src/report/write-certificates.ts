import { join } from 'node:path';
import { writeFileAtomic } from '../io/write-file-atomic.js';
// In the report layer, not in symbolic: besides the certificates (built by the symbolic layer) this writer, used
// only by `npm run proofs`, renders their Markdown as typeset HTML for readers (style.md: symbolic sits below report).
import { buildCertificates, type Certificate } from '../symbolic/certificates.js';
import { certifiedCertificates, type CertifiedCertificate } from '../claims/certified-certificates.js';
import { CERTIFICATE_STYLESHEET, certificateHtml } from './typeset/certificate-html.js';
import { katexStylesheet } from './typeset/katex-stylesheet.js';

/**
 * Writes every certificate to `dir` as `<id>.md`, `<id>.json` and `<id>.html` (the Markdown with its formulas
 * typeset by KaTeX), plus the pages' shared stylesheet `katex.css` (KaTeX's CSS with its fonts inlined), each
 * atomically, and returns them; used by `npm run proofs`. The symbolic certificates (verdict `proved`) come first,
 * then those of the `certified` claims (ball enclosures and the theorem applied; src/claims/certified-*.ts).
 * proofs/README.md is written by hand and left alone.
 */
export function writeCertificates(dir: string): readonly (Certificate | CertifiedCertificate)[] {
  const certificates = [...buildCertificates(), ...certifiedCertificates()];
  for (const c of certificates) {
    writeFileAtomic(join(dir, `${c.id}.md`), c.markdown);
    writeFileAtomic(join(dir, `${c.id}.json`), c.json);
    writeFileAtomic(join(dir, `${c.id}.html`), certificateHtml(c.markdown));
  }
  writeFileAtomic(join(dir, CERTIFICATE_STYLESHEET), katexStylesheet());
  return certificates;
}
