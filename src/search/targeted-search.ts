import { SeededRandom } from '../precision/random.js';
import { shrinkGenome } from './_internals/shrink-genome.js';

/** One integer coordinate of a search genome. Inputs are decoded from genomes, so hill-climbing and shrinking
 * act on plain integers (like fast-check's `double()`, built from an integer index) whatever the input is. */
export interface Gene {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  /** The value shrinking moves towards. Default: the value of [min, max] closest to 0. */
  readonly simplest?: number;
}

/** Where a search looks: integer genes and the map from a genome to the input of the claim. */
export interface SearchSpace<I> {
  readonly genes: readonly Gene[];
  readonly decode: (genome: readonly number[]) => I;
  /**
   * Extra neighbours for hill-climbing besides the default ±step moves of one gene (e.g. "twice as far along the
   * channel"). Default: none.
   */
  readonly moves?: (genome: readonly number[], rng: SeededRandom) => readonly (readonly number[])[];
}

/**
 * The evaluation of one input. `score` is what the climb maximises (larger = closer to a violation; it need not
 * be the violation measure itself, e.g. a predicted error); `violated` is the decision. `invalid` inputs lie
 * outside the hypotheses (a derivative that does not exist, a degenerate configuration) and are skipped.
 */
export type Evaluation =
  | { readonly kind: 'scored'; readonly score: number; readonly violated: boolean }
  | { readonly kind: 'invalid'; readonly reason: string };

/** Options of {@link targetedSearch}. */
export interface TargetedSearchOptions {
  /** Evaluations allowed for finding a violation (corpus replays included). Default 300. */
  readonly budget?: number;
  /** Seed of every random choice; the same seed and options give the same search. Default 1. */
  readonly seed?: number;
  /**
   * `targeted`: random exploration, then hill-climbing on the score from the best inputs seen; `random`: plain
   * random generation (uniform genes) for the whole budget, the baseline the targeted search is compared with.
   * Default `targeted`.
   */
  readonly strategy?: 'targeted' | 'random';
  /** Share of the budget spent on random exploration before climbing. Default 0.2. */
  readonly exploreFraction?: number;
  /** Genomes tried first, in order (the corpus of earlier counterexamples). Default none. */
  readonly corpus?: readonly (readonly number[])[];
  /** Evaluations without improvement after which a climb restarts from the next-best explored input. Default 40. */
  readonly patience?: number;
  /** Smallest score gain that counts as progress for `patience`. Default 0.01. */
  readonly minGain?: number;
  /** Shrink a found violation towards the genes' simplest values. Default true. */
  readonly shrink?: boolean;
  /** Evaluations allowed for shrinking. Default 400. */
  readonly shrinkBudget?: number;
}

/** A genome with its input and score. */
export interface SearchPoint<I> {
  readonly genome: readonly number[];
  readonly input: I;
  readonly score: number;
}

/** How a search ended: a violation (found in phase `phase` after `runs` evaluations) or none in the budget. */
export type SearchOutcome<I> =
  | {
      readonly kind: 'found';
      readonly runs: number;
      readonly phase: 'corpus' | 'explore' | 'climb';
      readonly found: SearchPoint<I>;
      /** The violation after shrinking (equal to `found` when nothing simpler violates or shrinking is off). */
      readonly shrunk: SearchPoint<I>;
      readonly shrinkSteps: number;
      readonly seed: number;
    }
  | {
      readonly kind: 'none';
      readonly runs: number;
      /** The highest-scoring input seen (undefined when every input was invalid). */
      readonly best: SearchPoint<I> | undefined;
      readonly invalid: number;
      readonly seed: number;
    };

/** Thrown inside the search to stop at the first violation. */
class Found {
  constructor(
    readonly point: SearchPoint<unknown>,
    readonly phase: 'corpus' | 'explore' | 'climb',
  ) {}
}

/**
 * A targeted property search, the part fast-check lacks: the corpus first, then random exploration, then
 * hill-climbing (a pattern search: each gene is stepped up and down, steps double on success and halve on
 * failure, plus the space's own moves), restarting from the next-best explored input when a climb stalls.
 * A violation is shrunk gene by gene towards the simplest values while it stays a violation.
 * `strategy: 'random'` spends the whole budget on uniform random genomes: the baseline that shows what the
 * climb adds.
 */
