// The corpus moved to src/search/corpus.ts (below src/claims, which uses it). This re-export keeps the old path
// working for src/cli/commands/counterexample.ts until its import points at src/search directly.
export {
  addToCorpus,
  corpusGenomes,
  corpusPath,
  emptyCorpus,
  parseCorpus,
  readCorpus,
  serializeCorpus,
  type Corpus,
  type CorpusEntry,
} from '../search/corpus.js';
