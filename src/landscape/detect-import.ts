import { closeSync, constants, fstatSync, openSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { InputError } from '../errors.js';
import type { Layout } from '../network/params.js';
import { ParamsSpec, parseWith } from '../network/spec.js';
import { fromDouble, precision } from '../precision/context.js';
import { parseNpy, type RawTensor } from '../io/parse-npy.js';
import { parseSafetensors } from '../io/parse-safetensors.js';

/** The file formats {@link importNetwork} reads. */
export type NetworkFormat = 'params-json' | 'state-dict-json' | 'npy' | 'safetensors';

/** A trained two-layer network read from files: its layout and parameters as exact decimal strings. */
export interface ImportedNetwork {
  readonly format: NetworkFormat;
  readonly layout: Layout;
  /** `{"w": [[…]], "a": […], "b"?}`: rows of w hold the hidden bias last when `layout.hiddenBias`. */
  readonly params: { readonly w: string[][]; readonly a: string[]; readonly b?: string };
  /** The lowest precision found in the files: `float16`, `bfloat16`, `float32`, `float64` or `decimal`. */
  readonly sourcePrecision: 'float16' | 'bfloat16' | 'float32' | 'float64' | 'decimal';
}

/** Options of {@link importNetwork}. */
export interface ImportOptions {
  /**
   * For parameters JSON and .npy, whose rows cannot say it: the last entry of each row of w is a hidden bias.
   * State dicts say it themselves (a first-layer bias tensor). Default false.
   */
  readonly hiddenBias?: boolean;
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
  const { hiddenBias = false } = options;
  const parts = ref.split(',').map((s) => s.trim());
  if (parts.length > 1 || parts[0]?.endsWith('.npy') === true) return fromNpy(parts, hiddenBias);
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
    return fromStateDict(tensors, path, 'safetensors', lowest(dtypes));
  }
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf8').decode(bytes)) as unknown;
  } catch (e) {
    throw new InputError(`${path}: not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (json !== null && typeof json === 'object' && !Array.isArray(json) && 'w' in json && 'a' in json) {
    const spec = parseWith(ParamsSpec, json, path);
    const rows = spec.w.map((row) => row.map((v) => numberText(v, path)));
    const a = spec.a.map((v) => numberText(v, path));
    const b = spec.b === undefined ? undefined : numberText(spec.b, path);
    return build('params-json', rows, a, b, hiddenBias, path, 'decimal');
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json))
    throw new InputError(`${path}: expected {"w", "a", "b"?} or a state dict {"0.weight": …, "2.weight": …}`);
  const tensors = new Map<string, TaggedTensor>();
  for (const [key, value] of Object.entries(json as Record<string, unknown>))
    tensors.set(key, { ...jsonTensor(value, `${path}: ${key}`), precision: 'decimal' });
  return fromStateDict(tensors, path, 'state-dict-json', 'decimal');
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
  return build(format, rows, [...A.values], ob?.values[0], hb !== undefined, path, sourcePrecision);
}

function fromNpy(paths: readonly string[], hiddenBias: boolean): ImportedNetwork {
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
    throw new InputError(`${basename(wPath)}: w must be 2-D (r × m), got shape [${W.shape.join(', ')}]`);
  const [r, m] = W.shape as [number, number];
  if (A.values.length !== r || A.shape.filter((s) => s !== 1).length > 1)
    throw new InputError(
      `${basename(aPath)}: a must have ${r} entries (one per row of w), got shape [${A.shape.join(', ')}]`,
    );
  if (B !== undefined && B.values.length !== 1)
    throw new InputError(`${basename(bPath ?? '')}: b (the output bias) must hold one value`);
  const rows = Array.from({ length: r }, (_, k) => W.values.slice(k * m, (k + 1) * m));
  const prec = lowest([W.precision, A.precision, ...(B === undefined ? [] : [B.precision])]);
  return build('npy', rows, [...A.values], B?.values[0], hiddenBias, wPath, prec);
}

function build(
  format: NetworkFormat,
  w: string[][],
  a: string[],
  b: string | undefined,
  hiddenBias: boolean,
  what: string,
  sourcePrecision: SourcePrecision,
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
  return { format, layout, params: b === undefined ? { w, a } : { w, a, b }, sourcePrecision };
}
