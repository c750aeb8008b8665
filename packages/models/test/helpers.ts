import { maxAbsDiff as maxAbsDiffOf, relativeL2Error } from '@mnist-kit/test-utils';
import * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';
import { createCnn } from '../src/createCnn';
import { ModelError } from '../src/ModelError';
import { toArtifacts } from '../src/toArtifacts';
import type { Cnn, CnnOptions } from '../src/types';

/** Mean softmax cross-entropy over the batch (differentiable by tfjs autograd). */
export function crossEntropy(logits: tf.Tensor, oneHot: tf.Tensor): tf.Scalar {
  return tf.neg(tf.mean(tf.sum(tf.mul(oneHot, tf.logSoftmax(logits)), 1))) as tf.Scalar;
}

/** dLoss/dLogits of {@link crossEntropy}: (softmax − onehot) / B. */
export function crossEntropyGrad(logits: tf.Tensor, oneHot: tf.Tensor): tf.Tensor {
  return tf.div(tf.sub(tf.softmax(logits), oneHot), logits.shape[0]!);
}

/** What `createCnn` must record for the default CNN (the tests' oracle; `seed` and dropout rates vary per test). */
export const DEFAULT_CNN_CONFIG = {
  inputShape: [28, 28, 1],
  inputSize: 784,
  filters: [8, 16],
  kernelSize: [5, 5],
  padding: 'valid',
  poolSize: 2,
  denseSizes: [128],
  outputSize: 10,
  dropout: 0,
  convDropout: 0,
  init: 'pytorch',
  pixelScaling: { normalize: 'unit', mean: 0.1307, std: 0.3081 },
  classNames: null,
  preprocessing: 'digit',
} as const;

/** A model as the gradient tests use it: a forward pass that can keep its tensors, and the hand-written backward. */
interface Differentiable {
  forward(x: tf.Tensor, options?: { training?: boolean; keep?: boolean; seed?: number }): tf.Tensor;
  backward(dLogits: tf.Tensor): Record<string, tf.Tensor>;
  readonly params: Record<string, tf.Variable>;
}

/** Gradients by the model's backward pass, of {@link crossEntropy} against `y`. */
export function explicitGrads(
  model: Differentiable,
  x: tf.Tensor,
  y: tf.Tensor,
  opts: { training?: boolean; seed?: number } = {},
) {
  const logits = model.forward(x, { ...opts, keep: true });
  return model.backward(crossEntropyGrad(logits, y));
}

/**
 * The leak checks of forward/backward: a training pass inside tidy leaves nothing; forward without keep
 * leaves only the logits, even outside tidy; gradients returned from tidy (one per parameter) are the
 * only survivors. Disposes `x`, `y` and the model.
 */
export function expectLeakFree(model: Differentiable & { dispose(): void }, x: tf.Tensor, y: tf.Tensor) {
  const before = tf.memory().numTensors;
  tf.tidy(() => {
    explicitGrads(model, x, y, { training: true, seed: 3 });
  });
  expect(tf.memory().numTensors).toBe(before);
  const logits = model.forward(x, { training: true, seed: 3 });
  expect(tf.memory().numTensors).toBe(before + 1);
  logits.dispose();
  const grads = tf.tidy(() => explicitGrads(model, x, y));
  expect(tf.memory().numTensors).toBe(before + Object.keys(model.params).length);
  tf.dispose(Object.values(grads));
  expect(tf.memory().numTensors).toBe(before);
  tf.dispose([x, y]);
  model.dispose();
}

/** A batch of inputs in [0, 1) and one-hot labels. */
export function batch(size: number, inputSize: number, classes: number, seed = 7) {
  const x = tf.randomUniform([size, inputSize], 0, 1, 'float32', seed) as tf.Tensor2D;
  const labels = tf.tensor1d(
    Array.from({ length: size }, (_, i) => (i * 7 + seed) % classes),
    'int32',
  );
  const y = tf.oneHot(labels, classes).toFloat() as tf.Tensor2D;
  labels.dispose();
  return { x, y };
}

/** ‖a − b‖ / max(‖b‖, 1e-12) of two tensors' values, computed in float64 on the host. */
export function relError(a: tf.Tensor, b: tf.Tensor): number {
  return relativeL2Error(a.dataSync(), b.dataSync());
}

/** Largest |a − b| of two tensors' values. */
export function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): number {
  return maxAbsDiffOf(a.dataSync(), b.dataSync());
}

/** A model as the save/load tests compare them: its config and named variables. */
interface ModelParts {
  readonly config: unknown;
  readonly params: Record<string, tf.Variable>;
  dispose?(): void;
}

/** Asserts that `loaded` has `original`'s config and exactly its values, parameter by parameter. */
export function expectSameModel(loaded: ModelParts, original: ModelParts): void {
  expect(loaded.config).toEqual(original.config);
  for (const name of Object.keys(original.params)) {
    expect(Array.from(loaded.params[name]!.dataSync()), name).toEqual(Array.from(original.params[name]!.dataSync()));
  }
}

/** Asserts that `same` has exactly `model`'s weights and `other` differs in every parameter; disposes all three. */
export function expectSeededWeights(model: ModelParts, same: ModelParts, other: ModelParts): void {
  for (const name of Object.keys(model.params)) {
    expect(Array.from(same.params[name]!.dataSync()), name).toEqual(Array.from(model.params[name]!.dataSync()));
    expect(Array.from(other.params[name]!.dataSync()), name).not.toEqual(Array.from(model.params[name]!.dataSync()));
  }
  for (const m of [model, same, other]) m.dispose?.();
}

