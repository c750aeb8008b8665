import { type PixelScaling, scalePixels } from '@mnist-kit/datasets';
import type { TraceableModel } from '@mnist-kit/models';
import * as tf from '@tensorflow/tfjs-core';

/** What the activations panel needs of a model: `trace` (an `Mlp`, a `Cnn`, or any model with the same method). */
export interface TracingModel extends TraceableModel {
  /** How pixel bytes become the model's inputs. Defaults to x / 255. */
  readonly pixelScaling?: PixelScaling;
}

/** One layer's numbers for one input, read back. */
export interface LayerActivations {
  name: string;
  kind: string;
  activation: string;
  /** The output's shape without the batch: `[units]`, or `[height, width, channels]` for feature maps. */
  shape: number[];
  preActivation: Float32Array;
  output: Float32Array;
}

/** Every layer's activations, the logits and the probabilities of one input. */
export interface InputActivations {
  layers: LayerActivations[];
  logits: Float32Array;
  probabilities: Float32Array;
}

/** Whether a model can show its layers (has `trace`). */
export function canTrace(model: unknown): model is TracingModel {
  return typeof (model as Partial<TraceableModel> | undefined)?.trace === 'function';
}

/**
 * Runs `model.trace` on one input's pixel bytes (scaled as the model was trained, fed as `[1, pixels]` like
 * `predict`) and reads every tensor back in one go; frees them all.
 */
export async function traceInput(model: TracingModel, pixels: Uint8Array): Promise<InputActivations> {
  const trace = tf.tidy(() => {
    const x = tf.tensor2d(scalePixels(pixels, model.pixelScaling), [1, pixels.length]);
    return model.trace(x) as unknown as tf.TensorContainer;
  }) as unknown as ReturnType<TraceableModel['trace']>;
  const tensors = [...trace.layers.flatMap((l) => [l.preActivation, l.output]), trace.logits, trace.probabilities];
  try {
    // On cpu and wasm the values are in this thread's memory: read them synchronously, in one go.
    const local = tf.getBackend() === 'cpu' || tf.getBackend() === 'wasm';
    const data = (
      local ? tensors.map((t) => t.dataSync()) : await Promise.all(tensors.map((t) => t.data()))
    ) as Float32Array[];
    const layers = trace.layers.map((l, i) => ({
      name: l.name,
      kind: l.kind,
      activation: l.activation,
      shape: l.output.shape.slice(1),
      preActivation: data[2 * i]!,
      output: data[2 * i + 1]!,
    }));
    return { layers, logits: data.at(-2)!, probabilities: data.at(-1)! };
  } finally {
    tf.dispose(tensors);
  }
}
