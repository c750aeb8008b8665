import type * as tf from '@tensorflow/tfjs-core';
import { buildCnnTopology } from './internal/cnnTopology';
import { buildTopology } from './internal/kerasTopology';
import { VERSION } from './internal/version';
import { ModelError } from './ModelError';
import { MNIST_KIT_FORMAT_VERSION, type MnistKitCnnMetadata, type MnistKitMetadata } from './mnistKitMetadata';
import type { Model } from './types';

/**
 * Serialises a model into tfjs-layers `ModelArtifacts` (a `Sequential` — Dense/Dropout layers for an MLP;
 * Reshape, Conv2D, MaxPooling2D, Dropout, Flatten and Dense layers for a CNN — float32 weights in layer order,
 * and our recipe in `userDefinedMetadata.mnistKit`, with its `kind`). Hand the result to any `tf.io.IOHandler`,
 * or load it with stock `tf.loadLayersModel(tf.io.fromMemory(artifacts))`.
 *
 * Async because it reads the weights with `Tensor.data()` (no blocking GPU read-back).
 * @throws ModelError `DISPOSED` if the model was disposed.
 */
export async function toArtifacts(model: Model): Promise<tf.io.ModelArtifacts> {
  if (model.isDisposed) throw new ModelError('DISPOSED', 'cannot save a disposed model');
  const entries = Object.entries(model.params);
  const values = await Promise.all(entries.map(([, v]) => v.data<'float32'>()));
  const weightData = new Float32Array(model.paramCount);
  let offset = 0;
  for (const value of values) {
    weightData.set(value, offset);
    offset += value.length;
  }
  const { config } = model;
  // The fields every model records, last in the block.
  const common = {
    init: config.init,
    seed: config.seed,
    pixelScaling: { ...config.pixelScaling },
    classNames: config.classNames === null ? null : [...config.classNames],
    preprocessing: config.preprocessing,
    paramCount: model.paramCount,
  };
  let topology: ReturnType<typeof buildTopology>;
  let metadata: MnistKitMetadata | MnistKitCnnMetadata;
  if (model.kind === 'cnn') {
    const { config } = model;
    topology = buildCnnTopology(config);
    metadata = {
      formatVersion: MNIST_KIT_FORMAT_VERSION,
      kind: 'cnn',
      inputShape: [...config.inputShape],
      inputSize: config.inputSize,
      filters: [...config.filters],
      kernelSize: [...config.kernelSize],
      padding: config.padding,
      poolSize: config.poolSize,
      denseSizes: [...config.denseSizes],
      outputSize: config.outputSize,
      dropout: config.dropout,
      convDropout: config.convDropout,
      ...common,
    };
  } else {
    const { config } = model;
    topology = buildTopology(config);
    metadata = {
      formatVersion: MNIST_KIT_FORMAT_VERSION,
      kind: 'mlp',
      inputSize: config.inputSize,
      hiddenSizes: [...config.hiddenSizes],
      outputSize: config.outputSize,
      activation: config.activation,
      dropout: config.dropout,
      ...common,
    };
  }
  return {
    modelTopology: topology,
    format: 'layers-model',
    generatedBy: `@mnist-kit/models v${VERSION}`,
    convertedBy: null,
    weightSpecs: entries.map(([name, v]) => ({ name, shape: [...v.shape], dtype: 'float32' as const })),
    weightData: weightData.buffer,
    userDefinedMetadata: { mnistKit: metadata as unknown as Record<string, unknown> },
  };
}
