import type { Activation } from '../../activations/index.js';
import type { CorpusEntry } from '../../search/corpus.js';
import {
  targetedSearch,
  type Evaluation,
  type SearchSpace,
  type TargetedSearchOptions,
} from '../../search/targeted-search.js';

/** What a counterexample search may vary besides the genome. */
export interface SearchSettings {
  readonly activation: Activation;
  /** Working digits of the exact (reference) computations. */
  readonly digits: number;
  /** A problem (built-in name or spec file) for claims that search over a problem's parameters. Default: the
   * claim's own data. */
  readonly problem?: string;
}

/** A search's result in the shape `flat-channels counterexample --json` prints. */
export interface CounterexampleReport {
  readonly claim: string;
  readonly activation: string;
  readonly found: boolean;
  readonly counterexample?: {
    readonly input: Readonly<Record<string, string>>;
    readonly genome: readonly number[];
    readonly explanation: string;
    readonly score: string;
    readonly phase: 'corpus' | 'explore' | 'climb';
    /** True when the violation was shrunk (as far as the shrink budget allowed; shrinkSteps may be 0 when the
     * found input was already minimal). */
    readonly shrunk: boolean;
    readonly shrinkSteps: number;
  };
  /** Evaluations spent (corpus replays included) until the violation, or the whole budget. */
  readonly runs: number;
  readonly budget: number;
  readonly seed: number;
  readonly strategy: 'targeted' | 'random';
  /** The highest score seen when nothing was found. */
  readonly bestScore?: string;
}

/**
 * A claim whose hypotheses' space can be searched for a violation. `I` is the decoded input of a genome.
 * Implementations live one per file in this folder; the engine is src/search/targeted-search.ts.
 */
export interface SearchableClaimDefinition<I> {
  readonly id: string;
  /** The claim, as searched: one sentence. */
  readonly statement: string;
  /** What the score measures and when an input violates the claim (printed with the highest score). */
  readonly scoreNote: string;
  /** Default activation when the user gives none. */
  readonly defaultActivation: string;
  /** Default budget (evaluations) of a search. */
  readonly defaultBudget: number;
  /** Whether `counterexample` also runs the plain random baseline by default (to print both counts). */
  readonly baselineByDefault: boolean;
  /** Search options this claim's space works best with (exploration share, patience); callers' options win. */
  readonly searchDefaults?: Pick<TargetedSearchOptions, 'exploreFraction' | 'patience'>;
  readonly space: (settings: SearchSettings) => SearchSpace<I>;
  readonly evaluate: (settings: SearchSettings) => (input: I) => Evaluation;
  /** The input as decimal strings. */
  readonly describe: (input: I) => Readonly<Record<string, string>>;
  /** One sentence: why `input` violates the claim (called only for violations). */
  readonly explain: (input: I, settings: SearchSettings) => string;
}

/** A searchable claim with its input type erased (what the registry and the CLI hold). */
export interface SearchableClaim {
  readonly id: string;
  readonly statement: string;
  readonly scoreNote: string;
  readonly defaultActivation: string;
  readonly defaultBudget: number;
  readonly baselineByDefault: boolean;
  readonly search: (settings: SearchSettings, options: TargetedSearchOptions) => CounterexampleReport;
  /** Re-evaluates a stored genome: is it still a violation (with the settings given)? */
  readonly replay: (settings: SearchSettings, genome: readonly number[]) => Evaluation;
  /** The corpus entry for a found counterexample. */
  readonly corpusEntry: (settings: SearchSettings, report: CounterexampleReport) => CorpusEntry | undefined;
  /** The genes of the search space (for fast-check property tests over the same space). */
  readonly space: (settings: SearchSettings) => SearchSpace<unknown>;
}

/** Erases the input type of a definition. */
export function defineSearchableClaim<I>(def: SearchableClaimDefinition<I>): SearchableClaim {
  return {
    id: def.id,
    statement: def.statement,
    scoreNote: def.scoreNote,
    defaultActivation: def.defaultActivation,
    defaultBudget: def.defaultBudget,
    baselineByDefault: def.baselineByDefault,
    space: (settings) => def.space(settings) as SearchSpace<unknown>,
    search(settings, options) {
      const space = def.space(settings);
      const outcome = targetedSearch(space, def.evaluate(settings), { ...def.searchDefaults, ...options });
      const base = {
        claim: def.id,
        activation: settings.activation.name,
        runs: outcome.runs,
        budget: options.budget ?? 300,
        seed: outcome.seed,
        strategy: options.strategy ?? 'targeted',
      } as const;
      if (outcome.kind === 'none') {
        return outcome.best === undefined
          ? { ...base, found: false }
          : { ...base, found: false, bestScore: outcome.best.score.toPrecision(4) };
      }
      const point = outcome.shrunk;
      return {
        ...base,
        found: true,
        counterexample: {
          input: def.describe(point.input),
          genome: point.genome,
          explanation: def.explain(point.input, settings),
          score: point.score.toPrecision(4),
          phase: outcome.phase,
          shrunk: options.shrink !== false,
          shrinkSteps: outcome.shrinkSteps,
        },
      };
    },
    replay(settings, genome) {
      return def.evaluate(settings)(def.space(settings).decode(genome));
    },
    corpusEntry(settings, report) {
      const ce = report.counterexample;
      if (ce === undefined) return undefined;
      return {
        genome: ce.genome,
        settings:
          settings.problem === undefined
            ? { activation: settings.activation.name }
            : { activation: settings.activation.name, problem: settings.problem },
        input: ce.input,
        explanation: ce.explanation,
      };
    },
  };
}
