import fc from 'fast-check';
import type { SearchSpace } from '../search/targeted-search.js';

/**
 * The genomes of a search space as a fast-check arbitrary (a tuple of integers, one per gene). Integer tuples
 * shrink without context, so corpus genomes can be passed to fast-check's `examples` and still shrink.
 */
export function genomeArbitrary(space: Pick<SearchSpace<unknown>, 'genes'>): fc.Arbitrary<number[]> {
  return fc.tuple(...space.genes.map((g) => fc.integer({ min: g.min, max: g.max })));
}
