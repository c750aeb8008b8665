import * as tf from '@tensorflow/tfjs-core';
import { isObject, type Obj, show } from './artifactParts';
import type { DenseWeights } from './initWeights';

/** The weight data as one ArrayBuffer (tfjs hands one buffer, a list of them, or a typed array). */
export function toArrayBuffer(data: unknown): ArrayBuffer | undefined {
  const isBuffer = (x: unknown): x is ArrayBuffer => Object.prototype.toString.call(x) === '[object ArrayBuffer]';
  if (isBuffer(data)) return data;
  if (Array.isArray(data) && data.every(isBuffer)) return tf.io.CompositeArrayBuffer.join(data);
  if (ArrayBuffer.isView(data)) {
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice().buffer as ArrayBuffer;
  }
  return undefined;
}

/** The weight data checked against the manifest, with a reader of each weight's values. */
export interface CheckedWeights {
  /** The values of weight `name` (`length` floats); only for names of `expected`, once the checks passed. */
  read(name: string, length: number): Float32Array;
  /** Layer `name`'s Dense weights (`name/kernel` `[fanIn, fanOut]`, `name/bias` `[fanOut]`). */
  dense(name: string, fanIn: number, fanOut: number): DenseWeights;
}

/** Adds layer `name`'s weights to `expected`: `name/kernel` of shape `kernel`, `name/bias` of `[bias]`. */
export function expectLayer(expected: Map<string, number[]>, name: string, kernel: number[], bias: number): void {
  expected.set(`${name}/kernel`, kernel);
  expected.set(`${name}/bias`, [bias]);
}

/** The number of scalar parameters of the `expected` weights (name → shape). */
export function countParams(expected: ReadonlyMap<string, readonly number[]>): number {
  return [...expected.values()].reduce((n, s) => n + s.reduce((a, b) => a * b, 1), 0);
}

/**
 * Checks `artifacts.weightSpecs` against the `expected` weights (name → shape) — names, shapes, dtypes, no
 * quantisation, nothing missing or extra — and the weight data's byte length against the manifest, adding
 * every problem to `issues`. `what` names the weights in the unexpected-weight message.
 */
export function checkWeights(
  artifacts: Obj,
  expected: ReadonlyMap<string, readonly number[]>,
  issues: string[],
  what: string,
): CheckedWeights | undefined {
  const specs = artifacts.weightSpecs;
  const offsets = new Map<string, number>();
  let totalBytes = 0;
  if (!Array.isArray(specs)) {
    issues.push('the weights manifest is missing (no weightSpecs)');
  } else {
    specs.forEach((spec: unknown, index) => {
      if (!isObject(spec) || typeof spec.name !== 'string') {
        issues.push(`weight ${index} has no name`);
        return;
      }
      const { name, shape, dtype } = spec;
      if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
        issues.push(`weight "${name}": shape ${show(shape)} is not a list of sizes`);
        return;
      }
      if (dtype !== 'float32') issues.push(`weight "${name}": dtype ${show(dtype)} is not float32`);
      if (spec.quantization != null) issues.push(`weight "${name}": quantized weights are not supported`);
      if (offsets.has(name)) issues.push(`weight "${name}" appears twice in the manifest`);
      offsets.set(name, totalBytes);
      totalBytes += (shape as number[]).reduce((a, b) => a * b, 1) * 4;
      const want = expected.get(name);
      if (want === undefined) issues.push(`unexpected weight "${name}" (${what})`);
      else if (want.length !== shape.length || want.some((d, i) => d !== shape[i])) {
        issues.push(`weight "${name}" has shape ${show(shape)}, expected ${show(want)}`);
      }
    });
    for (const name of expected.keys()) {
      if (!offsets.has(name)) issues.push(`weight "${name}" is missing from the manifest`);
    }
  }

  const data = toArrayBuffer(artifacts.weightData);
  if (data === undefined) {
    issues.push(artifacts.weightData == null ? 'weight data is missing' : 'weight data is not an ArrayBuffer');
  } else if (Array.isArray(specs) && data.byteLength !== totalBytes) {
    issues.push(
      `weight data has ${data.byteLength} bytes, but the manifest describes ${totalBytes} (sum of shapes × 4)`,
    );
  }
  if (data === undefined) return undefined;
  const read = (name: string, length: number) => {
    const offset = offsets.get(name)!;
    return new Float32Array(data.slice(offset, offset + length * 4));
  };
  return {
    read,
    dense: (name, fanIn, fanOut) => ({
      fanIn,
      fanOut,
      kernel: read(`${name}/kernel`, fanIn * fanOut),
      bias: read(`${name}/bias`, fanOut),
    }),
  };
}
