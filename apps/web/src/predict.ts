import {
  type DigitImage,
  type ImagePreprocessing,
  isDatasetError,
  type PixelScaling,
  preprocessImage,
  scalePixels,
} from '@mnist-kit/datasets';
import * as tf from '@tensorflow/tfjs-core';

/** What {@link predictDigit} needs of a model. */
export interface Predictor {
  predict(x: tf.Tensor): tf.Tensor2D;
  /** How pixel bytes become the model's inputs (what it was trained on). Defaults to x / 255. */
  readonly pixelScaling?: PixelScaling;
  /** How an outside image becomes an input (what its data was). Defaults to `'digit'`. */
  readonly config?: { readonly preprocessing?: ImagePreprocessing };
}

/** One prediction: the model's input and its class probabilities. */
export interface DigitPrediction {
  /** The 28×28 MNIST-style input (light ink on black), as the model saw it. */
  input: Uint8Array;
  /** One probability per class. */
  probabilities: Float32Array;
  /** The most probable class. */
  top: number;
}

/**
 * Preprocesses an image exactly as the CLI's `predict` does (`preprocessImage` in the model's recorded
 * mode: `'digit'` by default), then runs the model. Resolves `undefined` for a blank image in `'digit'` mode.
 */
export async function predictDigit(model: Predictor, image: DigitImage): Promise<DigitPrediction | undefined> {
  const input = toMnistInput(image, model.config?.preprocessing);
  if (input === undefined) return undefined;
  return predictPixels(model, input);
}

/** Runs the model on MNIST-style pixel bytes (already preprocessed: a drawing's or a dataset image). */
export async function predictPixels(model: Predictor, input: Uint8Array): Promise<DigitPrediction> {
  // Scaled as the model was trained (its recorded pixelScaling), like the CLI's predict.
  const x = scalePixels(input, model.pixelScaling);
  const probs = tf.tidy(() => model.predict(tf.tensor2d(x, [1, input.length])));
  const probabilities = (await probs.data()) as Float32Array;
  probs.dispose();
  return { input, probabilities, top: argMax(probabilities) };
}

/**
 * Preprocesses an image as the CLI's `predict` does (`mode`: `'digit'` crops to the ink, `'resize'` keeps the
 * frame; defaults to `'digit'`); `undefined` for a blank one in `'digit'` mode (no ink).
 */
export function toMnistInput(image: DigitImage, mode: ImagePreprocessing = 'digit'): Uint8Array | undefined {
  try {
    return preprocessImage(image, { mode });
  } catch (error) {
    if (isDatasetError(error, 'EMPTY_IMAGE')) return undefined;
    throw error;
  }
}

/** Index of the largest value (the first on ties); `-1` for an empty array. */
export function argMax(values: ArrayLike<number>): number {
  let best = -1;
  for (let i = 0; i < values.length; i++) if (best < 0 || values[i]! > values[best]!) best = i;
  return best;
}