/** Asserts that two models predict the same for `x` (largest |Δ| below `tolerance`); disposes `x` and both predictions. */
export function expectSamePredictions(
  a: { predict(x: tf.Tensor): tf.Tensor | tf.Tensor[] },
  b: { predict(x: tf.Tensor): tf.Tensor | tf.Tensor[] },
  x: tf.Tensor,
  tolerance: number,
): void {
  const ours = a.predict(x) as tf.Tensor;
  const theirs = b.predict(x) as tf.Tensor;
  expect(maxAbsDiff(ours, theirs)).toBeLessThan(tolerance);
  tf.dispose([x, ours, theirs]);
}

/** Saves a stock tf.LayersModel into in-memory artifacts. */
export async function stockArtifacts(model: tf.LayersModel): Promise<tf.io.ModelArtifacts> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return saved!;
}

/** The artifacts of `model`, deep-copied so that a test can edit them; disposes the model. */
export async function editableArtifacts(model: Parameters<typeof toArtifacts>[0]): Promise<EditableArtifacts> {
  const artifacts = await toArtifacts(model);
  model.dispose();
  return { ...structuredClone(artifacts), weightData: (artifacts.weightData as ArrayBuffer).slice(0) } as never;
}

/** Asserts that `read` (e.g. `fromArtifacts`) refuses `artifacts` with an INVALID_FORMAT ModelError matching `message`. */
export function expectInvalidFormat(
  read: (artifacts: tf.io.ModelArtifacts) => unknown,
  artifacts: unknown,
  message: RegExp,
) {
  try {
    read(artifacts as tf.io.ModelArtifacts);
    expect.unreachable(`${read.name} accepted malformed artifacts`);
  } catch (e) {
    expect(e).toBeInstanceOf(ModelError);
    expect((e as ModelError).code).toBe('INVALID_FORMAT');
    expect((e as ModelError).message).toMatch(message);
  }
}

/** The parts of a saved Keras-style topology that tests edit. */
export interface TopologyJson {
  class_name: string;
  config: { layers: { class_name: string; config: Record<string, unknown> }[] };
}

/** Editable artifacts: typed topology and metadata. */
export type EditableArtifacts = Omit<tf.io.ModelArtifacts, 'modelTopology' | 'userDefinedMetadata'> & {
  modelTopology: TopologyJson;
  userDefinedMetadata: { mnistKit: Record<string, unknown> };
  weightSpecs: tf.io.WeightsManifestEntry[];
};

/** A parsed model.json that tests edit. */
export interface ModelJson {
  modelTopology: TopologyJson;
  weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
}

/**
 * Asserts that `artifacts` are a tfjs-layers `Sequential` of `layers` (`[class_name, name]` each, in order);
 * returns their topology.
 */
export function expectSequential(artifacts: tf.io.ModelArtifacts, layers: [string, string][]): TopologyJson {
  expect(artifacts.format).toBe('layers-model');
  const topology = artifacts.modelTopology as unknown as TopologyJson;
  expect(topology.class_name).toBe('Sequential');
  expect(topology.config.layers.map((l) => [l.class_name, l.config.name])).toEqual(layers);
  return topology;
}

/** A CNN of `options` and `seed` whose data fields all differ from the defaults (standardize, class names, resize). */
export function cnnWithDataFields(options: CnnOptions, seed: number): Cnn {
  return createCnn({
    ...options,
    seed,
    pixelScaling: { normalize: 'standardize' },
    classNames: Array.from({ length: options.outputSize ?? 10 }, (_, i) => `class ${i}`),
    preprocessing: 'resize',
  });
}

/** The values of parameter `name` of `model`. */
export function paramValues(model: ModelParts, name: string): number[] {
  return Array.from(model.params[name]!.dataSync());
}

/** Each layer of `fanIns` (layer name → fan-in) with the bound `1/√fan_in` of PyTorch's initialisation. */
export function torchBounds(fanIns: Record<string, number>): [string, number][] {
  return Object.entries(fanIns).map(([name, fanIn]) => [name, 1 / Math.sqrt(fanIn)]);
}

/**
 * Asserts that every value lies in `[−bound, bound]` (to float32 rounding) and, with `fill`, that the largest
 * |value| exceeds `fill · bound` (the draws fill the range).
 */
export function expectWithinBound(values: readonly number[], bound: number, fill?: number): void {
  const max = values.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  expect(max).toBeLessThanOrEqual(bound * (1 + 1e-6));
  if (fill !== undefined) expect(max).toBeGreaterThan(bound * fill);
}

/**
 * Asserts backward's refusals: `NO_FORWARD_PASS` without a kept forward pass and once the kept tensors are gone
 * (outside the pass's tf.tidy), `INVALID_INPUT` for dLogits of another shape than `d`, then `NO_FORWARD_PASS`
 * (the failed call dropped the pass). `input()` makes an input for `forward`; `andThen` runs in the last tidy.
 */
export function expectRefusals(
  model: Differentiable,
  input: () => tf.Tensor,
  d: tf.Tensor2D,
  andThen: () => void = () => {},
): void {
  expect(() => model.backward(d)).toThrow(expect.objectContaining({ code: 'NO_FORWARD_PASS' }));
  tf.tidy(() => {
    model.forward(input(), { keep: true });
  });
  expect(() => model.backward(d)).toThrow(/same tf.tidy/);
  tf.tidy(() => {
    model.forward(input(), { keep: true });
    const [rows, cols] = d.shape;
    expect(() => model.backward(tf.zeros([rows, cols + 1]))).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    );
    // References are dropped after backward: a second call needs a new forward pass.
    expect(() => model.backward(d)).toThrow(expect.objectContaining({ code: 'NO_FORWARD_PASS' }));
    andThen();
  });
}
