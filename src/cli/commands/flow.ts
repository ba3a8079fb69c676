import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import type { Decimal } from 'decimal.js';
import { InputError } from '../../errors.js';
import {
  ConfirmedFlowRun,
  confirmingFlow,
  type ConfirmedFlowCheckpoint,
  type ConfirmedFlowResult,
} from '../../flow/confirmed-flow-run.js';
import {
  contentHash,
  flowCheckpointText,
  MAX_CHECKPOINT_BYTES,
  readFlowCheckpoint,
  type FlowRunIdentity,
} from '../../flow/flow-checkpoint-file.js';
import type { ConfirmedFlowState } from '../../flow/flow-confirmation.js';
import type { FlowOutcome } from '../../flow/flow-outcome.js';
import {
  FLOW_METHODS,
  MAX_FLOW_TIME,
  MIN_FLOW_TIME,
  type FlowMethod,
  type FlowResult,
  type FlowState,
} from '../../flow/integrate.js';
import type { Problem } from '../../network/problem.js';
import { neuronIndices } from '../../network/neuron-pair.js';
import { parameterCount } from '../../network/params.js';
import { precision, type Precision } from '../../precision/context.js';
import { writeFileAtomic } from '../../io/write-file-atomic.js';
import type { Command, Io } from '../command.js';
import { checkOutputPath } from '../../io/check-output-path.js';
import { problemOption, readJsonOption } from '../problem-options.js';
import {
  decimalString,
  digitsOption,
  optionalString,
  requiredString,
  type ParsedValues,
} from '../options.js';
import { toolVersion } from '../version.js';

/** Checkpoints are written at most this often (and once at the end or on SIGINT). */
const CHECKPOINT_INTERVAL_MS = 1000;
/** The event loop gets a turn (SIGINT, progress) at least this often. */
const YIELD_INTERVAL_MS = 100;

function parseTimes(raw: string): string[] {
  const times = raw.split(',').map((s) => decimalString('--t', s.trim()));
  const p = precision(40);
  for (const t of times) {
    const v = new p.D(t);
    if (!v.gt(0)) throw new InputError(`--t: times must be > 0, got ${t}`);
    if (v.lt(MIN_FLOW_TIME) || v.gt(MAX_FLOW_TIME))
      throw new InputError(`--t: times must lie in ${MIN_FLOW_TIME}…${MAX_FLOW_TIME}, got ${t}`);
  }
  return times;
}

