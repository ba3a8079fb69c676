import { z } from 'zod';
import { InputError } from '../errors.js';

/**
 * A number as it may appear in a spec: a JSON number, or a string holding a decimal literal (`"0.1"`, `"-2.5e-30"`)
 * or a constant expression (`"sqrt(3)"`, `"-pi/4"`). Strings are exact; JSON numbers are read through their
 * shortest decimal form (so 0.1 means 1/10), which is exact for up to 15 significant digits — give longer values as
 * strings.
 */
export const NumberLike = z.union([z.number(), z.string()], {
  error: (issue) =>
    issue.input === undefined
      ? 'missing'
      : `expected a number or a decimal string, got ${describe(issue.input)}`,
});
export type NumberLike = z.infer<typeof NumberLike>;

/** Network parameters: row k of `w` is neuron k's input weights (bias last when hidden biases are on). */
export const ParamsSpec = z.strictObject({
  w: z.array(z.array(NumberLike)),
  a: z.array(NumberLike),
  /** The output bias, present exactly when the network has one. */
  b: NumberLike.optional(),
});
export type ParamsSpec = z.infer<typeof ParamsSpec>;

/** Inputs: explicit rows (a bare number is a 1-D input), or a regular grid (`points` per axis, ends included). */
export const InputsSpec = z.union(
  [
    z.array(z.union([NumberLike, z.array(NumberLike)])),
    z.strictObject({
      grid: z.strictObject({
        lower: z.array(NumberLike),
        upper: z.array(NumberLike),
        points: z.array(z.number().int().min(1).max(100_000)),
      }),
    }),
  ],
  { error: () => 'expected an array of inputs or {"grid": {"lower", "upper", "points"}}' },
);
export type InputsSpec = z.infer<typeof InputsSpec>;

export const TeacherSpec = z.strictObject({
  /** Defaults to the student's activation. */
  activation: z.string().min(1).optional(),
  hiddenBias: z.boolean().default(false),
  outputBias: z.boolean().default(false),
  params: ParamsSpec,
});
export type TeacherSpec = z.infer<typeof TeacherSpec>;

/** `zscore`: subtract the mean and divide by the (population, 1/N) standard deviation over the data. */
export const TargetTransform = z.enum(['none', 'zscore']);

export const DataSpec = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({
      kind: z.literal('samples'),
      inputs: InputsSpec,
      targets: z.array(NumberLike),
      weights: z.array(NumberLike).optional(),
    }),
    z.strictObject({
      kind: z.literal('teacher'),
      inputs: InputsSpec,
      teacher: TeacherSpec,
      weights: z.array(NumberLike).optional(),
    }),
    z.strictObject({
      kind: z.literal('formula'),
      inputs: InputsSpec,
      /** A formula in x (1-D) or x1, x2, … (any dimension). */
      target: z.string().min(1),
      transform: TargetTransform.default('none'),
      weights: z.array(NumberLike).optional(),
    }),
    z.strictObject({
      kind: z.literal('population'),
      distribution: z.literal('standard-normal'),
      target: z.union([
        z.strictObject({ formula: z.string().min(1) }),
        z.strictObject({ teacher: TeacherSpec }),
      ]),
      /**
       * The fixed rule behind the population loss. `trapezoid`: the trapezoidal rule in each coordinate on a
       * grid x = j·h (|x| ≤ the Gaussian cut-off), weights ∝ h·φ(x), the product rule in d > 1 dimensions; it
       * converges faster than any power of h for entire integrands. `step` fixes h (a number or decimal string);
       * by default h = 2^−k is chosen once per precision, at the initial point (see Problem.dataset).
       */
      quadrature: z
        .strictObject({
          rule: z.literal('trapezoid').default('trapezoid'),
          step: NumberLike.optional(),
        })
        .default({ rule: 'trapezoid' }),
    }),
    z.strictObject({
      kind: z.literal('gp'),
      inputs: InputsSpec,
      /**
       * Targets: one draw of a zero-mean Gaussian process at the inputs (rounded to float64), y = L·z with L the
       * float64 Cholesky factor of K + jitter·I, K_ij = k(‖x_i − x_j‖), z seeded standard normals (gp-target.ts);
       * the targets are those doubles exactly. `matern32`: k(r) = (1 + √3 r/s) exp(−√3 r/s).
       */
      kernel: z.literal('matern32'),
      /** The kernel's length scale s > 0. */
      scale: NumberLike,
      seed: z
        .number()
        .int()
        .min(0)
        .max(2 ** 31 - 1),
      /** Added to K's diagonal (default 1e-10). */
      jitter: NumberLike.optional(),
      weights: z.array(NumberLike).optional(),
    }),
  ],
  { error: () => 'expected "kind" to be one of "samples", "teacher", "formula", "population", "gp"' },
);
export type DataSpec = z.infer<typeof DataSpec>;

/** A seed of the seeded initialisations and data (a non-negative 31-bit integer). */
const Seed = z
  .number()
  .int()
  .min(0)
  .max(2 ** 31 - 1);

/** The initial point: explicit parameters of the given schema, or a seeded Glorot-normal draw. */
function initSpecOf<T extends z.ZodType>(params: T) {
  return z.discriminatedUnion(
    'kind',
    [
      z.strictObject({ kind: z.literal('explicit'), params }),
      z.strictObject({ kind: z.literal('glorot-normal'), seed: Seed }),
    ],
    { error: () => 'expected "kind" to be "explicit" or "glorot-normal"' },
  );
}

