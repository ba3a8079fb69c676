import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Decimal } from 'decimal.js';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CERTIFIED_CERTIFICATE_IDS,
  certifiedCertificates,
  type CertifiedCertificate,
} from '../../src/claims/certified-certificates.js';
import { CLAIMS } from '../../src/claims/registry.js';
import { certificateHtml } from '../../src/report/typeset/certificate-html.js';

/**
 * proofs/certified-*.{md,json,html}: the certificates of the `certified` claims, written by `npm run proofs`
 * (src/report/write-certificates.ts). Regenerated in memory here (about 2.5 s of CPU): a change of the ball
 * arithmetic or of a certification routine shows up as a diff to review.
 */
const DIR = join(import.meta.dirname, '..', '..', 'proofs');

describe('certificates of the certified claims', () => {
  let certificates!: readonly CertifiedCertificate[];
  beforeAll(() => {
    certificates = certifiedCertificates();
  });

  it('are current: regeneration in memory gives no diff (run `npm run proofs` after a deliberate change)', () => {
    expect(certificates.map((c) => c.id)).toEqual(CERTIFIED_CERTIFICATE_IDS);
    for (const c of certificates) {
      expect(readFileSync(join(DIR, `${c.id}.md`), 'utf8'), `${c.id}.md`).toBe(c.markdown);
      expect(readFileSync(join(DIR, `${c.id}.json`), 'utf8'), `${c.id}.json`).toBe(c.json);
      expect(readFileSync(join(DIR, `${c.id}.html`), 'utf8'), `${c.id}.html`).toBe(
        certificateHtml(c.markdown),
      );
    }
  });

  it('are certified, one per certified claim, with the enclosures as decimal balls, the theorems, digits and assumptions', () => {
    for (const c of certificates) {
      expect(c.verdict, c.id).toBe('certified');
      expect(CLAIMS.map((k) => k.id)).toContain(c.id);
      const json = JSON.parse(c.json) as {
        verdict: string;
        digits: number;
        theorems: string[];
        assumptions: string[];
        enclosures: { name: string; mid: string; rad: string }[];
      };
      expect(json.verdict).toBe('certified');
      expect(json.digits).toBe(60);
      expect(json.theorems.join(' ')).toMatch(/Krawczyk.*Sylvester/s);
      expect(json.assumptions).toHaveLength(4);
      expect(json.enclosures.length).toBeGreaterThan(4);
      for (const e of json.enclosures) {
        expect(e.mid, e.name).toMatch(/^-?\d+(\.\d+)?(e[+-]\d+)?$/);
        // Every radius is a decimal ≥ 0 with at most 3 significant digits (rounded up).
        expect(new Decimal(e.rad).gte(0) && new Decimal(e.rad).sd() <= 3, e.name).toBe(true);
      }
      expect(c.markdown).toContain('## Theorems applied');
      expect(c.markdown).toContain('## Assumptions (docs/ball.md)');
      expect(c.json).not.toMatch(/\d{4}-\d\d-\d\dT|\b\d+(\.\d+)? ?ms\b/);
    }
  });
});