/** The checkpoint at `path` for this run (see readFlowCheckpoint), or undefined when there is none yet. */
function readCheckpoint(
  path: string,
  identity: FlowRunIdentity,
  runKey: string,
): ConfirmedFlowCheckpoint | undefined {
  const what = `--checkpoint ${path}`;
  let text: string;
  let fd: number | undefined;
  try {
    // Non-blocking: opening a FIFO for reading would otherwise wait for a writer forever.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    // Stat the open file, not the path: a device such as /dev/zero would be read forever.
    const st = fstatSync(fd);
    if (!st.isFile()) throw new InputError(`${what}: not a regular file`);
    if (st.size > MAX_CHECKPOINT_BYTES)
      throw new InputError(
        `${what}: ${st.size} bytes, more than any flow checkpoint (${MAX_CHECKPOINT_BYTES})`,
      );
    text = readFileSync(fd, 'utf8');
  } catch (e) {
    if (e instanceof InputError) throw e;
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new InputError(`${what}: cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  return readFlowCheckpoint(text, what, identity, runKey);
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
  summary:
    'gradient flow dθ/dt = −∇L at any precision (Taylor, GBS, Radau IIA, float64), confirmed at +20 digits, with checkpoints',
  usage:
    'flat-channels flow --problem NAME|FILE [--init JSON|FILE] --t T1,T2,… [--method auto|taylor|gbs|implicit|float64] ' +
    '[--digits N] [--no-confirm] [--checkpoint FILE] [--resume] [--json]',
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
    'no-confirm': {
      type: 'boolean',
      help:
        'skip the confirming run at digits + 20 (about halves the time); the digits printed are then ' +
        'unconfirmed estimates from the tolerances',
    },
    width: { type: 'string', value: 'N', help: 'student width of problems with a seeded initialisation' },
  },
  async run(values, io) {
    const settings = parseFlowSettings(values);
    const run = openRun(settings);
    const onSigint = (): void => run.interrupt();
    process.once('SIGINT', onSigint);
    try {
      await integrateWithCheckpoints(run, settings, io);
      const result = run.result();
      io.stdout(settings.json ? jsonReport(settings, result) : textReport(settings, result));
      const interrupted =
        result.primary.outcome.kind === 'interrupted' || result.confirming?.outcome.kind === 'interrupted';
      if (interrupted) return 130;
      return result.confirmation?.kind === 'unconfirmed' ? 1 : 0;
    } finally {
      // Removed only after the final checkpoint and the output: a SIGINT that arrives while they are written
      // must still reach run.interrupt(), not Node's default handler (which would kill the process).
      process.removeListener('SIGINT', onSigint);
    }
  },
};

/** Everything the command's options say, validated (before any work). */
interface FlowSettings {
  readonly digits: number;
  readonly p: Precision;
  readonly problem: Problem;
  readonly times: readonly string[];
  readonly method: FlowMethod;
  readonly init: readonly Decimal[];
  readonly checkpointPath: string | undefined;
  readonly resume: boolean;
  readonly json: boolean;
  readonly confirm: boolean;
  /** Bound to the problem's content (never its name or path), the options and the toolkit version. */
  readonly identity: FlowRunIdentity;
}

/** Step 1: the options, validated; the checkpoint path is checked before any work (a run must not compute for
 * hours and then fail to save, or hang in /proc). */
function parseFlowSettings(values: ParsedValues): FlowSettings {
  const digits = digitsOption(values);
  const problem: Problem = problemOption(values);
  const times = parseTimes(requiredString(values, 't'));
  const methodRaw = optionalString(values, 'method') ?? 'auto';
  if (!(FLOW_METHODS as readonly string[]).includes(methodRaw))
    throw new InputError(`--method: expected one of ${FLOW_METHODS.join(', ')}, got "${methodRaw}"`);
  const initRaw = optionalString(values, 'init');
  const p = precision(digits);
  const initJson = initRaw === undefined ? undefined : readJsonOption('--init', initRaw);
  const init = initJson === undefined ? problem.initial(p) : problem.parseParams(initJson, p, '--init');
  const checkpointRaw = optionalString(values, 'checkpoint');
  const checkpointPath =
    checkpointRaw === undefined ? undefined : checkOutputPath('--checkpoint', checkpointRaw, 'file');
  const resume = values['resume'] === true;
  if (resume && checkpointPath === undefined) throw new InputError('--resume needs --checkpoint FILE');
  return {
    digits,
    p,
    problem,
    times,
    method: methodRaw as FlowMethod,
    init,
    checkpointPath,
    resume,
    json: values['json'] === true,
    confirm: values['no-confirm'] !== true,
    identity: { spec: problem.spec, toolkit: toolVersion() },
  };
}

/** Step 2: the run (and its confirming run), restored from the checkpoint with --resume when there is one. */
function openRun(st: FlowSettings): ConfirmedFlowRun {
  const options = { times: st.times, method: st.method, confirm: st.confirm };
  const run = new ConfirmedFlowRun(st.problem, st.init, st.p, options, contentHash(st.problem.spec));
  if (st.resume && st.checkpointPath !== undefined) {
    const saved = readCheckpoint(st.checkpointPath, st.identity, run.key);
    if (saved !== undefined) run.restore(saved);
  }
  return run;
}

/** Step 3: advances the run to its end, saving a checkpoint about every second (and at the end), giving the event
 * loop a turn (SIGINT, the progress bar) every 100 ms. */
async function integrateWithCheckpoints(run: ConfirmedFlowRun, st: FlowSettings, io: Io): Promise<void> {
  const save = (): void => {
    if (st.checkpointPath !== undefined)
      writeFileAtomic(st.checkpointPath, flowCheckpointText(run.checkpoint(), st.identity));
  };
  const showProgress = io.isTTY && !st.json;
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
        const c = run.checkpoint();
        io.stderr(progressLine(t, end, c.primary.stats.steps + (c.confirming?.stats.steps ?? 0)));
      }
      await new Promise<void>((resolve) => setImmediate(resolve));
      lastYield = Date.now();
    }
  }
  if (showProgress) io.stderr('\r' + ' '.repeat(70) + '\r');
  save();
}

/** What is printed: the confirmed digits (or, with --no-confirm, the labelled tolerance estimate), or nothing. */
interface ShownFlow {
  readonly printed: number;
  readonly estimate: number;
  readonly states: readonly ConfirmedFlowState[];
  readonly records: readonly (ConfirmedFlowState & { steps: number; evaluations: number })[];
  readonly outcome: FlowOutcome;
  /** Whether the run got to the last requested time (said outright: `maxTime` is not a limit that was hit). */
  readonly reachedEnd: boolean;
  readonly lastTime: string;
  readonly endT: string | undefined;
  readonly confirmingDigits: number | undefined;
}

/** Step 4: chooses the digits and values to print from the result. */
function shownFlow(st: FlowSettings, result: ConfirmedFlowResult): ShownFlow {
  const { primary, confirmation } = result;
  const estimate = Math.min(st.digits, primary.estimatedDigits);
  const round = (v: string, k: number): string => new st.p.D(v).toPrecision(k);
  const estimated = (s: FlowState): ConfirmedFlowState => ({
    t: s.t,
    params: s.params.map((v) => round(v, estimate)),
    loss: round(s.loss, estimate),
    gradNorm: round(s.gradNorm, Math.min(estimate, 10)),
    gradNormDigits: Math.min(estimate, 10),
  });
  const shown =
    confirmation === undefined
      ? {
          printed: estimate,
          states: primary.states.map(estimated),
          records: primary.records.map((r) => ({
            ...estimated(r),
            steps: r.steps,
            evaluations: r.evaluations,
          })),
          outcome: primary.outcome,
        }
      : confirmation.kind === 'confirmed'
        ? {
            printed: confirmation.digits,
            states: confirmation.states,
            records: confirmation.records,
            outcome: confirmation.outcome,
          }
        : { printed: 0, states: [], records: [], outcome: primary.outcome };
  const lastTime = st.times[st.times.length - 1] ?? '';
  const endT = 't' in shown.outcome ? shown.outcome.t : undefined;
  const reachedEnd =
    shown.outcome.kind === 'maxTime' ||
    (endT !== undefined && lastTime !== '' && Number(endT) === Number(lastTime));
  const confirmingDigits = st.confirm
    ? confirmingFlow(st.p, { times: st.times, method: st.method }).p.digits
    : undefined;
  return { ...shown, estimate, reachedEnd, lastTime, endT, confirmingDigits };
}

/** The parameters in the problem's {w, a, b} shape, as the printed strings (paramsToJson would drop confirmed
 * trailing zeros). */
function paramsJson(problem: Problem, flat: readonly string[]): { w: string[][]; a: string[]; b?: string } {
  const layout = problem.network.layout;
  const neurons = Array.from({ length: layout.width }, (_, k) => neuronIndices(layout, k));
  const w = neurons.map((n) => n.w.map((i) => flat[i] as string));
  const a = neurons.map((n) => flat[n.a] as string);
  const b = flat[parameterCount(layout) - 1];
  return layout.outputBias && b !== undefined ? { w, a, b } : { w, a };
}

/** Step 5 (--json): one JSON object. */
function jsonReport(st: FlowSettings, result: ConfirmedFlowResult): string {
  const { primary, confirmation } = result;
  const shown = shownFlow(st, result);
  const jsonState = (s: FlowState, gradNormDigits: number) => ({
    t: s.t,
    params: paramsJson(st.problem, s.params),
    loss: s.loss,
    gradNorm: s.gradNorm,
    ...(gradNormDigits === 0 ? { gradNormIsUpperBound: true } : {}),
  });
  const confirmationJson =
    confirmation === undefined
      ? { kind: 'skipped', note: 'digits are unconfirmed estimates from the tolerances (--no-confirm)' }
      : {
          kind: confirmation.kind,
          confirmingDigits: shown.confirmingDigits,
          ...(confirmation.kind === 'unconfirmed' ? { reason: confirmation.reason } : {}),
          ...(confirmation.weakest === undefined ? {} : { weakest: confirmation.weakest }),
        };
  return (
    JSON.stringify({
      problem: st.problem.name,
      method: primary.method,
      digits: st.digits,
      confirmedDigits: confirmation === undefined ? 0 : shown.printed,
      toleranceEstimateDigits: shown.estimate,
      confirmation: confirmationJson,
      states: shown.states.map((s) => jsonState(s, s.gradNormDigits)),
      stats: primary.stats,
      ...(result.confirming === undefined ? {} : { confirmingStats: result.confirming.stats }),
      outcome: shown.outcome,
      reachedEnd: shown.reachedEnd,
      records: shown.records.map((r) => ({
        ...jsonState(r, r.gradNormDigits),
        steps: r.steps,
        evaluations: r.evaluations,
      })),
    }) + '\n'
  );
}

/** Step 5 (text): the states, the statistics, the outcome and whether the last time was reached. */
function textReport(st: FlowSettings, result: ConfirmedFlowResult): string {
  const { primary, confirmation } = result;
  const shown = shownFlow(st, result);
  const { digits } = st;
  const head =
    confirmation === undefined
      ? `${digits} digits (${shown.estimate} printed: UNCONFIRMED estimates from the tolerances, --no-confirm)`
      : confirmation.kind === 'confirmed'
        ? `${digits} digits (${shown.printed} printed: they agree with a run at ${shown.confirmingDigits} digits)`
        : `${digits} digits: NOT CONFIRMED by a run at ${shown.confirmingDigits} digits — ${confirmation.reason}; no digits printed (try more --digits or another --method)`;
  const stats = (label: string, s: FlowResult['stats']): string =>
    `  ${label}steps ${s.steps} (rejected ${s.rejectedSteps}), evaluations ${s.evaluations}`;
  const lines = [
    `${st.problem.name}: gradient flow, method ${primary.method}, ${head}`,
    ...shown.states.flatMap((s) => [
      `  t = ${s.t}`,
      ...st.problem.parameterNames.map((name, i) => `    ${name} = ${s.params[i] as string}`),
      `    loss = ${s.loss}`,
      s.gradNormDigits === 0 ? `    ‖∇L‖ ≤ ${s.gradNorm}` : `    ‖∇L‖ = ${s.gradNorm}`,
    ]),
    stats('', primary.stats),
    ...(result.confirming === undefined ? [] : [stats('confirming run: ', result.confirming.stats)]),
    `  outcome: ${shown.outcome.kind}${shown.outcome.kind === 'channelSuspected' ? ` — ${shown.outcome.evidence.reason}` : ''}`,
    shown.reachedEnd
      ? `  reached the last requested time t = ${shown.lastTime}`
      : `  stopped${shown.endT === undefined ? '' : ` at t = ${shown.endT}`}, before the last requested time t = ${shown.lastTime}`,
    '',
  ];
  return lines.join('\n');
}
