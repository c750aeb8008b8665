import type * as tf from '@tensorflow/tfjs-core';
import { buildTopology } from './internal/kerasTopology';
import { VERSION } from './internal/version';
import { ModelError } from './ModelError';
import { MNIST_KIT_FORMAT_VERSION, type MnistKitMetadata } from './mnistKitMetadata';
import type { Mlp } from './types';

/**
 * Serialises a model into tfjs-layers `ModelArtifacts` (a `Sequential` of Dense/Dropout layers, float32 weights
 * in layer order, and our recipe in `userDefinedMetadata.mnistKit`). Hand the result to any `tf.io.IOHandler`,
 * or load it with stock `tf.loadLayersModel(tf.io.fromMemory(artifacts))`.
 *
 * Async because it reads the weights with `Tensor.data()` (no blocking GPU read-back).
 * @throws ModelError `DISPOSED` if the model was disposed.
 */
export async function toArtifacts(model: Mlp): Promise<tf.io.ModelArtifacts> {
  if (model.isDisposed) throw new ModelError('DISPOSED', 'cannot save a disposed model');
  const { config } = model;
  const entries = Object.entries(model.params);
  const values = await Promise.all(entries.map(([, v]) => v.data<'float32'>()));
  const weightData = new Float32Array(model.paramCount);
  let offset = 0;
  for (const value of values) {
    weightData.set(value, offset);
    offset += value.length;
  }
  const metadata: MnistKitMetadata = {
    formatVersion: MNIST_KIT_FORMAT_VERSION,
    inputSize: config.inputSize,
    hiddenSizes: [...config.hiddenSizes],
    outputSize: config.outputSize,
    activation: config.activation,
    dropout: config.dropout,
    init: config.init,
    seed: config.seed,
    pixelScaling: { ...config.pixelScaling },
    paramCount: model.paramCount,
  };
  return {
    modelTopology: buildTopology(config),
    format: 'layers-model',
    generatedBy: `@mnist-kit/models v${VERSION}`,
    convertedBy: null,
    weightSpecs: entries.map(([name, v]) => ({ name, shape: [...v.shape], dtype: 'float32' as const })),
    weightData: weightData.buffer,
    userDefinedMetadata: { mnistKit: metadata as unknown as Record<string, unknown> },
  };
}