export function targetedSearch<I>(
  space: SearchSpace<I>,
  evaluate: (input: I) => Evaluation,
  options: TargetedSearchOptions = {},
): SearchOutcome<I> {
  const {
    budget = 300,
    seed = 1,
    strategy = 'targeted',
    exploreFraction = 0.2,
    corpus = [],
    shrink = true,
    shrinkBudget = 400,
    patience = 40,
    minGain = 0.01,
  } = options;
  const rng = new SeededRandom(seed);
  const genes = space.genes;
  let runs = 0;
  let invalid = 0;
  let best: SearchPoint<I> | undefined;
  const explored: SearchPoint<I>[] = [];
  const seen = new Map<string, number | null>();

  /** Scores a genome (null when invalid); throws Found on a violation; caches repeated genomes. */
  const score = (genome: readonly number[], phase: 'corpus' | 'explore' | 'climb'): number | null => {
    const key = genome.join(',');
    const cached = seen.get(key);
    if (cached !== undefined) return cached;
    if (runs >= budget) throw new BudgetSpent();
    runs++;
    const input = space.decode(genome);
    const ev = evaluate(input);
    if (ev.kind === 'invalid') {
      invalid++;
      seen.set(key, null);
      return null;
    }
    const point = { genome: [...genome], input, score: ev.score };
    if (ev.violated) throw new Found(point, phase);
    seen.set(key, ev.score);
    if (phase === 'explore') explored.push(point);
    if (best === undefined || ev.score > best.score) best = point;
    return ev.score;
  };

  try {
    for (const g of corpus) if (fits(genes, g)) score(g, 'corpus');
    if (strategy === 'random') {
      for (;;) score(randomGenome(genes, rng), 'explore');
    }
    const exploreRuns = Math.max(1, Math.floor(budget * exploreFraction));
    while (runs < exploreRuns) score(randomGenome(genes, rng), 'explore');
    explored.sort((x, y) => y.score - x.score);
    // Climb from the best explored inputs in turn, then from fresh random ones.
    for (let start = 0; ; start++) climb(explored[start]?.genome ?? randomGenome(genes, rng));
  } catch (e) {
    if (e instanceof Found) {
      const found = e.point as SearchPoint<I>;
      const shrunk = shrink
        ? shrinkGenome(genes, found.genome, shrinkBudget, (g) => {
            const input = space.decode(g);
            const ev = evaluate(input);
            return ev.kind === 'scored' && ev.violated
              ? { genome: [...g], input, score: ev.score }
              : undefined;
          })
        : { point: found, steps: 0 };
      return {
        kind: 'found',
        runs,
        phase: e.phase,
        found,
        shrunk: shrunk.point ?? found,
        shrinkSteps: shrunk.steps,
        seed,
      };
    }
    if (!(e instanceof BudgetSpent)) throw e;
  }
  return { kind: 'none', runs, best, invalid, seed };

  function climb(start: readonly number[]): void {
    let current = [...start];
    let currentScore = score(current, 'climb');
    if (currentScore === null) return;
    const steps = genes.map((g) => Math.max(1, Math.floor((g.max - g.min) / 16)));
    let lastImprovement = runs;
    while (runs - lastImprovement < patience) {
      const i = rng.int(0, genes.length - 1);
      const gene = genes[i] as Gene;
      const step = steps[i] as number;
      const candidates: (readonly number[])[] = [];
      for (const dir of [1, -1]) {
        const next = [...current];
        next[i] = (current[i] as number) + dir * step;
        candidates.push(next);
      }
      candidates.push(...(space.moves?.(current, rng) ?? []));
      let improvedGene = false;
      for (const raw of candidates) {
        const cand = raw.map((v, j) => clamp(genes[j] as Gene, v));
        const s = score(cand, 'climb');
        if (s !== null && s > (currentScore as number)) {
          improvedGene ||= cand[i] !== current[i] && cand.every((v, j) => j === i || v === current[j]);
          // Only a clear gain resets the patience: creeping up a plateau by rounding noise is a stall.
          if (s > (currentScore as number) + minGain) lastImprovement = runs;
          current = cand;
          currentScore = s;
        }
      }
      steps[i] = improvedGene
        ? Math.min(step * 2, Math.max(1, gene.max - gene.min))
        : Math.max(1, Math.floor(step / 2));
    }
  }
}

class BudgetSpent {}

function clamp(gene: Gene, v: number): number {
  return Math.min(gene.max, Math.max(gene.min, Math.round(v)));
}

function fits(genes: readonly Gene[], genome: readonly number[]): boolean {
  return (
    genome.length === genes.length &&
    genome.every((v, i) => Number.isInteger(v) && v >= (genes[i] as Gene).min && v <= (genes[i] as Gene).max)
  );
}

/** A uniform random genome. */
export function randomGenome(genes: readonly Gene[], rng: SeededRandom): number[] {
  // Two 32-bit draws: genes may span more than 2³² values (e.g. a weight on a 10⁻¹² grid).
  return genes.map((g) => {
    const u = rng.next() + rng.next() / 4294967296;
    return Math.min(g.max, g.min + Math.floor(u * (g.max - g.min + 1)));
  });
}
