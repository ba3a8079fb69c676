import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, beforeAll } from 'vitest';
import { buildCertificates } from '../../src/symbolic/certificates.js';
import { CERTIFIED_CERTIFICATE_IDS } from '../../src/claims/certified-certificates.js';

const dir = join(import.meta.dirname, '..', '..', 'proofs');

describe('proofs/ certificates', () => {
  // Regenerating every certificate runs nerdamer and 50-digit checks (~10 s of CPU).
  let certificates!: ReturnType<typeof buildCertificates>;
  beforeAll(() => {
    certificates = buildCertificates();
  });

  it('are current: regeneration in memory gives no diff (run `npm run proofs` after a deliberate change)', () => {
    for (const c of certificates) {
      expect(readFileSync(join(dir, `${c.id}.md`), 'utf8'), `${c.id}.md`).toBe(c.markdown);
      expect(readFileSync(join(dir, `${c.id}.json`), 'utf8'), `${c.id}.json`).toBe(c.json);
    }
  });

  it('are all proved, each with a numeric confirmation at ≥ 50 digits', () => {
    for (const c of certificates) {
      expect(c.verdict, c.id).toBe('proved');
      const json = JSON.parse(c.json) as Record<string, unknown>;
      const checks = (json['numericCheck'] ?? json['numericChecks']) as unknown;
      expect(checks, `${c.id} has a numeric check`).toBeDefined();
      const list = Array.isArray(checks) ? checks : [checks];
      for (const n of list as { digits: number; passed: boolean }[]) {
        expect(n.digits).toBeGreaterThanOrEqual(50);
        expect(n.passed).toBe(true);
      }
      expect(c.markdown).toContain('## Numeric confirmation');
    }
  });

  it('has no stray files: every committed certificate is still generated', () => {
    // The certified claims' certificates are checked by test/claims/certified-certificates.test.ts.
    const ids = new Set([...certificates.map((c) => c.id), ...CERTIFIED_CERTIFICATE_IDS]);
    for (const f of readdirSync(dir)) {
      // README.md is by hand; katex.css is the HTML pages' stylesheet (test/report/proofs-html.test.ts).
      if (f === 'README.md' || f === 'katex.css') continue;
      expect(ids.has(f.replace(/\.(md|json|html)$/, '')), f).toBe(true);
    }
  });

  it('contain no timestamps or timings', () => {
    for (const c of certificates) expect(c.json).not.toMatch(/\d{4}-\d\d-\d\dT|\b\d+(\.\d+)? ?ms\b/);
  });
});
