import type { Gene } from '../targeted-search.js';

/** The value a gene shrinks towards: its `simplest`, else the value of [min, max] closest to 0. */
export function simplestValue(gene: Gene): number {
  if (gene.simplest !== undefined) return gene.simplest;
  return Math.min(gene.max, Math.max(gene.min, 0));
}

/**
 * Greedy shrinking of a violating genome: for each gene in turn try its simplest value, then values halfway,
 * a quarter of the way, … from the simplest towards the current one (the fast-check integer shrinker's order),
 * keeping the first that still violates; passes repeat until nothing changes or `budget` evaluations are spent.
 * `violates` returns the point when the genome still violates.
 */
export function shrinkGenome<P extends { readonly genome: readonly number[] }>(
  genes: readonly Gene[],
  start: readonly number[],
  budget: number,
  violates: (genome: readonly number[]) => P | undefined,
): { readonly point: P | undefined; readonly steps: number } {
  let current = [...start];
  let point: P | undefined;
  let evaluations = 0;
  let steps = 0;
  for (let changed = true; changed && evaluations < budget;) {
    changed = false;
    for (let i = 0; i < genes.length && evaluations < budget; i++) {
      const target = simplestValue(genes[i] as Gene);
      const v = current[i] as number;
      for (let gap = v - target; gap !== 0 && evaluations < budget; gap = Math.trunc(gap / 2)) {
        const candidate = [...current];
        candidate[i] = v - gap;
        evaluations++;
        const p = violates(candidate);
        if (p !== undefined) {
          current = candidate;
          point = p;
          steps++;
          changed = true;
          break;
        }
      }
    }
  }
  return { point, steps };
}
