import * as tf from '@tensorflow/tfjs';

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

/** ‖a − b‖ / max(‖b‖, 1e-12), computed in float64 on the host. */
export function relError(a: tf.Tensor, b: tf.Tensor): number {
  const x = a.dataSync();
  const y = b.dataSync();
  if (x.length !== y.length) throw new Error(`length ${x.length} vs ${y.length}`);
  let diff = 0;
  let norm = 0;
  for (let i = 0; i < x.length; i++) {
    diff += (x[i]! - y[i]!) ** 2;
    norm += y[i]! ** 2;
  }
  return Math.sqrt(diff) / Math.max(Math.sqrt(norm), 1e-12);
}

/** Largest |a − b|. */
export function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): number {
  const x = a.dataSync();
  const y = b.dataSync();
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]! - y[i]!));
  return m;
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
