import { relative, resolve } from 'node:path';
import { resolveActivation } from '../../activations/index.js';
import { SEARCHABLE_CLAIMS, searchableClaim } from '../../claims/counterexamples/registry.js';
import type {
  CounterexampleReport,
  SearchableClaim,
  SearchSettings,
} from '../../claims/counterexamples/searchable-claim.js';
import { InputError } from '../../errors.js';
import { loadProblem } from '../../network/problem.js';
import { writeFileAtomic } from '../../io/write-file-atomic.js';
import { addToCorpus, corpusPath, readCorpus, serializeCorpus } from '../../search/corpus.js';
import type { Command } from '../command.js';
import { checkOutputPath } from '../../io/check-output-path.js';
import { digitsOption, integerInRange, optionalString, requiredString } from '../options.js';

const ids = SEARCHABLE_CLAIMS.map((c) => c.id).join(', ');

export const counterexampleCommand: Command = {
  name: 'counterexample',
  summary: 'search a claim’s hypotheses for a violation (random exploration, hill-climbing, shrinking)',
  usage:
    'flat-channels counterexample --claim ID [--activation NAME|FORMULA] [--problem P] [--budget N] [--seed S] ' +
    '[--baseline] [--append-corpus [--corpus DIR]] [--digits N] [--json]',
  examples: [
    'flat-channels counterexample --claim glu-limit --activation relu',
    'flat-channels counterexample --claim glu-limit --activation tanh --budget 300 --json',
    'flat-channels counterexample --claim float64-channel-loss --seed 3 --append-corpus',
  ],
  options: {
    claim: { type: 'string', value: 'ID', help: `the claim to search: ${ids}` },
    activation: {
      type: 'string',
      value: 'NAME|FORMULA',
      help: 'activation (default: the claim’s, tanh); non-smooth ones such as relu are allowed on purpose',
    },
    problem: {
      type: 'string',
      value: 'P',
      help: 'problem whose student and data the search uses (float64-channel-loss; default its GLU-target data)',
    },
    budget: { type: 'string', value: 'N', help: 'evaluations allowed, 1–1000000 (default: the claim’s)' },
    seed: {
      type: 'string',
      value: 'S',
      help: 'seed of the search (default 1); the same seed gives the same search',
    },
    baseline: {
      type: 'boolean',
      help: 'also run plain random generation with the same budget and print both counts (default for float64-channel-loss)',
    },
    'append-corpus': {
      type: 'boolean',
      help: 'add a found counterexample to the corpus replayed by the property tests',
    },
    corpus: { type: 'string', value: 'DIR', help: 'corpus directory (default property-tests/corpus)' },
  },
  async run(values, io) {
    const claim = searchableClaim(requiredString(values, 'claim').trim());
    const digits = digitsOption(values);
    const seed = values['seed'] === undefined ? 1 : integerInRange('--seed', values['seed'], 0, 2 ** 31 - 1);
    const budget =
      values['budget'] === undefined
        ? claim.defaultBudget
        : integerInRange('--budget', values['budget'], 1, 1_000_000);
    const problem = optionalString(values, 'problem');
    const activationArg = optionalString(values, 'activation');
    if (problem !== undefined && claim.id !== 'float64-channel-loss') {
      throw new InputError(
        `counterexample: --problem is not used by claim ${claim.id} (only by float64-channel-loss)`,
      );
    }
    if (problem !== undefined && activationArg !== undefined) {
      throw new InputError(
        'counterexample: give --activation or --problem, not both (a problem names its activation)',
      );
    }
    const activation = resolveActivation(
      problem !== undefined
        ? loadProblem(problem).network.activation.name
        : (activationArg ?? claim.defaultActivation),
    );
    const settings: SearchSettings =
      problem === undefined ? { activation, digits } : { activation, digits, problem };
    if (values['append-corpus'] === true) {
      // Before the search: its result must not be lost to an unwritable corpus (or a hang in /proc).
      const dir = resolve(optionalString(values, 'corpus') ?? 'property-tests/corpus');
      checkOutputPath('--corpus', dir, 'directory');
      checkOutputPath('--corpus', corpusPath(dir, claim.id), 'file');
    }
    const report = claim.search(settings, { budget, seed });
    const baseline =
      values['baseline'] === true || claim.baselineByDefault
        ? claim.search(settings, { budget, seed, strategy: 'random', shrink: false })
        : undefined;
    let corpus: { path: string; added: boolean } | undefined;
    if (values['append-corpus'] === true && report.found) {
      const dir = resolve(optionalString(values, 'corpus') ?? 'property-tests/corpus');
      const entry = claim.corpusEntry(settings, report);
      if (entry !== undefined) {
        const next = addToCorpus(readCorpusOrFail(dir, claim.id), entry);
        const path = corpusPath(dir, claim.id);
        if (next.added) writeFileAtomic(path, serializeCorpus(next.corpus));
        corpus = { path: relative(process.cwd(), path) || path, added: next.added };
      }
    }
    if (values['json'] === true) {
      const out: Record<string, unknown> = { ...report };
      if (baseline !== undefined)
        out['baseline'] = { strategy: 'random', found: baseline.found, runs: baseline.runs };
      if (corpus !== undefined) out['corpus'] = corpus;
      io.stdout(JSON.stringify(out) + '\n');
    } else {
      io.stdout(humanReport(claim, report, baseline, corpus));
    }
    return 0;
  },
};

function readCorpusOrFail(dir: string, claim: string): ReturnType<typeof readCorpus> {
  try {
    return readCorpus(dir, claim);
  } catch (e) {
    throw new InputError(
      `--corpus: ${corpusPath(dir, claim)}: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
}

function humanReport(
  claim: SearchableClaim,
  r: CounterexampleReport,
  baseline: CounterexampleReport | undefined,
  corpus: { path: string; added: boolean } | undefined,
): string {
  const lines: string[] = [];
  const runs = (n: number): string => `${n} run${n === 1 ? '' : 's'}`;
  const ce = r.counterexample;
  if (ce === undefined) {
    lines.push(
      `${r.claim} (${r.activation}): no counterexample in ${runs(r.runs)} of targeted search (seed ${r.seed})` +
        (r.bestScore === undefined ? '' : `; highest score ${r.bestScore} (${claim.scoreNote})`),
    );
  } else {
    lines.push(
      `${r.claim} (${r.activation}): counterexample found after ${runs(r.runs)} of targeted search (seed ${r.seed}, ` +
        `${ce.phase === 'climb' ? 'while climbing' : ce.phase === 'corpus' ? 'from the corpus' : 'while exploring'}), ` +
        `shrunk in ${ce.shrinkSteps} step${ce.shrinkSteps === 1 ? '' : 's'}:`,
    );
    lines.push(
      `  ${Object.entries(ce.input)
        .map(([k, v]) => `${k} = ${v}`)
        .join(', ')}`,
    );
    lines.push(`  ${ce.explanation}`);
  }
  if (baseline !== undefined) {
    lines.push(
      baseline.found
        ? `plain random generation: found after ${runs(baseline.runs)} (targeted: ${r.found ? runs(r.runs) : 'none'})`
        : `plain random generation: none in ${runs(baseline.runs)} (targeted: ${r.found ? runs(r.runs) : 'none'})`,
    );
  }
  if (corpus !== undefined)
    lines.push(corpus.added ? `added to ${corpus.path}` : `already in ${corpus.path}`);
  return lines.join('\n') + '\n';
}
