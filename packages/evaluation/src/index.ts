export type {
  MetricsAccumulator,
  MetricsOptions,
  PredictionBatch,
} from './createMetricsAccumulator';
export { createMetricsAccumulator } from './createMetricsAccumulator';
export { divergingColor } from './divergingColor';
export type { EvaluationErrorCode } from './EvaluationError';
export { EvaluationError } from './EvaluationError';
export type { EvaluateOptions } from './evaluate';
export { evaluate } from './evaluate';
export type { FormatEvaluationOptions } from './formatEvaluation';
export { formatEvaluation } from './formatEvaluation';
export type { PredictionsInput } from './metricsFromPredictions';
export { metricsFromPredictions } from './metricsFromPredictions';
export type { JSONValue } from './toJSON';
export { toJSON } from './toJSON';
export type {
  ClassMetrics,
  ConfusedPair,
  EvaluableModel,
  EvaluationResult,
  LabeledImages,
  MisclassifiedExample,
  PredictionMetrics,
} from './types';

export { VERSION } from './version';
