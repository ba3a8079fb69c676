// The corpus of counterexamples found by `flat-channels counterexample --append-corpus` (property-tests/corpus/*.json,
// checked in). Every entry must still violate its claim with its recorded settings: a search that found a real
// failure once keeps showing it, and a change that silently "fixes" a true counterexample (or breaks the decoding
// of genomes) is noticed. The property suites also replay these genomes first through fast-check's `examples`.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveActivation } from '../src/activations/index.js';
import { SEARCHABLE_CLAIMS } from '../src/claims/counterexamples/registry.js';
import { readCorpus } from '../src/search/corpus.js';

const DIR = join(import.meta.dirname, 'corpus');
const files = readdirSync(DIR).filter((f) => f.endsWith('.json'));

describe('corpus of found counterexamples', () => {
  it('has one file per searchable claim that has counterexamples, and every file names a searchable claim', () => {
    for (const f of files) expect(SEARCHABLE_CLAIMS.map((c) => `${c.id}.json`)).toContain(f);
    expect(files.length).toBeGreaterThan(0);
  });

  for (const claim of SEARCHABLE_CLAIMS) {
    const corpus = readCorpus(DIR, claim.id);
    corpus.entries.forEach((entry, k) => {
      it(`${claim.id} #${k + 1} (${entry.settings['activation'] ?? ''}) still violates the claim`, () => {
        const activation = resolveActivation(entry.settings['activation'] ?? claim.defaultActivation);
        const problem = entry.settings['problem'];
        const settings =
          problem === undefined ? { activation, digits: 40 } : { activation, digits: 40, problem };
        const ev = claim.replay(settings, entry.genome);
        expect(ev.kind).toBe('scored');
        if (ev.kind === 'scored') expect(ev.violated).toBe(true);
        // The stored input is the decoded genome (decimal strings), so the file stays readable and honest.
        const report = claim.search(settings, { corpus: [entry.genome], budget: 1, shrink: false });
        expect(report.counterexample?.input).toEqual(entry.input);
      });
    });
  }
});
