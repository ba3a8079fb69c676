import { createHash } from 'node:crypto';
import { z } from 'zod';
import { InputError } from '../errors.js';
import { parseWith } from '../network/spec.js';
import { precision } from '../precision/context.js';
import type { ConfirmedFlowCheckpoint } from './confirmed-flow-run.js';
import { FLOW_CHECKPOINT_VERSION, type FlowCheckpoint } from './integrate.js';

/** What a checkpoint file is bound to besides the run's options: the problem by content and the toolkit. */
export interface FlowRunIdentity {
  /** The problem's validated spec (hashed: its name and the path it was read from play no part). */
  readonly spec: unknown;
  /** The toolkit version computing the run (a new version may take other steps). */
  readonly toolkit: string;
}

/**
 * A flow checkpoint as written to a file: the two runs' checkpoints ({@link ConfirmedFlowCheckpoint}), bound to
 * the problem's content, the run's options and the toolkit version, and sealed with a checksum.
 */
export interface FlowCheckpointFile {
  readonly format: 'flat-channels-flow-checkpoint';
  readonly version: 4;
  /** The toolkit version that wrote it. */
  readonly toolkit: string;
  /** SHA-256 (hex) of the canonical JSON of the problem spec. */
  readonly problem: string;
  /** The run's options (start, times, method, digits, confirmation: the key of ConfirmedFlowRun). */
  readonly run: string;
  /** SHA-256 (hex) of the canonical JSON of {toolkit, problem, run}: one value that names the run. */
  readonly key: string;
  readonly primary: FlowCheckpoint;
  readonly confirming: FlowCheckpoint | null;
  /** SHA-256 (hex) of the canonical JSON of every other field: an edited or damaged file is refused. */
  readonly sha256: string;
}

/** The file format version: 4 since each run's checkpoint holds its Radau stepper's state (version 3 did not). */
const FILE_VERSION = 4 as const;

/** A file larger than this is not a checkpoint of ours (a million records of a thousand parameters is less). */
export const MAX_CHECKPOINT_BYTES = 2 ** 30;

/** SHA-256 (hex) of the canonical JSON of `value` (object keys sorted at every level). */
export function contentHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

/**
 * The text of a checkpoint file for `checkpoint` (from {@link ConfirmedFlowRun.checkpoint}) of the run identified
 * by `identity`.
 *
 * Syntax: `flowCheckpointText(run.checkpoint(), { spec: problem.spec, toolkit: '0.2.0' })`
 *
 * See also: {@link readFlowCheckpoint}, which checks all of it before a run continues from it.
 */
export function flowCheckpointText(checkpoint: ConfirmedFlowCheckpoint, identity: FlowRunIdentity): string {
  const problem = contentHash(identity.spec);
  const body = {
    format: 'flat-channels-flow-checkpoint' as const,
    version: FILE_VERSION,
    toolkit: identity.toolkit,
    problem,
    run: checkpoint.key,
    key: contentHash({ toolkit: identity.toolkit, problem, run: checkpoint.key }),
    primary: checkpoint.primary,
    confirming: checkpoint.confirming,
  };
  const file: FlowCheckpointFile = { ...body, sha256: contentHash(body) };
  return JSON.stringify(file) + '\n';
}

/**
 * Reads a checkpoint file's text for the run identified by `identity` and `runKey` (see
 * {@link ConfirmedFlowRun.key}) and returns the checkpoint to restore. Refused with one InputError line that names
 * `what` (the file) and the problem: not JSON, another format or an older version, a checksum that does not match
 * the content (an edited or damaged file), a structure that is not a checkpoint's (missing fields, a bogus mode,
 * values that are not decimal numbers), or a checkpoint of another run (which option differs: problem content,
 * toolkit version, start, times, method, digits, confirmation).
 */
