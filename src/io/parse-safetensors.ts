import { InputError } from '../errors.js';
import type { RawTensor } from './parse-npy.js';

const SIZES: Readonly<Record<string, number>> = { F64: 8, F32: 4, F16: 2, BF16: 2 };

/** IEEE half precision → double (exact). */
function halfToNumber(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac === 0 ? sign * Infinity : NaN;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

/**
 * Parses a safetensors file: an 8-byte little-endian header length, a JSON header
 * `{name: {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__"?: {…}}`, then the data (offsets
 * relative to the end of the header). Reads F64, F32, F16 and BF16 tensors (exactly, as doubles).
 */
export function parseSafetensors(
  bytes: Uint8Array,
  what: string,
): Map<string, RawTensor & { readonly dtype: string }> {
  if (bytes.length < 8) throw new InputError(`${what}: not a safetensors file (shorter than 8 bytes)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = view.getBigUint64(0, true);
  if (n > BigInt(bytes.length - 8))
    throw new InputError(`${what}: not a safetensors file (header length ${n})`);
  const len = Number(n);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf8').decode(bytes.subarray(8, 8 + len)));
  } catch {
    throw new InputError(`${what}: not a safetensors file (the header is not JSON)`);
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header))
    throw new InputError(`${what}: safetensors header is not a JSON object`);
  const base = 8 + len;
  const out = new Map<string, RawTensor & { readonly dtype: string }>();
  const spans: { readonly name: string; readonly begin: number; readonly end: number }[] = [];
  for (const [name, entry] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') continue;
    const e = entry as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    const dtype = typeof e.dtype === 'string' ? e.dtype : '';
    const size = SIZES[dtype];
    if (size === undefined)
      throw new InputError(
        `${what}: tensor ${name}: dtype ${String(e.dtype)} not supported (F64, F32, F16, BF16)`,
      );
    const shape = e.shape;
    const offsets = e.data_offsets;
    if (
      !Array.isArray(shape) ||
      !shape.every((s) => Number.isInteger(s) && (s as number) >= 0) ||
      !Array.isArray(offsets) ||
      offsets.length !== 2 ||
      !offsets.every((s) => Number.isInteger(s) && (s as number) >= 0)
    )
      throw new InputError(`${what}: tensor ${name}: bad shape or data_offsets`);
    const count = (shape as number[]).reduce((x, y) => x * y, 1);
    const [begin, end] = offsets as [number, number];
    if (end - begin !== count * size)
      throw new InputError(`${what}: tensor ${name}: data_offsets do not match its shape and dtype`);
    if (base + end > bytes.length)
      throw new InputError(
        `${what}: tensor ${name}: data_offsets [${begin}, ${end}] reach past the end of the data (${bytes.length - base} bytes)`,
      );
    // Two tensors sharing bytes is not a file any writer produces: the values of one would be read as the other.
    const overlap = spans.find((s) => begin < s.end && s.begin < end);
    if (overlap !== undefined)
      throw new InputError(
        `${what}: tensors ${overlap.name} and ${name}: data_offsets overlap ([${overlap.begin}, ${overlap.end}] and [${begin}, ${end}])`,
      );
    spans.push({ name, begin, end });
    const at = base + begin;
    const values = Array.from({ length: count }, (_, k) => {
      const o = at + k * size;
      switch (dtype) {
        case 'F64':
          return view.getFloat64(o, true);
        case 'F32':
          return view.getFloat32(o, true);
        case 'F16':
          return halfToNumber(view.getUint16(o, true));
        default: {
          // bfloat16 is the top half of a float32.
          const buf = new DataView(new ArrayBuffer(4));
          buf.setUint32(0, view.getUint16(o, true) << 16, false);
          return buf.getFloat32(0, false);
        }
      }
    });
    out.set(name, { shape: shape as number[], values, dtype });
  }
  return out;
}
