import { maxAbsDiff as maxAbsDiffOf, relativeL2Error } from '@mnist-kit/test-utils';
import * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';

/** Mean softmax cross-entropy over the batch (differentiable by tfjs autograd). */
export function crossEntropy(logits: tf.Tensor, oneHot: tf.Tensor): tf.Scalar {
  return tf.neg(tf.mean(tf.sum(tf.mul(oneHot, tf.logSoftmax(logits)), 1))) as tf.Scalar;
}

/** dLoss/dLogits of {@link crossEntropy}: (softmax − onehot) / B. */
export function crossEntropyGrad(logits: tf.Tensor, oneHot: tf.Tensor): tf.Tensor {
  return tf.div(tf.sub(tf.softmax(logits), oneHot), logits.shape[0]!);
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
}

/** Asserts that `loaded` has `original`'s config and exactly its values, parameter by parameter. */
export function expectSameModel(loaded: ModelParts, original: ModelParts): void {
  expect(loaded.config).toEqual(original.config);
  for (const name of Object.keys(original.params)) {
    expect(Array.from(loaded.params[name]!.dataSync()), name).toEqual(Array.from(original.params[name]!.dataSync()));
  }
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
