import type { PixelScaling } from '@mnist-kit/datasets';
import type { Tensor, Tensor2D } from '@tensorflow/tfjs-core';

/**
 * What `evaluate` needs of a model: a forward pass from a float32 `[batch, rows*cols]` input to
 * logits `[batch, numClasses]`. A model from `@mnist-kit/models` fits structurally.
 */
export interface EvaluableModel {
  forward(x: Tensor2D, options: { training: false }): Tensor;
  /** How pixel bytes become the model's inputs (`createMlp` models record it). Defaults to `'unit'` (x/255). */
  readonly pixelScaling?: PixelScaling;
  /**
   * What `@mnist-kit/models` models record: their number of outputs and, when known, one name per class
   * (`evaluate`'s defaults for `numClasses` and `classNames`).
   */
  readonly config?: { readonly outputSize?: number; readonly classNames?: readonly string[] | null };
}

/**
 * The labelled images `evaluate` reads: the fields it uses of `Split` from `@mnist-kit/datasets`
 * (declared here structurally, so any `Split` fits).
 */
export interface LabeledImages {
  /** Pixel bytes, `count × rows × cols`, row-major; scaled by 1/255 before the forward pass. */
  images: Uint8Array;
  /** Class index per image. */
  labels: Uint8Array;
  /** Number of images. */
  count: number;
  /** Image height in pixels. */
  rows: number;
  /** Image width in pixels. */
  cols: number;
}

/** Precision, recall and F1 of one class (one-vs-rest). Zero divisions give `0`, as sklearn's `zero_division=0`. */
export interface ClassMetrics {
  /** Class index. */
  label: number;
  /** Human-readable class name, when `classNames` was given. */
  name?: string;
  /** `tp / (tp + fp)`: of the examples predicted as this class, the share that are this class. */
  precision: number;
  /** `tp / (tp + fn)`: of the examples of this class, the share predicted as this class. */
  recall: number;
  /** `2·tp / (2·tp + fp + fn)`, the harmonic mean of precision and recall. */
  f1: number;
  /** Number of examples whose true label is this class. */
  support: number;
}

/** One off-diagonal cell of the confusion matrix. */
export interface ConfusedPair {
  trueLabel: number;
  predictedLabel: number;
  /** Number of examples of `trueLabel` predicted as `predictedLabel`. */
  count: number;
}

/** One wrongly classified example. */
export interface MisclassifiedExample {
  /** Position of the example in the split (or prediction list). */
  index: number;
  trueLabel: number;
  predictedLabel: number;
  /** Softmax probability the model gave its (wrong) prediction; absent when no confidences were given. */
  confidence?: number;
}

/** Metrics computed from predictions alone (what `metricsFromPredictions` returns). */
export interface PredictionMetrics {
  /** Number of examples. */
  count: number;
  /** Share of examples predicted correctly, in [0, 1]. */
  accuracy: number;
  /** Mean per-example loss, when per-example losses were given. */
  loss?: number;
  /** `numClasses × numClasses` counts; rows are true classes, columns predicted classes. */
  confusionMatrix: number[][];
  /** One entry per class, in label order. */
  perClass: ClassMetrics[];
  /**
   * Unweighted mean F1 over the classes that occur as a true or a predicted label
   * (sklearn's `f1_score(average='macro')` with its default labels).
   */
  macroF1: number;
  /** The `k` of `topKAccuracy`, when top-k hits were given. */
  topK?: number;
  /** Share of examples whose true label is among the `topK` highest logits, when top-k hits were given. */
  topKAccuracy?: number;
  /** The most frequent off-diagonal confusion-matrix cells, most frequent first (ties: lower labels first). */
  mostConfused: ConfusedPair[];
  /** Misclassified examples, capped; highest confidence first (ties and no confidences: lower index first). */
  misclassified: MisclassifiedExample[];
}

/** Everything `evaluate` measures: {@link PredictionMetrics} with loss, top-k and confidences always present. */
export interface EvaluationResult extends PredictionMetrics {
  /** Mean softmax cross-entropy of the logits. */
  loss: number;
  topK: number;
  topKAccuracy: number;
  misclassified: Array<MisclassifiedExample & { confidence: number }>;
}
