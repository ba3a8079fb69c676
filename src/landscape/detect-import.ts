import { closeSync, constants, fstatSync, openSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { InputError } from '../errors.js';
import type { Layout } from '../network/params.js';
import { ParamsSpec, parseWith } from '../network/spec.js';
import { fromDouble, precision } from '../precision/context.js';
import { parseNpy, type RawTensor } from '../io/parse-npy.js';
import { parseSafetensors } from '../io/parse-safetensors.js';

/** The file formats {@link importNetwork} reads. */
export type NetworkFormat = 'params-json' | 'state-dict-json' | 'npy' | 'safetensors' | 'sklearn-json';

/**
 * How a first-layer matrix is laid out. `torch`: one row per neuron, k × d (PyTorch's `weight`, the toolkit's
 * parameters JSON). `sklearn`: one column per neuron, d × k (scikit-learn's `coefs_[0]`, JAX/Flax `kernel`, the
 * `W` of `x @ W`). With hidden biases the bias is the last entry of each neuron: the last column (torch) or the
 * last row (sklearn).
 */
export type WeightLayout = 'torch' | 'sklearn';

/** A trained two-layer network read from files: its layout and parameters as exact decimal strings. */
export interface ImportedNetwork {
  readonly format: NetworkFormat;
  readonly layout: Layout;
  /** `{"w": [[…]], "a": […], "b"?}`: rows of w hold the hidden bias last when `layout.hiddenBias`. */
  readonly params: { readonly w: string[][]; readonly a: string[]; readonly b?: string };
  /** The lowest precision found in the files: `float16`, `bfloat16`, `float32`, `float64` or `decimal`. */
  readonly sourcePrecision: 'float16' | 'bfloat16' | 'float32' | 'float64' | 'decimal';
  /** The activation the file names (scikit-learn JSON), as the toolkit's name (`logistic` → `sigmoid`). */
  readonly activation?: string;
  /**
   * How the first-layer matrix was read, and what said so: the file format's own convention (state dicts,
   * scikit-learn JSON, parameters JSON), `--layout`, or the shapes (a non-square .npy whose rows match the readouts).
   */
  readonly weightLayout?: { readonly layout: WeightLayout; readonly from: 'format' | 'option' | 'shape' };
  /** What the import could not rule out (e.g. a square parameters-JSON matrix read by its convention). */
  readonly warnings?: readonly string[];
}

/** Options of {@link importNetwork}. */
export interface ImportOptions {
  /**
   * For parameters JSON and .npy, whose rows cannot say it: the last entry of each row of w is a hidden bias.
   * State dicts and scikit-learn JSON say it themselves (a bias tensor, `intercepts_`): there it is refused.
   * Default false.
   */
  readonly hiddenBias?: boolean;
  /**
   * For .npy and parameters JSON: how the first-layer matrix is laid out ({@link WeightLayout}). Required for a
   * square .npy matrix (rows could be neurons or inputs) and for one whose columns, not rows, match the readouts;
   * parameters JSON defaults to its own convention (`torch`: row k is neuron k). State dicts (`torch`) and
   * scikit-learn JSON (`sklearn`) fix it themselves: a contradicting value is refused. Default: undefined.
   */
  readonly layout?: WeightLayout;
}

/**
 * Reads a trained network (docs/detect.md lists the layouts):
 * - parameters JSON `{"w": [[…]], "a": […], "b"?}` (numbers or decimal strings);
 * - a state dict as JSON `{"0.weight": [[…]], "0.bias"?: […], "2.weight": [[…]], "2.bias"?: […]}` or as a
 *   `.safetensors` file with the same keys: the two `*.weight` tensors in natural key order are the first layer
 *   (r × d) and the second (1 × r); `*.bias` of the first is the hidden bias, of the second the output bias;
 * - NumPy: `w.npy,a.npy[,b.npy]` (comma-separated paths) or a directory holding `w.npy`, `a.npy` and optionally
 *   `b.npy`; w is r × m (m = d, or d + 1 with `hiddenBias`), a has r entries (any of r, 1 × r, r × 1), b one.
 * Float values are converted exactly (the decimal expansion of the binary value). Bad files are InputErrors.
 */
export function importNetwork(ref: string, options: ImportOptions = {}): ImportedNetwork {
  const { hiddenBias = false, layout } = options;
  const parts = ref.split(',').map((s) => s.trim());
  if (parts.length > 1 || parts[0]?.endsWith('.npy') === true) return fromNpy(parts, hiddenBias, layout);
  const path = parts[0] ?? '';
  let isDir = false;
  try {
    isDir = statSync(path).isDirectory();
  } catch {
    throw new InputError(`--network: cannot read "${path}"`);
  }
  if (isDir) {
    const files = readdirSync(path);
    if (!files.includes('w.npy') || !files.includes('a.npy'))
      throw new InputError(`--network: directory ${path} must hold w.npy and a.npy (and optionally b.npy)`);
    return fromNpy(
      ['w.npy', 'a.npy', ...(files.includes('b.npy') ? ['b.npy'] : [])].map((f) => join(path, f)),
      hiddenBias,
      layout,
    );
  }
  const bytes = readBytes(path);
  if (path.endsWith('.safetensors')) {
    const names: Readonly<Record<string, SourcePrecision>> = {
      F64: 'float64',
      F32: 'float32',
      F16: 'float16',
      BF16: 'bfloat16',
    };
    const tensors = new Map<string, TaggedTensor>();
    for (const [key, t] of parseSafetensors(bytes, path))
      tensors.set(key, tagged(t, names[t.dtype] ?? 'float64', `${path}: ${key}`));
    const dtypes = [...tensors.values()].map((t) => t.precision);
    refuseForOwnConvention(path, 'a state dict', 'torch', hiddenBias, layout);
    return fromStateDict(tensors, path, 'safetensors', lowest(dtypes));
  }
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf8').decode(bytes)) as unknown;
  } catch (e) {
    throw new InputError(`${path}: not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (json !== null && typeof json === 'object' && !Array.isArray(json) && 'coefs_' in json) {
    refuseForOwnConvention(path, 'scikit-learn JSON', 'sklearn', hiddenBias, layout);
    return fromSklearnJson(json as Record<string, unknown>, path);
  }
  if (json !== null && typeof json === 'object' && !Array.isArray(json) && 'w' in json && 'a' in json) {
    const spec = parseWith(ParamsSpec, json, path);
    const matrix = spec.w.map((row) => row.map((v) => numberText(v, path)));
    const a = spec.a.map((v) => numberText(v, path));
    const b = spec.b === undefined ? undefined : numberText(spec.b, path);
    const rows = neuronRowsOf(matrix, a.length, layout ?? 'torch', path, 'w', hiddenBias, false);
    const square = matrix.length > 1 && matrix.length === (matrix[0]?.length ?? 0);
    const net = build('params-json', rows, a, b, hiddenBias, path, 'decimal', {
      layout: layout ?? 'torch',
      from: layout === undefined ? 'format' : 'option',
    });
    return layout === undefined && square
      ? {
          ...net,
          warnings: [
            `w is square (${matrix.length} × ${matrix.length}): read by the parameters-JSON convention, one row per ` +
              'neuron; if its columns are the neurons (scikit-learn coefs_[0], a JAX kernel) pass --layout sklearn, ' +
              'and --layout torch to confirm the rows',
          ],
        }
      : net;
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json))
    throw new InputError(`${path}: expected {"w", "a", "b"?} or a state dict {"0.weight": …, "2.weight": …}`);
  const tensors = new Map<string, TaggedTensor>();
  for (const [key, value] of Object.entries(json as Record<string, unknown>))
    tensors.set(key, { ...jsonTensor(value, `${path}: ${key}`), precision: 'decimal' });
  refuseForOwnConvention(path, 'a state dict', 'torch', hiddenBias, layout);
  return fromStateDict(tensors, path, 'state-dict-json', 'decimal');
}

/**
 * State dicts and scikit-learn JSON fix the layout and the biases themselves: `--hidden-bias` (it would say the
 * last entry of a row is a bias, which these formats never do) and a contradicting `--layout` are refused.
 */
function refuseForOwnConvention(
  path: string,
  what: string,
  own: WeightLayout,
  hiddenBias: boolean,
  layout: WeightLayout | undefined,
): void {
  if (hiddenBias)
    throw new InputError(
      `--hidden-bias: ${path} is ${what}, whose hidden biases are a tensor of their own ` +
        `(${own === 'torch' ? '"<first>.bias"' : 'intercepts_[0]'}); remove --hidden-bias`,
    );
  if (layout !== undefined && layout !== own)
    throw new InputError(
      `--layout ${layout}: ${path} is ${what}, whose first-layer matrix is ${own === 'torch' ? 'k × d (PyTorch)' : 'd × k (scikit-learn coefs_[0])'} by its format; remove --layout`,
    );
}

/** scikit-learn's activation names → the toolkit's (smooth ones only). */
const SKLEARN_ACTIVATIONS: Readonly<Record<string, string>> = { tanh: 'tanh', logistic: 'sigmoid' };

/**
 * A fitted `MLPRegressor` as docs/detect.md's recipe writes it: `{"coefs_": [d × k, k × 1], "intercepts_": [k, 1]
 * | null, "activation"?: "tanh" | "logistic"}`. `coefs_[0]` is d × k (inputs × neurons), the transpose of
 * PyTorch's weight; `intercepts_` null (or each entry null) means no biases.
 */
function fromSklearnJson(json: Record<string, unknown>, path: string): ImportedNetwork {
  const allowed = new Set(['coefs_', 'intercepts_', 'activation']);
  const extra = Object.keys(json).filter((k) => !allowed.has(k));
  if (extra.length > 0)
    throw new InputError(
      `${path}: unexpected key ${extra[0] ?? ''} in scikit-learn JSON (expected coefs_, intercepts_, activation)`,
    );
  const coefs = json['coefs_'];
  if (!Array.isArray(coefs) || coefs.length !== 2)
    throw new InputError(
      `${path}: coefs_ must hold two matrices (one hidden layer: hidden_layer_sizes=(k,)), got ${Array.isArray(coefs) ? coefs.length : typeof coefs}`,
    );
  // The values are float64 arrays (tolist() of coefs_): read as the doubles they are, exactly, like .npy files.
  const f64 = (
    t: { shape: number[]; values: string[] },
    what: string,
  ): { shape: number[]; values: string[] } => ({
    shape: t.shape,
    values: t.values.map((v) => exactDouble(Number(v), what)),
  });
  const W = f64(jsonTensor(coefs[0], `${path}: coefs_[0]`), `${path}: coefs_[0]`);
  const V = f64(jsonTensor(coefs[1], `${path}: coefs_[1]`), `${path}: coefs_[1]`);
  if (W.shape.length !== 2)
    throw new InputError(
      `${path}: coefs_[0] must be d × k (inputs × neurons), got shape [${W.shape.join(', ')}]`,
    );
  const [d, k] = W.shape as [number, number];
  if (V.shape.length !== 2 || V.shape[0] !== k || V.shape[1] !== 1)
    throw new InputError(
      `${path}: coefs_[1] must be ${k} × 1 (one output), got shape [${V.shape.join(', ')}]`,
    );
  const icpt = json['intercepts_'];
  let hidden: string[] | undefined;
  let output: string | undefined;
  if (icpt !== undefined && icpt !== null) {
    if (!Array.isArray(icpt) || icpt.length !== 2)
      throw new InputError(`${path}: intercepts_ must be [hidden (${k}), output (1)] or null`);
    if (icpt[0] !== null) {
      const t = f64(jsonTensor(icpt[0], `${path}: intercepts_[0]`), `${path}: intercepts_[0]`);
      if (t.values.length !== k || t.shape.length !== 1)
        throw new InputError(
          `${path}: intercepts_[0] must have ${k} entries, got shape [${t.shape.join(', ')}]`,
        );
      hidden = t.values;
    }
    if (icpt[1] !== null) {
      const t = f64(jsonTensor(icpt[1], `${path}: intercepts_[1]`), `${path}: intercepts_[1]`);
      if (t.values.length !== 1)
        throw new InputError(`${path}: intercepts_[1] must have 1 entry, got shape [${t.shape.join(', ')}]`);
      output = t.values[0];
    }
  }
  let activation: string | undefined;
  const act = json['activation'];
  if (act !== undefined) {
    if (typeof act !== 'string') throw new InputError(`${path}: activation must be a string`);
    activation = SKLEARN_ACTIVATIONS[act];
    if (activation === undefined)
      throw new InputError(
        `${path}: activation "${act}": detect needs a smooth activation (scikit-learn's tanh or logistic); ` +
          `relu is not differentiable at 0 and identity makes a linear model`,
      );
  }
  const rows = Array.from({ length: k }, (_, n) => {
    const row = Array.from({ length: d }, (_, c) => W.values[c * k + n] as string);
    return hidden === undefined ? row : [...row, hidden[n] as string];
  });
  const net = build('sklearn-json', rows, V.values, output, hidden !== undefined, path, 'float64', {
    layout: 'sklearn',
    from: 'format',
  });
  return activation === undefined ? net : { ...net, activation };
}

/**
 * The neuron rows of a first-layer matrix read as `layout` (torch: rows are neurons; sklearn: columns are). The
 * matrix must fit the readouts (`r` entries) in that layout; `refuseSquare` refuses a square matrix, whose
 * layout the shapes cannot tell, and a mismatch names the layout that would fit.
 */
function neuronRowsOf(
  matrix: string[][],
  r: number,
  layout: WeightLayout,
  path: string,
  what: string,
  hiddenBias: boolean,
  refuseSquare: boolean,
): string[][] {
  const p = matrix.length;
  const q = matrix[0]?.length ?? 0;
  if (matrix.some((row) => row.length !== q))
    throw new InputError(`${path}: rows of ${what} differ in length`);
  const shape = `${p} × ${q}`;
  const biasNote = hiddenBias ? ' (inputs counting the hidden-bias entry)' : '';
  if (refuseSquare && p === q && p > 1)
    throw new InputError(
      `${path}: ${what} is square (${shape}): its rows could be neurons (k × d: PyTorch's weight, --layout torch) ` +
        `or inputs${biasNote} (d × k: scikit-learn's coefs_[0], a JAX/Flax kernel, the W of x @ W: --layout sklearn); ` +
        'pass --layout torch or --layout sklearn',
    );
  if (layout === 'torch') {
    if (p !== r && q === r)
      throw new InputError(
        `${path}: ${what} is ${shape} and a has ${r} entries: its columns, not its rows, are the neurons ` +
          `(d × k, as scikit-learn's coefs_[0] or a JAX kernel); pass --layout sklearn`,
      );
    return matrix;
  }
  if (q !== r)
    throw new InputError(
      `${path}: with --layout sklearn ${what} (${shape}) must have one column per neuron, ${r}` +
        (p === r ? '; its rows match the readouts: pass --layout torch' : ''),
    );
  return Array.from({ length: q }, (_, n) => matrix.map((row) => row[n] as string));
}

type SourcePrecision = ImportedNetwork['sourcePrecision'];
type TaggedTensor = {
  readonly shape: readonly number[];
  readonly values: readonly string[];
  readonly precision: SourcePrecision;
};

const ORDER: readonly SourcePrecision[] = ['float16', 'bfloat16', 'float32', 'float64', 'decimal'];

function lowest(ps: readonly SourcePrecision[]): SourcePrecision {
  return ps.reduce<SourcePrecision>((m, p) => (ORDER.indexOf(p) < ORDER.indexOf(m) ? p : m), 'decimal');
}

/** Network files larger than this are refused (a million float64 parameters take 8 MB). */
export const MAX_NETWORK_FILE_BYTES = 256 * 2 ** 20;

function readBytes(path: string): Uint8Array {
  let fd: number | undefined;
  try {
    // Non-blocking: opening a FIFO for reading would otherwise wait for a writer forever.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    // Type and size of the open file: a device such as /dev/zero would be read forever.
    const st = fstatSync(fd);
    if (!st.isFile()) throw new InputError(`--network: "${path}" is not a regular file`);
    if (st.size > MAX_NETWORK_FILE_BYTES)
      throw new InputError(
        `--network: "${path}" has ${st.size} bytes, more than the ${MAX_NETWORK_FILE_BYTES} a network file may have`,
      );
    return new Uint8Array(readFileSync(fd));
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`--network: cannot read "${path}"`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The exact decimal expansion of a double (finite values only). */
function exactDouble(x: number, what: string): string {
  if (!Number.isFinite(x)) throw new InputError(`${what}: a value is not finite (${x})`);
  return fromDouble(EXACT, x).toString();
}

/** Enough digits for any double's exact expansion (at most 767 significant digits). */
const EXACT = precision(800);

/** A finite decimal number as text: no NaN, Infinity or expression (a trained network's parameters are numbers). */
const DECIMAL_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d{1,15})?$/;

/**
 * A JSON number through its shortest decimal form (as problem specs read them); a string only when it is a finite
 * decimal number ("NaN" and "Infinity" were accepted and gave a verdict on a NaN norm).
 */
function numberText(v: number | string, what: string): string {
  if (typeof v === 'string') {
    const text = v.trim();
    if (!DECIMAL_TEXT.test(text))
      throw new InputError(
        `${what}: ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)} is not a finite decimal number`,
      );
    return text;
  }
  if (!Number.isFinite(v)) throw new InputError(`${what}: a value is not finite`);
  return String(v);
}

function jsonTensor(value: unknown, what: string): { shape: number[]; values: string[] } {
  const isNum = (x: unknown): x is number | string => typeof x === 'number' || typeof x === 'string';
  if (isNum(value)) return { shape: [], values: [numberText(value, what)] };
  if (Array.isArray(value) && value.every(isNum))
    return { shape: [value.length], values: value.map((x) => numberText(x, what)) };
  if (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every(
      (row) => Array.isArray(row) && row.every(isNum) && row.length === (value[0] as unknown[]).length,
    )
  ) {
    const rows = value as (number | string)[][];
    return {
      shape: [rows.length, rows[0]?.length ?? 0],
      values: rows.flat().map((x) => numberText(x, what)),
    };
  }
  throw new InputError(`${what}: expected a number, a list of numbers or a rectangular list of lists`);
}

function tagged(t: RawTensor, precision: SourcePrecision, what: string): TaggedTensor {
  return { shape: t.shape, values: t.values.map((v) => exactDouble(v, what)), precision };
}

/** Natural order: digit runs compare as numbers ("2" < "10"). */
function naturalCompare(x: string, y: string): number {
  return x.localeCompare(y, 'en', { numeric: true });
}

function fromStateDict(
  tensors: ReadonlyMap<string, TaggedTensor>,
  path: string,
  format: NetworkFormat,
  sourcePrecision: SourcePrecision,
): ImportedNetwork {
  const weights = [...tensors.keys()].filter((k) => k.endsWith('.weight')).sort(naturalCompare);
  const unknown = [...tensors.keys()].filter((k) => !k.endsWith('.weight') && !k.endsWith('.bias'));
  if (weights.length !== 2 || unknown.length > 0)
    throw new InputError(
      `${path}: expected a state dict of two Linear layers ("<first>.weight", "<second>.weight", optional ".bias"), ` +
        `found keys ${[...tensors.keys()].join(', ')}`,
    );
  const [k1, k2] = weights as [string, string];
  const p1 = k1.slice(0, -'.weight'.length);
  const p2 = k2.slice(0, -'.weight'.length);
  const extra = [...tensors.keys()].filter(
    (k) => k.endsWith('.bias') && k !== `${p1}.bias` && k !== `${p2}.bias`,
  );
  if (extra.length > 0) throw new InputError(`${path}: bias ${extra.join(', ')} belongs to no weight`);
  const W = tensors.get(k1) as TaggedTensor;
  const A = tensors.get(k2) as TaggedTensor;
  if (W.shape.length !== 2)
    throw new InputError(`${path}: ${k1} must be 2-D (r × d), got shape [${W.shape.join(', ')}]`);
  const [r, d] = W.shape as [number, number];
  if (A.values.length !== r || (A.shape.length === 2 && A.shape[0] !== 1))
    throw new InputError(
      `${path}: ${k2} must have shape [1, ${r}] (one output), got [${A.shape.join(', ')}]`,
    );
  const hb = tensors.get(`${p1}.bias`);
  const ob = tensors.get(`${p2}.bias`);
  if (hb !== undefined && hb.values.length !== r)
    throw new InputError(`${path}: ${p1}.bias must have ${r} entries, got ${hb.values.length}`);
  if (ob !== undefined && ob.values.length !== 1)
    throw new InputError(`${path}: ${p2}.bias must have 1 entry, got ${ob.values.length}`);
  const rows = Array.from({ length: r }, (_, k) => {
    const row = W.values.slice(k * d, (k + 1) * d);
    return hb === undefined ? row : [...row, hb.values[k] as string];
  });
  return build(format, rows, [...A.values], ob?.values[0], hb !== undefined, path, sourcePrecision, {
    layout: 'torch',
    from: 'format',
  });
}

function fromNpy(
  paths: readonly string[],
  hiddenBias: boolean,
  layout: WeightLayout | undefined,
): ImportedNetwork {
  if (paths.length < 2 || paths.length > 3)
    throw new InputError(
      `--network: give w.npy,a.npy[,b.npy] (two or three .npy paths), got ${paths.length}`,
    );
  const read = (path: string): TaggedTensor => {
    const bytes = readBytes(path);
    const t = parseNpy(bytes, path);
    const f4 = /'descr':\s*'[<=]f4'/.test(new TextDecoder('latin1').decode(bytes.subarray(0, 128)));
    return tagged(t, f4 ? 'float32' : 'float64', path);
  };
  const [wPath, aPath, bPath] = paths as [string, string, string | undefined];
  const W = read(wPath);
  const A = read(aPath);
  const B = bPath === undefined ? undefined : read(bPath);
  if (W.shape.length !== 2)
    throw new InputError(
      `${basename(wPath)}: w must be 2-D (k × m with --layout torch, m × k with --layout sklearn), got shape [${W.shape.join(', ')}]`,
    );
  const [p, q] = W.shape as [number, number];
  const r = A.values.length;
  if (A.shape.filter((s) => s !== 1).length > 1)
    throw new InputError(
      `${basename(aPath)}: a must be a vector (one readout per neuron), got shape [${A.shape.join(', ')}]`,
    );
  if (B !== undefined && B.values.length !== 1)
    throw new InputError(`${basename(bPath ?? '')}: b (the output bias) must hold one value`);
  const matrix = Array.from({ length: p }, (_, k) => W.values.slice(k * q, (k + 1) * q));
  const rows = neuronRowsOf(
    matrix,
    r,
    layout ?? 'torch',
    basename(wPath),
    'w',
    hiddenBias,
    layout === undefined,
  );
  const prec = lowest([W.precision, A.precision, ...(B === undefined ? [] : [B.precision])]);
  return build('npy', rows, [...A.values], B?.values[0], hiddenBias, wPath, prec, {
    layout: layout ?? 'torch',
    from: layout === undefined ? 'shape' : 'option',
  });
}

function build(
  format: NetworkFormat,
  w: string[][],
  a: string[],
  b: string | undefined,
  hiddenBias: boolean,
  what: string,
  sourcePrecision: SourcePrecision,
  weightLayout: NonNullable<ImportedNetwork['weightLayout']>,
): ImportedNetwork {
  const r = w.length;
  if (r === 0) throw new InputError(`${what}: the network has no hidden neurons`);
  const m = w[0]?.length ?? 0;
  if (w.some((row) => row.length !== m)) throw new InputError(`${what}: rows of w differ in length`);
  if (a.length !== r)
    throw new InputError(`${what}: a has ${a.length} entries, expected ${r} (one per row of w)`);
  const d = m - (hiddenBias ? 1 : 0);
  if (d < 1) throw new InputError(`${what}: rows of w have ${m} entries: no input weights`);
  const layout: Layout = { width: r, inputDimension: d, hiddenBias, outputBias: b !== undefined };
  return {
    format,
    layout,
    params: b === undefined ? { w, a } : { w, a, b },
    sourcePrecision,
    weightLayout,
    warnings: [],
  };
}