export const InitSpec = initSpecOf(ParamsSpec);
export type InitSpec = z.infer<typeof InitSpec>;

export const PROBLEM_FORMAT = 'flat-channels-problem';
export const PROBLEM_VERSION = 1;

/** A problem: data, a student network and its initial point. */
export const ProblemSpec = z.strictObject({
  format: z.literal(PROBLEM_FORMAT),
  version: z.literal(PROBLEM_VERSION),
  name: z.string().min(1),
  description: z.string().default(''),
  activation: z.string().min(1),
  hiddenBias: z.boolean(),
  outputBias: z.boolean(),
  inputDimension: z.number().int().min(1).max(1000),
  data: DataSpec,
  student: z.strictObject({
    width: z.number().int().min(1).max(1000),
    init: InitSpec,
  }),
});
export type ProblemSpec = z.infer<typeof ProblemSpec>;

/** The format version of problems with C outputs (version 1 specs, scalar problems, are read unchanged). */
export const MULTI_OUTPUT_PROBLEM_VERSION = 2;

/** Parameters of a network with C outputs: `a` has one row of r readout weights per output, `b` one bias each. */
export const MultiOutputParamsSpec = z.strictObject({
  w: z.array(z.array(NumberLike)),
  a: z.array(z.array(NumberLike)),
  b: z.array(NumberLike).optional(),
});
export type MultiOutputParamsSpec = z.infer<typeof MultiOutputParamsSpec>;

/**
 * Data of a multi-output problem: explicit samples (C targets per input for the squared error, an integer label
 * 0…C−1 per input for cross-entropy), or a seeded Gaussian mixture of C classes (labels).
 */
export const MultiOutputDataSpec = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({
      kind: z.literal('samples'),
      inputs: InputsSpec,
      /** Squared error: one row of C targets per input. */
      targets: z.array(z.array(NumberLike)).optional(),
      /** Cross-entropy: one class 0…C−1 per input. */
      labels: z.array(z.number().int().min(0)).optional(),
      weights: z.array(NumberLike).optional(),
    }),
    z.strictObject({
      kind: z.literal('gaussian-mixture'),
      /** Samples drawn per class (N = C · samplesPerClass, interleaved: sample n has class n mod C). */
      samplesPerClass: z.number().int().min(1).max(10_000),
      /** Class means have norm ≈ separation (coordinates N(0, separation²/d)); the noise is N(0, I). */
      separation: NumberLike.default(3),
      seed: Seed,
    }),
  ],
  { error: () => 'expected "kind" to be "samples" or "gaussian-mixture"' },
);
export type MultiOutputDataSpec = z.infer<typeof MultiOutputDataSpec>;

/** A problem with C outputs (format version 2). */
export const MultiOutputProblemSpec = z.strictObject({
  format: z.literal(PROBLEM_FORMAT),
  version: z.literal(MULTI_OUTPUT_PROBLEM_VERSION),
  name: z.string().min(1),
  description: z.string().default(''),
  activation: z.string().min(1),
  hiddenBias: z.boolean(),
  outputBias: z.boolean(),
  inputDimension: z.number().int().min(1).max(1000),
  outputs: z.number().int().min(1).max(1000),
  /** `mse`: (1/N) Σ ρ ‖f − y‖²; `cross-entropy`: (1/N) Σ ρ (log Σ_c e^{f_c} − f_y). */
  loss: z.enum(['mse', 'cross-entropy']),
  data: MultiOutputDataSpec,
  student: z.strictObject({
    width: z.number().int().min(1).max(1000),
    init: initSpecOf(MultiOutputParamsSpec),
  }),
});
export type MultiOutputProblemSpec = z.infer<typeof MultiOutputProblemSpec>;

/** Whether parsed JSON claims the multi-output format (version 2); its validation is left to the schema. */
export function isMultiOutputSpec(raw: unknown): boolean {
  return (
    typeof raw === 'object' &&
    raw !== null &&
    (raw as { version?: unknown }).version === MULTI_OUTPUT_PROBLEM_VERSION
  );
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'number') return String(v);
  return JSON.stringify(v) ?? typeof v;
}

/** `data.inputs[3][0]` from a zod path. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path)
    out += typeof key === 'number' ? `[${key}]` : `${out === '' ? '' : '.'}${String(key)}`;
  return out === '' ? '(top level)' : out;
}

/**
 * Validates parsed JSON against a schema, or throws one InputError naming the first offending field,
 * e.g. `problem spec: data.targets[2]: expected a number or a decimal string, got null`.
 */
export function parseWith<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = firstLeafIssue(r.error.issues);
  const more = r.error.issues.length > 1 ? ` (and ${r.error.issues.length - 1} more)` : '';
  throw new InputError(`${what}: ${formatPath(issue.path)}: ${issue.message}${more}`);
}

type Issue = z.core.$ZodIssue;

/** For unions zod reports one issue per branch; prefer the deepest one, which names the actual field. */
function firstLeafIssue(issues: readonly Issue[]): Issue {
  const first = issues[0];
  if (first === undefined) throw new Error('parseWith: zod reported failure without issues');
  if (first.code === 'invalid_union' && first.errors.length > 0) {
    const branches = first.errors.map((branch) => firstLeafIssue(branch));
    const deepest = branches.reduce((best, b) => (b.path.length > best.path.length ? b : best));
    if (deepest.path.length > 0) return { ...deepest, path: [...first.path, ...deepest.path] };
  }
  return first;
}
