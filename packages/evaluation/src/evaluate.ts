import { type PixelScalingOptions, pixelScaling } from '@mnist-kit/datasets';
import * as tf from '@tensorflow/tfjs-core';
import { createMetricsAccumulator } from './createMetricsAccumulator';
import { EvaluationError } from './EvaluationError';
import { imageBatch } from './internal/imageBatch';
import { requireInteger } from './internal/requireInteger';
import type { EvaluableModel, EvaluationResult, LabeledImages } from './types';

/** Options of {@link evaluate}. */
export interface EvaluateOptions {
  /** Examples per forward pass. Defaults to `1000`. */
  batchSize?: number;
  /** The `k` of `topKAccuracy`. Defaults to `3` (or `numClasses` when that is smaller). */
  topK?: number;
  /** How many off-diagonal confusion pairs to report in `mostConfused`. Defaults to `5`. */
  mostConfused?: number;
  /** Cap on the number of `misclassified` examples kept (highest confidence first). Defaults to `100`. */
  maxMisclassified?: number;
  /** One name per class, copied into `perClass[i].name`. Defaults to the model's `config.classNames`, else none. */
  classNames?: readonly string[];
  /** Number of classes the model outputs logits for. Defaults to the model's `config.outputSize`, else `10`. */
  numClasses?: number;
  /**
   * How pixel bytes become inputs. Defaults to the model's own `pixelScaling` (what it was trained on),
   * else `'unit'` (x/255).
   */
  pixelScaling?: PixelScalingOptions;
}

/** Columns of the per-batch read-back: argmax, loss, max probability, top-k hit. */
const COLUMNS = 4;

/**
 * Runs `model` over `split` batch by batch and measures accuracy, mean cross-entropy loss, the
 * confusion matrix, per-class precision/recall/F1, macro-F1, top-k accuracy, the most confused
 * class pairs and the most confident mistakes.
 *
 * Per batch, all tensor work happens inside `tf.tidy` and only four numbers per example are read
 * back (one `await data()`), so logits are never held for the whole split.
 *
 * @throws {EvaluationError} `EMPTY_SPLIT`, `INVALID_SPLIT`, `LABEL_OUT_OF_RANGE`, `BAD_MODEL_OUTPUT`, `INVALID_OPTION`.
 */
export async function evaluate(
  model: EvaluableModel,
  split: LabeledImages,
  options: EvaluateOptions = {},
): Promise<EvaluationResult> {
  // The model's own class count and names, unless the caller says how many classes there are.
  const recorded = options.numClasses === undefined ? model.config : undefined;
  const numClasses = requireInteger('numClasses', options.numClasses ?? recorded?.outputSize ?? 10, 2);
  const scaling = pixelScaling(options.pixelScaling ?? model.pixelScaling ?? {});
  const batchSize = requireInteger('batchSize', options.batchSize ?? 1000, 1);
  const topK = requireInteger('topK', options.topK ?? Math.min(3, numClasses), 1, numClasses);
  const accumulator = createMetricsAccumulator({
    numClasses,
    topK,
    mostConfused: options.mostConfused,
    maxMisclassified: options.maxMisclassified,
    classNames: options.classNames ?? recorded?.classNames ?? undefined,
  });

  const { count, rows, cols, images, labels } = split;
  if (!Number.isInteger(count) || count < 0 || !Number.isInteger(rows) || !Number.isInteger(cols)) {
    throw new EvaluationError('INVALID_SPLIT', `invalid split shape: count=${count}, rows=${rows}, cols=${cols}`);
  }
  if (count === 0) throw new EvaluationError('EMPTY_SPLIT', 'the split has no examples');
  const features = rows * cols;
  if (images.length !== count * features || labels.length !== count) {
    throw new EvaluationError(
      'INVALID_SPLIT',
      `split has ${images.length} pixel bytes and ${labels.length} labels, expected ${count * features} and ${count} ` +
        `(count=${count}, rows=${rows}, cols=${cols})`,
    );
  }
  for (let i = 0; i < count; i++) {
    if (labels[i]! >= numClasses) {
      throw new EvaluationError(
        'LABEL_OUT_OF_RANGE',
        `label ${labels[i]} at index ${i} is not in 0 … ${numClasses - 1}`,
      );
    }
  }

  for (let start = 0; start < count; start += batchSize) {
    const end = Math.min(start + batchSize, count);
    const size = end - start;
    const batchLabels = labels.subarray(start, end);
    const packed = tf.tidy(() => {
      const x = tf.tensor2d(imageBatch(split, start, end, scaling), [size, features], 'float32');
      const logits = model.forward(x, { training: false });
      if (!Array.isArray(logits?.shape)) {
        throw new EvaluationError('BAD_MODEL_OUTPUT', 'model.forward did not return a tensor');
      }
      if (logits.rank !== 2 || logits.shape[0] !== size || logits.shape[1] !== numClasses) {
        throw new EvaluationError(
          'BAD_MODEL_OUTPUT',
          `model output has shape [${logits.shape.join(', ')}], expected [${size}, ${numClasses}]`,
        );
      }
      const z = tf.cast(logits as tf.Tensor2D, 'float32');
      const y = tf.tensor1d(Int32Array.from(batchLabels), 'int32');
      // Stable log-softmax: shift by the row max, so exp never overflows. (oneHot is built in int32 and
      // cast: the wasm backend's OneHot writes zeros when asked for float32 on/off values.)
      const shifted = tf.sub(z, tf.max(z, 1, true));
      const logSumExp = tf.log(tf.sum(tf.exp(shifted), 1));
      const trueShifted = tf.sum(tf.mul(shifted, tf.cast(tf.oneHot(y, numClasses), 'float32')), 1);
      const loss = tf.sub(logSumExp, trueShifted);
      // The argmax has shifted logit 0, so its probability is exp(-logSumExp).
      const confidence = tf.exp(tf.neg(logSumExp));
      const predicted = tf.cast(tf.argMax(z, 1), 'float32');
      const { indices } = tf.topk(z, topK);
      const hit = tf.cast(tf.any(tf.equal(indices, tf.expandDims(y, 1)), 1), 'float32');
      return tf.stack([predicted, loss, confidence, hit], 1);
    });
    let values: Float32Array;
    try {
      values = (await packed.data()) as Float32Array;
    } finally {
      packed.dispose();
    }
    const predictedLabels = new Int32Array(size);
    const losses = new Float64Array(size);
    const confidences = new Float64Array(size);
    const topKHits = new Uint8Array(size);
    for (let i = 0; i < size; i++) {
      predictedLabels[i] = values[i * COLUMNS]!;
      losses[i] = values[i * COLUMNS + 1]!;
      confidences[i] = values[i * COLUMNS + 2]!;
      topKHits[i] = values[i * COLUMNS + 3]!;
    }
    accumulator.add({ trueLabels: batchLabels, predictedLabels, losses, confidences, topKHits });
  }

  return accumulator.result() as EvaluationResult;
}
