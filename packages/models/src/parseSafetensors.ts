import { ModelError } from './ModelError';

/** A tensor of a safetensors file, as float32 values (row-major, in the file's shape). */
export interface SafetensorsTensor {
  readonly shape: readonly number[];
  readonly values: Float32Array;
}

/** What a safetensors file holds: named tensors and the header's `__metadata__` strings. */
export interface Safetensors {
  readonly tensors: ReadonlyMap<string, SafetensorsTensor>;
  readonly metadata: Readonly<Record<string, string>>;
}

/** The largest header this reader accepts: far above any model here, far below a memory problem. */
const MAX_HEADER_BYTES = 16 * 1024 * 1024;
/** Element sizes of the dtypes read (all converted to float32). */
const DTYPES: Record<string, number> = { F32: 4, F64: 8, F16: 2, BF16: 2 };

/**
 * Reads a safetensors file (an 8-byte little-endian header length, a JSON header, raw little-endian
 * data), strictly: the header length, the JSON, every tensor's dtype, shape and byte range (inside the
 * data, not overlapping, of exactly shape × dtype size) are checked before any tensor is made — a
 * malformed file is one `ModelError('INVALID_FORMAT')`, never a crash or a huge allocation.
 */
export function parseSafetensors(bytes: Uint8Array, what = 'the safetensors file'): Safetensors {
  const bad = (why: string): ModelError =>
    new ModelError('INVALID_FORMAT', `${what} is not a valid safetensors file: ${why}`);
  if (bytes.byteLength < 8) throw bad(`it has ${bytes.byteLength} bytes, fewer than the 8 of the header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getBigUint64(0, true);
  if (headerLength > BigInt(Math.min(MAX_HEADER_BYTES, bytes.byteLength - 8))) {
    throw bad(
      `its header length ${headerLength} runs past the file (${bytes.byteLength} bytes) or the ${MAX_HEADER_BYTES}-byte limit`,
    );
  }
  const headerEnd = 8 + Number(headerLength);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, headerEnd)));
  } catch {
    throw bad('its header is not UTF-8 JSON');
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header))
    throw bad('its header is not a JSON object');
  const dataLength = bytes.byteLength - headerEnd;
  const metadata: Record<string, string> = {};
  const ranges: { name: string; begin: number; end: number }[] = [];
  const specs: { name: string; dtype: string; shape: number[]; begin: number; end: number }[] = [];
  for (const [name, entry] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (typeof entry !== 'object' || entry === null || Array.isArray(entry))
        throw bad('__metadata__ is not an object');
      for (const [key, value] of Object.entries(entry)) {
        if (typeof value !== 'string') throw bad(`__metadata__.${key} is not a string`);
        metadata[key] = value;
      }
      continue;
    }
    const { dtype, shape, data_offsets: offsets } = (entry ?? {}) as Record<string, unknown>;
    if (typeof dtype !== 'string' || DTYPES[dtype] === undefined) {
      throw bad(`tensor ${name} has dtype ${JSON.stringify(dtype)} (supported: ${Object.keys(DTYPES).join(', ')})`);
    }
    if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
      throw bad(`tensor ${name} has shape ${JSON.stringify(shape)}`);
    }
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isSafeInteger(o) && o >= 0)) {
      throw bad(`tensor ${name} has data_offsets ${JSON.stringify(offsets)}`);
    }
    const [begin, end] = offsets as [number, number];
    const size = (shape as number[]).reduce((n, d) => n * d, 1) * DTYPES[dtype]!;
    if (begin > end || end > dataLength)
      throw bad(`tensor ${name}'s bytes ${begin}–${end} are outside the ${dataLength} data bytes`);
    if (end - begin !== size)
      throw bad(`tensor ${name} has ${end - begin} bytes, its ${dtype} shape [${shape}] needs ${size}`);
    ranges.push({ name, begin, end });
    specs.push({ name, dtype, shape: shape as number[], begin, end });
  }
  ranges.sort((a, b) => a.begin - b.begin);
  for (let i = 1; i < ranges.length; i++) {
    if (ranges[i]!.begin < ranges[i - 1]!.end)
      throw bad(`tensors ${ranges[i - 1]!.name} and ${ranges[i]!.name} overlap`);
  }
  const tensors = new Map<string, SafetensorsTensor>();
  for (const { name, dtype, shape, begin, end } of specs) {
    tensors.set(name, { shape, values: decode(dtype, bytes.subarray(headerEnd + begin, headerEnd + end)) });
  }
  return { tensors, metadata };
}

/** Little-endian values of `dtype` as float32. */
function decode(dtype: string, raw: Uint8Array): Float32Array {
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const n = raw.byteLength / DTYPES[dtype]!;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    if (dtype === 'F32') out[i] = view.getFloat32(4 * i, true);
    else if (dtype === 'F64') out[i] = view.getFloat64(8 * i, true);
    else if (dtype === 'BF16')
      out[i] = new Float32Array(new Uint32Array([view.getUint16(2 * i, true) << 16]).buffer)[0]!;
    else out[i] = half(view.getUint16(2 * i, true));
  }
  return out;
}

/** IEEE 754 binary16 → number. */
function half(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 31) return fraction ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}
