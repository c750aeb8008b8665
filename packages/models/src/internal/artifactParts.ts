import * as tf from '@tensorflow/tfjs-core';
import { ModelError } from '../ModelError';
import type { DenseWeights } from './initWeights';

/** Helpers the MLP and CNN artifact parsers share. */

export type Obj = Record<string, unknown>;
export const isObject = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
export const isPositiveInt = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n > 0;
/** A value for an error message, cut at 60 characters. */
export const show = (x: unknown) => {
  const s = JSON.stringify(x);
  return s === undefined ? String(x) : s.length > 60 ? `${s.slice(0, 57)}...` : s;
};

/** Throws `ModelError('INVALID_FORMAT')` listing every problem. */
export function invalid(issues: string[]): never {
  const message =
    issues.length === 1
      ? `Invalid model: ${issues[0]}`
      : `Invalid model (${issues.length} problems): ${issues.join('; ')}`;
  throw new ModelError('INVALID_FORMAT', message, { issues });
}

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

/** The layer list of a Keras `Sequential` topology (also inside `model_config`), or a reason it has none. */
export function sequentialLayers(topology: unknown, issues: string[]): unknown[] | undefined {
  if (!isObject(topology)) {
    issues.push(
      topology == null
        ? 'modelTopology is missing'
        : 'modelTopology is not a JSON object (binary/graph-model topologies are not supported)',
    );
    return undefined;
  }
  const top = isObject(topology.model_config) ? topology.model_config : topology;
  if (top.class_name !== 'Sequential') {
    issues.push(`model class is ${show(top.class_name)}, expected "Sequential"`);
    return undefined;
  }
  const layers = Array.isArray(top.config) ? top.config : isObject(top.config) ? top.config.layers : undefined;
  if (!Array.isArray(layers)) {
    issues.push('modelTopology.config.layers is not an array');
    return undefined;
  }
  return layers;
}

/**
 * The start both artifact parsers share: `artifacts` must be an object of format `layers-model` (or none) whose
 * `modelTopology` `parseTopology` accepts; otherwise `ModelError('INVALID_FORMAT')` listing every problem.
 * Returns the artifacts, the parsed topology and the `userDefinedMetadata.mnistKit` block (if any).
 */
export function parseLayersArtifacts<T>(
  artifacts: unknown,
  parseTopology: (topology: unknown, issues: string[]) => T | undefined,
): { artifacts: Obj; topology: T; meta: unknown } {
  const issues: string[] = [];
  if (!isObject(artifacts)) invalid(['model artifacts are not an object']);
  if (artifacts.format != null && artifacts.format !== 'layers-model') {
    issues.push(`format is ${show(artifacts.format)}, expected "layers-model"`);
  }
  const topology = parseTopology(artifacts.modelTopology, issues);
  if (topology === undefined || issues.length > 0) invalid(issues);
  const meta = isObject(artifacts.userDefinedMetadata) ? artifacts.userDefinedMetadata.mnistKit : undefined;
  return { artifacts, topology, meta };
}

/** One layer of a topology, as {@link forEachLayer} hands it on. */
export interface LayerEntry {
  /** Its position in the layer list. */
  readonly index: number;
  /** Its `class_name`. */
  readonly cls: unknown;
  /** Its `config` object. */
  readonly config: Obj;
  /** Its `config.name`, when a non-empty string. */
  readonly name: string | undefined;
  /** How error messages name it: `layer <index> ("<name>")`. */
  readonly where: string;
}

/**
 * Calls `visit` for every layer of `layers` that is a `{ class_name, config }` object, after the checks every
 * layer gets (a unique name, a float32 dtype), adding each problem to `issues`.
 */
export function forEachLayer(layers: unknown[], issues: string[], visit: (layer: LayerEntry) => void): void {
  const names = new Set<string>();
  layers.forEach((layer: unknown, index) => {
    if (!isObject(layer) || !isObject(layer.config)) {
      issues.push(`layer ${index} is not a { class_name, config } object`);
      return;
    }
    const { class_name: cls, config } = layer;
    const name = typeof config.name === 'string' && config.name !== '' ? config.name : undefined;
    const where = `layer ${index}${name ? ` ("${name}")` : ''}`;
    if (name !== undefined) {
      if (names.has(name)) issues.push(`${where}: duplicate layer name`);
      names.add(name);
    }
    if (config.dtype != null && config.dtype !== 'float32')
      issues.push(`${where}: dtype ${show(config.dtype)} is not float32`);
    visit({ index, cls, config, name, where });
  });
}

/**
 * A Dropout layer's `rate` if it is in `[0, 1)`, else `undefined` with the issue pushed; a `noise_shape` is one
 * more issue.
 */
export function dropoutRate(config: Obj, where: string, issues: string[]): number | undefined {
  const rate = config.rate;
  const valid = typeof rate === 'number' && rate >= 0 && rate < 1;
  if (!valid) issues.push(`${where}: rate ${show(rate)} is not in [0, 1)`);
  if (config.noise_shape != null) issues.push(`${where}: Dropout noise_shape is not supported`);
  return valid ? rate : undefined;
}
