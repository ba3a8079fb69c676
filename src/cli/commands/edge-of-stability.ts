import { InputError } from '../../errors.js';
import {
  edgeOfStabilityProblem,
  edgeOfStabilityRun,
  edgeStart,
  type EdgeOfStabilityRun,
} from '../../landscape/edge-of-stability.js';
import { fitPowerLaw } from '../../landscape/power-law-fit.js';
import type { Command } from '../command.js';
import { decimalString, integerInRange, optionalString, requiredString } from '../options.js';

/** `--etas 0.35,0.265`: distinct step sizes in (0, 10]. */
function parseEtas(raw: string): number[] {
  const etas = raw.split(',').map((s) => Number(decimalString('--etas', s)));
  for (const eta of etas)
    if (!(eta > 0 && eta <= 10)) throw new InputError(`--etas: each step must lie in (0, 10], got ${eta}`);
  if (new Set(etas).size !== etas.length) throw new InputError('--etas: the steps must be distinct');
  return etas;
}

const g = (x: number, digits = 6): string => x.toPrecision(digits);

function runJson(run: EdgeOfStabilityRun, start: string, cpuSeconds: number): Record<string, unknown> {
  const o = run.outcome;
  return {
    eta: String(run.eta),
    start,
    steps: run.steps,
    outcome: o.kind,
    ...(o.kind === 'saturated'
      ? {
          arrivalStep: o.arrivalStep,
          epsMin: g(o.epsMin),
          orbit: [g(o.epsRange[0], 4), g(o.epsRange[1], 4)],
          lambdaMaxTimesEtaOver2: g(o.lambdaRatio, 5),
        }
      : o.kind === 'not-saturated'
        ? { lambdaMaxTimesEtaOver2: g(o.lambdaRatio, 5) }
        : o.kind === 'not-reached'
          ? { lambdaMax: g(o.lambdaMax, 5) }
          : { divergedAt: o.step }),
    cpuSeconds: cpuSeconds.toFixed(1),
  };
}

export const edgeOfStabilityCommand: Command = {
  name: 'edge-of-stability',
  summary:
    'full-batch gradient descent on the paper toy (seeded Gaussian samples): λ_max saturates at 2/η, ε stalls at ε_min',
  usage:
    'flat-channels edge-of-stability --etas LIST [--samples N] [--seed S] [--edge-start] [--max-steps N] [--json]',
  examples: [
    'flat-channels edge-of-stability --etas 0.35',
    'flat-channels edge-of-stability --etas 0.35,0.265,0.2 --json',
    'flat-channels edge-of-stability --etas 0.065 --edge-start    # ≈ 80 s of CPU',
  ],
  options: {
    etas: { type: 'string', value: 'LIST', help: 'comma-separated step sizes η, e.g. 0.35,0.265,0.2' },
    samples: { type: 'string', value: 'N', help: 'seeded N(0, 1) samples (default 4096, the paper’s)' },
    seed: { type: 'string', value: 'S', help: 'seed of the samples (default 1)' },
    'edge-start': {
      type: 'boolean',
      help: 'start on the channel floor where λ_max = 0.9·2/η instead of at ε₀ = 0.35 (for small η)',
    },
    'max-steps': { type: 'string', value: 'N', help: 'step budget per run (default 5000000)' },
  },
  async run(values, io) {
    const etas = parseEtas(requiredString(values, 'etas'));
    const samplesRaw = optionalString(values, 'samples');
    const seedRaw = optionalString(values, 'seed');
    const maxRaw = optionalString(values, 'max-steps');
    const samples = samplesRaw === undefined ? 4096 : integerInRange('--samples', samplesRaw, 16, 1_000_000);
    const seed = seedRaw === undefined ? 1 : integerInRange('--seed', seedRaw, 0, 2 ** 32 - 1);
    const maxSteps = maxRaw === undefined ? 5_000_000 : integerInRange('--max-steps', maxRaw, 1, 1e9);
    const edge = values['edge-start'] === true;
    const problem = edgeOfStabilityProblem({ samples, seed });
    const results = etas.map((eta) => {
      const c0 = process.cpuUsage();
      const start = edge ? edgeStart(problem, eta) : undefined;
      const run = edgeOfStabilityRun(problem, eta, start === undefined ? { maxSteps } : { start, maxSteps });
      const cpu = process.cpuUsage(c0);
      return { run, start: edge ? 'edge' : 'channel', cpu: (cpu.user + cpu.system) / 1e6 };
    });
    const saturated = results.filter((r) => r.run.outcome.kind === 'saturated');
    const fit =
      saturated.length >= 3
        ? fitPowerLaw(
            saturated.map((r) => r.run.eta),
            saturated.map((r) => (r.run.outcome as { epsMin: number }).epsMin),
          )
        : undefined;
    if (values['json'] === true) {
      io.stdout(
        JSON.stringify({
          problem: problem.name,
          samples,
          seed,
          runs: results.map((r) => runJson(r.run, r.start, r.cpu)),
          ...(fit === undefined
            ? {}
            : {
                exponent: fit.exponent.toFixed(4),
                exponentInterval95: fit.interval.map((x) => x.toFixed(4)),
              }),
        }) + '\n',
      );
    } else {
      const lines = [
        `edge of stability on ${problem.name} (seed ${seed}): float64 full-batch gradient descent from the ` +
          `${edge ? 'channel floor where λ_max = 0.9·2/η' : 'channel start ε₀ = 0.35'}`,
        '  η        steps      arrival    ε_min      orbit            λ_max·η/2  CPU s',
        ...results.map(({ run, cpu }) => {
          const o = run.outcome;
          const head = `  ${String(run.eta).padEnd(8)} ${String(run.steps).padEnd(10)} `;
          if (o.kind === 'saturated')
            return (
              head +
              `${String(o.arrivalStep).padEnd(10)} ${g(o.epsMin).padEnd(10)} ` +
              `${`${g(o.epsRange[0], 4)}–${g(o.epsRange[1], 4)}`.padEnd(16)} ${g(o.lambdaRatio, 5).padEnd(10)} ${cpu.toFixed(1)}`
            );
          return (
            head + `${o.kind}${o.kind === 'not-saturated' ? ` (λ_max·η/2 = ${g(o.lambdaRatio, 5)})` : ''}`
          );
        }),
        ...(fit === undefined
          ? []
          : [
              `ε_min ∝ η^α: α = ${fit.exponent.toFixed(3)}, 95 % interval [${fit.interval[0].toFixed(3)}, ` +
                `${fit.interval[1].toFixed(3)}] (least squares on log–log, Student t; the paper's asymptotic law has 1/2)`,
            ]),
      ];
      io.stdout(lines.join('\n') + '\n');
    }
    return results.every((r) => r.run.outcome.kind === 'saturated') ? 0 : 1;
  },
};