export function readFlowCheckpoint(
  text: string,
  what: string,
  identity: FlowRunIdentity,
  runKey: string,
): ConfirmedFlowCheckpoint {
  let json: unknown;
  try {
    json = JSON.parse(text) as unknown;
  } catch (e) {
    throw new InputError(
      `${what}: not a flow checkpoint (not JSON: ${e instanceof Error ? e.message : String(e)})`,
    );
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json))
    throw new InputError(`${what}: not a flow checkpoint (not a JSON object)`);
  const head = json as Record<string, unknown>;
  if (head['format'] !== 'flat-channels-flow-checkpoint')
    throw new InputError(`${what}: not a flow checkpoint (no "format": "flat-channels-flow-checkpoint")`);
  if (head['version'] !== FILE_VERSION)
    throw new InputError(
      `${what}: a flow checkpoint of format version ${JSON.stringify(head['version'])}, this toolkit reads version ` +
        `${FILE_VERSION} (written before the Radau stepper carried its state; start afresh: delete the file or run ` +
        `without --resume)`,
    );
  const { sha256, ...body } = head;
  if (typeof sha256 !== 'string' || sha256 !== contentHash(body))
    throw new InputError(
      `${what}: the checksum does not match the content (the file was edited or damaged); start afresh`,
    );
  const file = parseWith(FILE_SCHEMA, json, `${what}: not a valid flow checkpoint`);
  const problem = contentHash(identity.spec);
  if (file.problem !== problem)
    throw new InputError(
      `${what}: the checkpoint belongs to another problem (the spec's content differs from the one it was written for)`,
    );
  if (file.toolkit !== identity.toolkit)
    throw new InputError(
      `${what}: the checkpoint was written by flat-channels ${file.toolkit}, this is ${identity.toolkit} (start afresh)`,
    );
  if (file.run !== runKey) throw new InputError(`${what}: ${runDifference(file.run, runKey)}`);
  if (file.key !== contentHash({ toolkit: file.toolkit, problem: file.problem, run: file.run }))
    throw new InputError(`${what}: the key does not match the run it names (the file was edited)`);
  const timesProblem = eventTimesProblem(file.run, file.primary, file.confirming);
  if (timesProblem !== undefined)
    throw new InputError(
      `${what}: not a valid flow checkpoint: ${timesProblem} (the file was edited); start afresh`,
    );
  return {
    format: 'flat-channels-flow-checkpoint',
    version: 2,
    key: file.run,
    primary: file.primary as FlowCheckpoint,
    confirming: file.confirming as FlowCheckpoint | null,
  };
}

type RunTimes = Pick<z.infer<typeof RUN>, 't' | 'y' | 'h' | 'states' | 'records' | 'recordStates'>;

/**
 * The times a checkpoint's runs carry must be those of the run it names (its key holds the requested times): the
 * saved states at the first requested times in order, the records at increasing times in [0, last requested time],
 * the current time not before the last record, and the primary and confirming runs at the same times. A file that
 * passes the checksum (a forger can recompute it) but breaks these would make the resumed runs' events differ.
 */
function eventTimesProblem(run: string, primary: RunTimes, confirming: RunTimes | null): string | undefined {
  let times: string[];
  try {
    const k = JSON.parse(run) as { primary?: unknown };
    const t = (JSON.parse(String(k.primary)) as { times?: unknown }).times;
    if (!Array.isArray(t) || t.length === 0 || !t.every((v) => typeof v === 'string'))
      return 'its run key names no times';
    times = t as string[];
  } catch {
    return 'its run key is unreadable';
  }
  const { D } = precision(20); // comparisons of decimal strings are exact at any precision
  const last = new D(times[times.length - 1] as string);
  for (const [name, r] of [
    ['primary', primary],
    ['confirming', confirming],
  ] as const) {
    if (r === null) continue;
    if (r.states.length > times.length)
      return `the ${name} run has more events than the ${times.length} requested times`;
    for (const [i, s] of r.states.entries())
      if (!new D(s.t).eq(times[i] as string))
        return `the ${name} run's saved state ${i + 1} is at t = ${s.t}, not at the requested ${times[i]}`;
    let previous: InstanceType<typeof D> | undefined;
    for (const rec of r.records) {
      const t = new D(rec.t);
      if (t.isNeg() || t.gt(last) || (previous !== undefined && !t.gt(previous)))
        return `the ${name} run's records are not at increasing times in [0, ${times[times.length - 1]}] (t = ${rec.t})`;
      previous = t;
    }
    // A saved state repeats the record at its time (integrate records every event): a value edited in one of them
    // would be printed as if computed.
    for (const st of r.states) {
      const rec = r.records.find((x) => new D(x.t).eq(st.t));
      if (
        rec !== undefined &&
        canonicalJson([rec.params, rec.loss, rec.gradNorm]) !==
          canonicalJson([st.params, st.loss, st.gradNorm])
      )
        return `the ${name} run's saved state at t = ${st.t} differs from its record at that time`;
    }
    if (
      ![r.y, ...r.recordStates].every((y) => y.every((v) => Number.isFinite(Number(v)))) ||
      !Number.isFinite(Number(r.h))
    )
      return `the ${name} run's state or step size lies beyond the float64 range`;
    const now = new D(r.t);
    if (now.gt(last) || (previous !== undefined && now.lt(previous)))
      return `the ${name} run's current time ${r.t} is outside [last record, ${times[times.length - 1]}]`;
  }
  if (confirming !== null) {
    const same = <T extends { t: string }>(a: readonly T[], b: readonly T[]): boolean =>
      a.slice(0, Math.min(a.length, b.length)).every((x, i) => new D(x.t).eq((b[i] as T).t));
    if (!same(primary.states, confirming.states) || !same(primary.records, confirming.records))
      return 'the primary and confirming runs record different times';
  }
  return undefined;
}

