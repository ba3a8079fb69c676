import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import type { Decimal } from 'decimal.js';
import { InputError } from '../../errors.js';
import {
  ConfirmedFlowRun,
  confirmingFlow,
  type ConfirmedFlowCheckpoint,
} from '../../flow/confirmed-flow-run.js';
import {
  contentHash,
  flowCheckpointText,
  MAX_CHECKPOINT_BYTES,
  readFlowCheckpoint,
  type FlowRunIdentity,
} from '../../flow/flow-checkpoint-file.js';
import type { ConfirmedFlowState } from '../../flow/flow-confirmation.js';
import {
  FLOW_METHODS,
  MAX_FLOW_TIME,
  MIN_FLOW_TIME,
  type FlowMethod,
  type FlowResult,
  type FlowState,
} from '../../flow/integrate.js';
import type { Problem } from '../../network/problem.js';
import { rowLength } from '../../network/params.js';
import { precision, type Precision } from '../../precision/context.js';
import { writeFileAtomic } from '../../io/write-file-atomic.js';
import type { Command } from '../command.js';
import { checkOutputPath } from '../../io/check-output-path.js';
import { problemOption, readJsonOption } from '../problem-options.js';
import { decimalString, digitsOption, optionalString, requiredString } from '../options.js';
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
    const checkpointRaw = optionalString(values, 'checkpoint');
    // Checked before any work: a run must not compute for hours and then fail to save (or hang in /proc).
    const checkpointPath =
      checkpointRaw === undefined ? undefined : checkOutputPath('--checkpoint', checkpointRaw, 'file');
    const resume = values['resume'] === true;
    if (resume && checkpointPath === undefined) throw new InputError('--resume needs --checkpoint FILE');
    const json = values['json'] === true;
    const confirm = values['no-confirm'] !== true;
    const options = { times, method, confirm };
    // Bound to the problem's content (never its name or path), the options and the toolkit version.
    const identity: FlowRunIdentity = { spec: problem.spec, toolkit: toolVersion() };
    const run = new ConfirmedFlowRun(problem, init, p, options, contentHash(problem.spec));
    if (resume && checkpointPath !== undefined) {
      const saved = readCheckpoint(checkpointPath, identity, run.key);
      if (saved !== undefined) run.restore(saved);
    }

    const save = (): void => {
      if (checkpointPath !== undefined)
        writeFileAtomic(checkpointPath, flowCheckpointText(run.checkpoint(), identity));
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
            const c = run.checkpoint();
            io.stderr(progressLine(t, end, c.primary.stats.steps + (c.confirming?.stats.steps ?? 0)));
          }
          await new Promise<void>((resolve) => setImmediate(resolve));
          lastYield = Date.now();
        }
      }
      if (showProgress) io.stderr('\r' + ' '.repeat(70) + '\r');
      save();
      const result = run.result();
      const { primary, confirmation } = result;
      const interrupted =
        primary.outcome.kind === 'interrupted' || result.confirming?.outcome.kind === 'interrupted';
      const estimate = Math.min(digits, primary.estimatedDigits);
      const layout = problem.network.layout;
      // The printed strings themselves (paramsToJson would drop confirmed trailing zeros), in the flat order.
      const paramsJson = (flat: readonly string[]): { w: string[][]; a: string[]; b?: string } => {
        const m = rowLength(layout);
        const off = layout.width * m;
        const w = Array.from({ length: layout.width }, (_, k) => flat.slice(k * m, (k + 1) * m));
        const a = flat.slice(off, off + layout.width);
        const b = flat[off + layout.width];
        return layout.outputBias && b !== undefined ? { w, a, b } : { w, a };
      };
      const jsonState = (s: FlowState, gradNormDigits = Math.min(estimate, 10)) => ({
        t: s.t,
        params: paramsJson(s.params),
        loss: s.loss,
        gradNorm: s.gradNorm,
        ...(gradNormDigits === 0 ? { gradNormIsUpperBound: true } : {}),
      });
      // Without confirmation: the tolerance estimate (labelled as such); with it: the common digits, or nothing.
      const round = (v: string, k: number): string => new p.D(v).toPrecision(k);
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
      // Whether the run got to the last requested time (rather than stopping at a channel, a convergence, a step
      // limit or an interrupt): said outright, so that `outcome: maxTime` is not read as a limit that was hit.
      const lastTime = times[times.length - 1] ?? '';
      const endT = 't' in shown.outcome ? shown.outcome.t : undefined;
      const reachedEnd =
        shown.outcome.kind === 'maxTime' ||
        (endT !== undefined && lastTime !== '' && Number(endT) === Number(lastTime));
      const confirmingDigits = confirm ? confirmingFlow(p, { times, method }).p.digits : undefined;
      const confirmationJson =
        confirmation === undefined
          ? { kind: 'skipped', note: 'digits are unconfirmed estimates from the tolerances (--no-confirm)' }
          : {
              kind: confirmation.kind,
              confirmingDigits,
              ...(confirmation.kind === 'unconfirmed' ? { reason: confirmation.reason } : {}),
              ...(confirmation.weakest === undefined ? {} : { weakest: confirmation.weakest }),
            };
      if (json) {
        io.stdout(
          JSON.stringify({
            problem: problem.name,
            method: primary.method,
            digits,
            confirmedDigits: confirmation === undefined ? 0 : shown.printed,
            toleranceEstimateDigits: estimate,
            confirmation: confirmationJson,
            states: shown.states.map((s) => jsonState(s, s.gradNormDigits)),
            stats: primary.stats,
            ...(result.confirming === undefined ? {} : { confirmingStats: result.confirming.stats }),
            outcome: shown.outcome,
            reachedEnd,
            records: shown.records.map((r) => ({
              ...jsonState(r, r.gradNormDigits),
              steps: r.steps,
              evaluations: r.evaluations,
            })),
          }) + '\n',
        );
      } else {
        const head =
          confirmation === undefined
            ? `${digits} digits (${estimate} printed: UNCONFIRMED estimates from the tolerances, --no-confirm)`
            : confirmation.kind === 'confirmed'
              ? `${digits} digits (${shown.printed} printed: they agree with a run at ${confirmingDigits} digits)`
              : `${digits} digits: NOT CONFIRMED by a run at ${confirmingDigits} digits — ${confirmation.reason}; no digits printed (try more --digits or another --method)`;
        const stats = (label: string, st: FlowResult['stats']): string =>
          `  ${label}steps ${st.steps} (rejected ${st.rejectedSteps}), evaluations ${st.evaluations}`;
        const lines = [
          `${problem.name}: gradient flow, method ${primary.method}, ${head}`,
          ...shown.states.flatMap((s) => [
            `  t = ${s.t}`,
            ...problem.parameterNames.map((name, i) => `    ${name} = ${s.params[i] as string}`),
            `    loss = ${s.loss}`,
            s.gradNormDigits === 0 ? `    ‖∇L‖ ≤ ${s.gradNorm}` : `    ‖∇L‖ = ${s.gradNorm}`,
          ]),
          stats('', primary.stats),
          ...(result.confirming === undefined ? [] : [stats('confirming run: ', result.confirming.stats)]),
          `  outcome: ${shown.outcome.kind}${shown.outcome.kind === 'channelSuspected' ? ` — ${shown.outcome.evidence.reason}` : ''}`,
          reachedEnd
            ? `  reached the last requested time t = ${lastTime}`
            : `  stopped${endT === undefined ? '' : ` at t = ${endT}`}, before the last requested time t = ${lastTime}`,
          '',
        ];
        io.stdout(lines.join('\n'));
      }
      if (interrupted) return 130;
      return confirmation?.kind === 'unconfirmed' ? 1 : 0;
    }
  },
};
