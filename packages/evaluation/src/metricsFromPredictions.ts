import { createMetricsAccumulator, type MetricsOptions, type PredictionBatch } from './createMetricsAccumulator';
import type { PredictionMetrics } from './types';

/** Predictions of a whole set plus the metric options. */
export interface PredictionsInput extends PredictionBatch, MetricsOptions {}

/**
 * Computes accuracy, the confusion matrix, per-class precision/recall/F1, macro-F1 and, when given,
 * mean loss and top-k accuracy from per-example predictions. Pure: no tensors involved.
 *
 * @example
 * ```ts
 * const m = metricsFromPredictions({ trueLabels: [0, 1, 1], predictedLabels: [0, 1, 0], numClasses: 2 });
 * m.accuracy; // 2/3
 * ```
 */
export function metricsFromPredictions(input: PredictionsInput): PredictionMetrics {
  const { trueLabels, predictedLabels, topKHits, losses, confidences, ...options } = input;
  const accumulator = createMetricsAccumulator(options);
  accumulator.add({ trueLabels, predictedLabels, topKHits, losses, confidences });
  return accumulator.result();
}
