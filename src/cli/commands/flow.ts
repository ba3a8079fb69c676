import { existsSync } from 'node:fs';
import type { Decimal } from 'decimal.js';
import { InputError } from '../../errors.js';
import {
  FLOW_METHODS,
  FlowRun,
  flowKey,
  type FlowCheckpoint,
  type FlowMethod,
  type FlowState,
} from '../../flow/integrate.js';
import type { Problem } from '../../network/problem.js';
import { paramsToJson, unflatten } from '../../network/params.js';
import { precision, type Precision } from '../../precision/context.js';
import { writeFileAtomic } from '../../report/write-atomic.js';
import type { Command } from '../command.js';
import { problemOption, readJsonOption } from '../problem-options.js';
import { decimalString, digitsOption, optionalString, requiredString } from '../options.js';

/** Checkpoints are written at most this often (and once at the end or on SIGINT). */
const CHECKPOINT_INTERVAL_MS = 1000;
/** The event loop gets a turn (SIGINT, progress) at least this often. */
const YIELD_INTERVAL_MS = 100;

function parseTimes(raw: string): string[] {
  const times = raw.split(',').map((s) => decimalString('--t', s.trim()));
  const p = precision(40);
  for (const t of times) if (!new p.D(t).gt(0)) throw new InputError(`--t: times must be > 0, got ${t}`);
  return times;
}

function readCheckpoint(path: string): FlowCheckpoint {
  const json = readJsonOption('--checkpoint', path) as Partial<FlowCheckpoint> | null;
  if (json === null || typeof json !== 'object' || json.format !== 'flat-channels-flow-checkpoint')
    throw new InputError(`--checkpoint: ${path} is not a flow checkpoint`);
  return json as FlowCheckpoint;
}

/** A one-line progress bar on log₁₀ t (stderr, TTY only). */
function progressLine(t: string, end: string, steps: number): string {
  const lt = Math.log10(Math.max(Number(t), 1e-3));
  const le = Math.log10(Math.max(Number(end), 1e-3));
  const frac = Math.max(0, Math.min(1, (lt + 3) / (le + 3)));
  const width = 30;
  const full = Math.round(frac * width);
  return `\r  [${'#'.repeat(full)}${'.'.repeat(width - full)}] t = ${Number(t).toPrecision(4)} / ${end}  steps ${steps} `;
}