/** Which option differs between two run keys (both JSON from ConfirmedFlowRun), in the user's words. */
function runDifference(saved: string, current: string): string {
  const intro = 'the checkpoint belongs to a different run';
  const parse = (key: string): Record<string, unknown> | undefined => {
    try {
      const k = JSON.parse(key) as { primary?: unknown; confirm?: unknown };
      const primary = JSON.parse(String(k.primary)) as Record<string, unknown>;
      return { ...primary, confirm: k.confirm };
    } catch {
      return undefined;
    }
  };
  const a = parse(saved);
  const b = parse(current);
  if (a === undefined || b === undefined) return `${intro} (its run key is unreadable)`;
  const names: Readonly<Record<string, string>> = {
    problem: 'problem',
    init: 'start (--init)',
    times: 'times (--t)',
    method: 'method (--method)',
    digits: 'digits (--digits)',
    confirm: 'confirmation (--no-confirm)',
  };
  const differing = [...new Set([...Object.keys(a), ...Object.keys(b)])]
    .filter((k) => canonicalJson(a[k]) !== canonicalJson(b[k]))
    .map((k) => names[k] ?? k);
  return `${intro}: its ${differing.join(', ') || 'options'} differ${differing.length === 1 ? 's' : ''} (start afresh: delete it or run without --resume)`;
}

const DECIMAL = z
  .string()
  .max(100_000)
  .regex(/^-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i, 'expected a finite decimal number as a string');
const COUNT = z.number().int().nonnegative();
const STATE = z.strictObject({ t: DECIMAL, params: z.array(DECIMAL), loss: DECIMAL, gradNorm: DECIMAL });
const RECORD = STATE.extend({ steps: COUNT, rejectedSteps: COUNT, evaluations: COUNT });
const RUN = z.strictObject({
  format: z.literal('flat-channels-flow-checkpoint'),
  version: z.literal(FLOW_CHECKPOINT_VERSION),
  key: z.string(),
  t: DECIMAL,
  y: z.array(DECIMAL).min(1),
  h: DECIMAL,
  mode: z.enum(['taylor', 'gbs', 'implicit']),
  sinceStiffnessCheck: COUNT,
  eventIndex: COUNT,
  states: z.array(STATE),
  records: z.array(RECORD).min(1),
  recordStates: z.array(z.array(DECIMAL)),
  stats: z.strictObject({
    steps: COUNT,
    rejectedSteps: COUNT,
    evaluations: COUNT,
    hessianEvaluations: COUNT,
    transcendentals: COUNT,
    stepsByMethod: z.partialRecord(z.enum(['taylor', 'gbs', 'implicit']), COUNT),
    maxLog10LocalError: z.number().finite(),
  }),
  implicitUsed: z.boolean(),
  stepper: z
    .strictObject({
      stages: z.number().int().min(1).max(25),
      hPrevious: DECIMAL.nullable(),
      increments: z.array(
        z
          .string()
          .max(100_000)
          .regex(/^-?\d+(\.\d*)?(e[+-]?\d+)?$/i),
      ),
      errorPrevious: z.number().finite().nonnegative(),
      rejected: z.boolean(),
      jacobian: z.array(DECIMAL).nullable(),
    })
    .nullable(),
});
const HEX = z.string().regex(/^[0-9a-f]{64}$/, 'expected a SHA-256 in hex');
const FILE_SCHEMA = z.strictObject({
  format: z.literal('flat-channels-flow-checkpoint'),
  version: z.literal(FILE_VERSION),
  toolkit: z.string(),
  problem: HEX,
  run: z.string(),
  key: HEX,
  primary: RUN,
  confirming: RUN.nullable(),
  sha256: HEX,
});

/** JSON with object keys sorted at every level, so equal values always give equal text (and equal hashes). */
function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value)) ?? 'undefined';
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}
