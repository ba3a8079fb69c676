import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One counterexample found by a search, as stored in the corpus. */
export interface CorpusEntry {
  /** The genome (integers) the input was decoded from: replayable through fast-check's `examples`. */
  readonly genome: readonly number[];
  /** Settings the violation depends on besides the genome, e.g. `{"activation": "relu"}`. */
  readonly settings: Readonly<Record<string, string>>;
  /** The decoded input, decimal strings, for readers. */
  readonly input: Readonly<Record<string, string>>;
  /** One sentence: why this input violates the claim. */
  readonly explanation: string;
}

/** The corpus of one claim: property-tests/corpus/<claim>.json. */
export interface Corpus {
  readonly format: 'flat-channels-corpus';
  readonly version: 1;
  readonly claim: string;
  readonly entries: readonly CorpusEntry[];
}

/** The file of a claim's corpus in `dir`. */
export function corpusPath(dir: string, claim: string): string {
  return join(dir, `${claim}.json`);
}

/** The empty corpus of a claim. */
export function emptyCorpus(claim: string): Corpus {
  return { format: 'flat-channels-corpus', version: 1, claim, entries: [] };
}

/** Parses a corpus file's text; throws a RangeError naming the problem when it is not a corpus of `claim`. */
export function parseCorpus(text: string, claim: string): Corpus {
  const v = JSON.parse(text) as Partial<Corpus>;
  if (
    v.format !== 'flat-channels-corpus' ||
    v.version !== 1 ||
    v.claim !== claim ||
    !Array.isArray(v.entries)
  ) {
    throw new RangeError(`not a version-1 corpus of claim "${claim}"`);
  }
  for (const e of v.entries) {
    if (!Array.isArray(e.genome) || !e.genome.every((g: unknown) => Number.isSafeInteger(g))) {
      throw new RangeError(`corpus of "${claim}": an entry has no integer genome`);
    }
  }
  return v as Corpus;
}

/** Reads `dir/<claim>.json`; a missing file is an empty corpus. */
export function readCorpus(dir: string, claim: string): Corpus {
  const path = corpusPath(dir, claim);
  return existsSync(path) ? parseCorpus(readFileSync(path, 'utf8'), claim) : emptyCorpus(claim);
}

/** The corpus with `entry` added, unless an entry with the same genome and settings is already there. */
export function addToCorpus(
  corpus: Corpus,
  entry: CorpusEntry,
): { readonly corpus: Corpus; readonly added: boolean } {
  const key = (e: CorpusEntry): string => JSON.stringify([e.genome, Object.entries(e.settings).sort()]);
  if (corpus.entries.some((e) => key(e) === key(entry))) return { corpus, added: false };
  return { corpus: { ...corpus, entries: [...corpus.entries, entry] }, added: true };
}

/** A corpus as the text written to its file (stable key order, one trailing newline). */
export function serializeCorpus(corpus: Corpus): string {
  return JSON.stringify(corpus, null, 2) + '\n';
}

/** The genomes of the entries whose settings include `settings` (all entries when it is empty). */
export function corpusGenomes(
  corpus: Corpus,
  settings: Readonly<Record<string, string>> = {},
): (readonly number[])[] {
  return corpus.entries
    .filter((e) => Object.entries(settings).every(([k, v]) => e.settings[k] === v))
    .map((e) => e.genome);
}