export const flowCommand: Command = {
  name: 'flow',
  summary: 'gradient flow dθ/dt = −∇L at any precision (Taylor, GBS, Radau IIA, float64), with checkpoints',
  usage:
    'flat-channels flow --problem NAME|FILE [--init JSON|FILE] --t T1,T2,… [--method auto|taylor|gbs|implicit|float64] ' +
    '[--digits N] [--checkpoint FILE] [--resume] [--json]',
  examples: [
    'flat-channels flow --problem two-param --t 1,5 --digits 30',
    'flat-channels flow --problem glu-teacher --t 1e4,1e8 --digits 30 --json',
    'flat-channels flow --problem glu-teacher --t 1e12 --checkpoint run.ckpt --resume',
  ],
  options: {
    problem: {
      type: 'string',
      value: 'NAME|FILE',
      help: 'a built-in problem (two-param, glu-teacher, paper-toy, rosenbrock-2d) or a problem spec JSON file',
    },
    init: {
      type: 'string',
      value: 'JSON|FILE',
      help: 'start {"w": [[…]], "a": […]} inline or in a file (default: the problem\'s initial point)',
    },
    t: { type: 'string', value: 'T1,T2,…', help: 'output times (> 0), e.g. 1,5,20 or 1e8,1e12' },
    method: {
      type: 'string',
      value: 'METHOD',
      help: 'auto (default: Taylor, switching to implicit when stiff), taylor, gbs, implicit (Radau IIA), float64',
    },
    checkpoint: {
      type: 'string',
      value: 'FILE',
      help: 'write checkpoints here (atomically, about every second)',
    },
    resume: { type: 'boolean', help: 'continue from --checkpoint if it exists (same command otherwise)' },
    width: { type: 'string', value: 'N', help: 'student width of problems with a seeded initialisation' },
  },
  async run(values, io) {
    const digits = digitsOption(values);
    const problem: Problem = problemOption(values);
    const times = parseTimes(requiredString(values, 't'));
    const methodRaw = optionalString(values, 'method') ?? 'auto';
    if (!(FLOW_METHODS as readonly string[]).includes(methodRaw))
      throw new InputError(`--method: expected one of ${FLOW_METHODS.join(', ')}, got "${methodRaw}"`);
    const method = methodRaw as FlowMethod;
    const initRaw = optionalString(values, 'init');
    const p = precision(digits);
    const initJson = initRaw === undefined ? undefined : readJsonOption('--init', initRaw);
    const at = (q: Precision): Decimal[] =>
      initJson === undefined ? problem.initial(q) : problem.parseParams(initJson, q, '--init');
    const init = at(p);
    const checkpointPath = optionalString(values, 'checkpoint');
    const resume = values['resume'] === true;
    if (resume && checkpointPath === undefined) throw new InputError('--resume needs --checkpoint FILE');
    const json = values['json'] === true;
    const options = { times, method };
    const run = new FlowRun(problem, init, p, options, flowKey(problem.name, init, p, options));
    if (resume && checkpointPath !== undefined && existsSync(checkpointPath))
      run.restore(readCheckpoint(checkpointPath));

    const save = (): void => {
      if (checkpointPath !== undefined)
        writeFileAtomic(checkpointPath, JSON.stringify(run.checkpoint()) + '\n');
    };
    const onSigint = (): void => run.interrupt();
    process.once('SIGINT', onSigint);
    try {
      return await integrateAndReport();
    } finally {
      // Removed only after the final checkpoint and the output: a SIGINT that arrives while they are written
      // must still reach run.interrupt(), not Node's default handler (which would kill the process).
      process.removeListener('SIGINT', onSigint);
    }
    async function integrateAndReport(): Promise<number> {
      const showProgress = io.isTTY && !json;
      let lastYield = Date.now();
      let lastSave = Date.now();
      while (!run.done) {
        run.advance();
        const now = Date.now();
        if (now - lastSave >= CHECKPOINT_INTERVAL_MS) {
          save();
          lastSave = now;
        }
        if (now - lastYield >= YIELD_INTERVAL_MS) {
          if (showProgress) {
            const { t, end } = run.progress;
            io.stderr(progressLine(t, end, run.checkpoint().stats.steps));
          }
          await new Promise<void>((resolve) => setImmediate(resolve));
          lastYield = Date.now();
        }
      }
      if (showProgress) io.stderr('\r' + ' '.repeat(70) + '\r');
      save();
      const result = run.result();
      // Print only the digits the tolerances leave (see FlowResult.estimatedDigits).
      const keep = Math.min(digits, result.estimatedDigits);
      const round = (s: string): string => new p.D(s).toSignificantDigits(keep).toString();
      const layout = problem.network.layout;
      const state = (s: FlowState) => ({
        t: s.t,
        params: paramsToJson(
          unflatten(
            layout,
            s.params.map((v) => new p.D(round(v))),
          ),
        ),
        loss: round(s.loss),
        gradNorm: new p.D(s.gradNorm).toSignificantDigits(Math.min(keep, 10)).toString(),
      });
      if (json) {
        io.stdout(
          JSON.stringify({
            problem: problem.name,
            method: result.method,
            digits,
            estimatedDigits: keep,
            states: result.states.map(state),
            stats: result.stats,
            outcome: result.outcome,
            records: result.records.map((r) => ({ ...state(r), steps: r.steps, evaluations: r.evaluations })),
          }) + '\n',
        );
      } else {
        const lines = [
          `${problem.name}: gradient flow, method ${result.method}, ${digits} digits (${keep} printed)`,
          ...result.states.flatMap((s) => {
            const j = state(s);
            return [
              `  t = ${j.t}`,
              ...problem.parameterNames.map((name, i) => `    ${name} = ${round(s.params[i] as string)}`),
              `    loss = ${j.loss}`,
              `    ‖∇L‖ = ${j.gradNorm}`,
            ];
          }),
          `  steps ${result.stats.steps} (rejected ${result.stats.rejectedSteps}), evaluations ${result.stats.evaluations}`,
          `  outcome: ${result.outcome.kind}${result.outcome.kind === 'channelSuspected' ? ` — ${result.outcome.evidence.reason}` : ''}`,
          '',
        ];
        io.stdout(lines.join('\n'));
      }
      return result.outcome.kind === 'interrupted' ? 130 : 0;
    }
  },
};
