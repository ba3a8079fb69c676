import { join } from 'node:path';
import { writeFileAtomic } from '../io/write-file-atomic.js';
import { buildCertificates, type Certificate } from './certificates.js';

/**
 * Writes every certificate to `dir` as `<id>.md` and `<id>.json` (atomically) and returns them; used by
 * `npm run proofs`. proofs/README.md is written by hand and left alone.
 */
export function writeCertificates(dir: string): readonly Certificate[] {
  const certificates = buildCertificates();
  for (const c of certificates) {
    writeFileAtomic(join(dir, `${c.id}.md`), c.markdown);
    writeFileAtomic(join(dir, `${c.id}.json`), c.json);
  }
  return certificates;
}
