import { InputError } from '../errors.js';

/** A numeric array read from a file: shape and values (row-major) as doubles. */
export interface RawTensor {
  readonly shape: readonly number[];
  readonly values: readonly number[];
}

/**
 * Parses a NumPy `.npy` file (format 1.0–3.0): little-endian `<f8` / `<f4` (also `|f…`-free `=` / native
 * spellings of them), C or Fortran order, 0-, 1- or 2-D. Anything else is an InputError naming the file.
 */
export function parseNpy(bytes: Uint8Array, what: string): RawTensor {
  const magic = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];
  if (bytes.length < 10 || magic.some((b, k) => bytes[k] !== b))
    throw new InputError(`${what}: not a NumPy .npy file (bad magic bytes)`);
  const major = bytes[6] as number;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLen = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = major === 1 ? 10 : 12;
  if (start + headerLen > bytes.length) throw new InputError(`${what}: truncated .npy header`);
  const header = new TextDecoder('latin1').decode(bytes.subarray(start, start + headerLen));
  const descr = /'descr':\s*'([^']*)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined)
    throw new InputError(`${what}: unreadable .npy header ${JSON.stringify(header.trim())}`);
  const size = descr === '<f8' || descr === '=f8' ? 8 : descr === '<f4' || descr === '=f4' ? 4 : 0;
  if (size === 0)
    throw new InputError(`${what}: dtype ${descr} not supported (little-endian float64 <f8 or float32 <f4)`);
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map(Number);
  if (shape.length > 2 || shape.some((n) => !Number.isInteger(n) || n < 0))
    throw new InputError(`${what}: shape (${shapeText}) not supported (0-, 1- or 2-D)`);
  const count = shape.reduce((x, y) => x * y, 1);
  const offset = start + headerLen;
  if (offset + count * size > bytes.length)
    throw new InputError(`${what}: truncated data (${count} values of ${size} bytes expected)`);
  const raw = Array.from({ length: count }, (_, k) =>
    size === 8 ? view.getFloat64(offset + 8 * k, true) : view.getFloat32(offset + 4 * k, true),
  );
  if (fortran === 'True' && shape.length === 2) {
    const [rows, cols] = shape as [number, number];
    const values = Array.from(
      { length: count },
      (_, k) => raw[(k % cols) * rows + Math.floor(k / cols)] as number,
    );
    return { shape, values };
  }
  return { shape, values: raw };
}
