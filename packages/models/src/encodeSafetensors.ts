import type { SafetensorsTensor } from './parseSafetensors';

/**
 * A safetensors file of float32 tensors (`F32`, little-endian), in the given order, with `metadata` as
 * the header's `__metadata__`. The header is padded with spaces to a multiple of 8 bytes, as the format's
 * reference writer does, so the data is aligned.
 */
export function encodeSafetensors(
  tensors: Iterable<[string, SafetensorsTensor]>,
  metadata: Record<string, string> = {},
): Uint8Array {
  const entries = [...tensors];
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length > 0) header.__metadata__ = metadata;
  let offset = 0;
  for (const [name, { shape, values }] of entries) {
    header[name] = { dtype: 'F32', shape: [...shape], data_offsets: [offset, offset + 4 * values.length] };
    offset += 4 * values.length;
  }
  let json = JSON.stringify(header);
  const encoder = new TextEncoder();
  while ((encoder.encode(json).byteLength + 8) % 8 !== 0) json += ' ';
  const headerBytes = encoder.encode(json);
  const out = new Uint8Array(8 + headerBytes.byteLength + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(headerBytes.byteLength), true);
  out.set(headerBytes, 8);
  let at = 8 + headerBytes.byteLength;
  for (const [, { values }] of entries) {
    for (let i = 0; i < values.length; i++) view.setFloat32(at + 4 * i, values[i]!, true);
    at += 4 * values.length;
  }
  return out;
}
