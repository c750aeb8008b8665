import { EvaluationError } from './EvaluationError';
import { requireInteger } from './internal/requireInteger';
import type { ClassMetrics, ConfusedPair, MisclassifiedExample, PredictionMetrics } from './types';

/** Options shared by {@link createMetricsAccumulator} and `metricsFromPredictions`. */
export interface MetricsOptions {
  /** Number of classes; labels are `0 … numClasses-1`. Defaults to `10`. */
  numClasses?: number;
  /** The `k` the `topKHits` were computed with; required when `topKHits` are given. Defaults to `undefined`. */
  topK?: number;
  /** How many off-diagonal confusion pairs to report in `mostConfused`. Defaults to `5`. */
  mostConfused?: number;
  /** Cap on the number of `misclassified` examples kept. Defaults to `100`. */
  maxMisclassified?: number;
  /** One name per class, copied into `perClass[i].name`. Defaults to `undefined` (no names). */
  classNames?: readonly string[];
}

/** Predictions for a run of consecutive examples. All arrays have one entry per example. */
export interface PredictionBatch {
  /** True class per example. */
  trueLabels: ArrayLike<number>;
  /** Predicted class (argmax) per example. */
  predictedLabels: ArrayLike<number>;
  /** Whether the true class is among the top-k predictions (`true`/`1`), per example. Optional. */
  topKHits?: ArrayLike<boolean | number>;
  /** Loss per example (e.g. cross-entropy); `loss` is their mean. Optional. */
  losses?: ArrayLike<number>;
  /** Probability of the predicted class per example; orders `misclassified`. Optional. */
  confidences?: ArrayLike<number>;
}

/** Streaming metrics: feed predictions batch by batch with `add`, read the totals with `result`. */
export interface MetricsAccumulator {
  /** Adds the next examples; their indices continue from the previous batch. */
  add(batch: PredictionBatch): void;
  /** Examples added so far. */
  readonly count: number;
  /** Metrics over everything added so far. Throws `EMPTY_SPLIT` when nothing was added. */
  result(): PredictionMetrics;
}

/** Orders misclassified examples: highest confidence first, then lower index first. */
function byConfidence(a: MisclassifiedExample, b: MisclassifiedExample): number {
  const ca = Number.isFinite(a.confidence) ? (a.confidence as number) : Number.NEGATIVE_INFINITY;
  const cb = Number.isFinite(b.confidence) ? (b.confidence as number) : Number.NEGATIVE_INFINITY;
  return ca === cb ? a.index - b.index : cb - ca;
}

/**
 * Creates an accumulator that counts a confusion matrix, losses and top-k hits from predictions,
 * without holding per-example data beyond the capped misclassified list.
 */
export function createMetricsAccumulator(options: MetricsOptions = {}): MetricsAccumulator {
  const numClasses = requireInteger('numClasses', options.numClasses ?? 10, 2);
  const topK = options.topK === undefined ? undefined : requireInteger('topK', options.topK, 1, numClasses);
  const mostConfusedCount = requireInteger('mostConfused', options.mostConfused ?? 5, 0);
  const maxMisclassified = requireInteger('maxMisclassified', options.maxMisclassified ?? 100, 0);
  const classNames = options.classNames;
  if (classNames !== undefined && classNames.length !== numClasses) {
    throw new EvaluationError(
      'INVALID_OPTION',
      `classNames has ${classNames.length} entries, expected numClasses = ${numClasses}`,
    );
  }

  const confusion = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  let count = 0;
  let lossSum = 0;
  let lossCount = 0;
  let topKHitCount = 0;
  let topKCount = 0;
  let misclassified: MisclassifiedExample[] = [];

  const checkLabel = (kind: string, value: number | undefined, index: number): number => {
    if (value === undefined || !Number.isInteger(value) || value < 0 || value >= numClasses) {
      throw new EvaluationError(
        'LABEL_OUT_OF_RANGE',
        `${kind} label ${String(value)} at index ${index} is not in 0 … ${numClasses - 1}`,
      );
    }
    return value;
  };

  const checkLength = (name: string, values: ArrayLike<unknown> | undefined, expected: number): void => {
    if (values !== undefined && values.length !== expected) {
      throw new EvaluationError('INVALID_SPLIT', `${name} has ${values.length} entries, expected ${expected}`);
    }
  };

  return {
    get count() {
      return count;
    },

    add(batch) {
      const { trueLabels, predictedLabels, topKHits, losses, confidences } = batch;
      const n = trueLabels.length;
      checkLength('predictedLabels', predictedLabels, n);
      checkLength('topKHits', topKHits, n);
      checkLength('losses', losses, n);
      checkLength('confidences', confidences, n);
      if (topKHits !== undefined && topK === undefined) {
        throw new EvaluationError('INVALID_OPTION', 'topKHits were given without topK');
      }
      // Validate everything before counting anything, so a bad batch leaves the totals untouched.
      const truth = new Int32Array(n);
      const predicted = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        truth[i] = checkLabel('true', trueLabels[i], count + i);
        predicted[i] = checkLabel('predicted', predictedLabels[i], count + i);
      }
      for (let i = 0; i < n; i++) {
        const t = truth[i]!;
        const p = predicted[i]!;
        confusion[t]![p]!++;
        if (t !== p && maxMisclassified > 0) {
          const example: MisclassifiedExample = { index: count + i, trueLabel: t, predictedLabel: p };
          if (confidences !== undefined) example.confidence = confidences[i]!;
          misclassified.push(example);
        }
      }
      if (losses !== undefined) {
        for (let i = 0; i < n; i++) lossSum += losses[i]!;
        lossCount += n;
      }
      if (topKHits !== undefined) {
        for (let i = 0; i < n; i++) if (topKHits[i]) topKHitCount++;
        topKCount += n;
      }
      count += n;
      // Keep the list bounded: prune once it is well past the cap (amortised O(n log n)).
      if (misclassified.length > 2 * maxMisclassified + 64) {
        misclassified = misclassified.sort(byConfidence).slice(0, maxMisclassified);
      }
    },

    result() {
      if (count === 0) throw new EvaluationError('EMPTY_SPLIT', 'no examples to evaluate');

      let correct = 0;
      const perClass: ClassMetrics[] = [];
      let f1Sum = 0;
      let f1Classes = 0;
      for (let c = 0; c < numClasses; c++) {
        const row = confusion[c]!;
        const tp = row[c]!;
        const support = row.reduce((sum, v) => sum + v, 0);
        let predictedAs = 0;
        for (let r = 0; r < numClasses; r++) predictedAs += confusion[r]![c]!;
        const fp = predictedAs - tp;
        const fn = support - tp;
        correct += tp;
        const precision = predictedAs === 0 ? 0 : tp / predictedAs;
        const recall = support === 0 ? 0 : tp / support;
        const f1 = tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
        if (support > 0 || predictedAs > 0) {
          f1Sum += f1;
          f1Classes++;
        }
        const metrics: ClassMetrics = { label: c, precision, recall, f1, support };
        const name = classNames?.[c];
        if (name !== undefined) metrics.name = name;
        perClass.push(metrics);
      }

      const pairs: ConfusedPair[] = [];
      for (let t = 0; t < numClasses; t++) {
        for (let p = 0; p < numClasses; p++) {
          const cell = confusion[t]![p]!;
          if (t !== p && cell > 0) pairs.push({ trueLabel: t, predictedLabel: p, count: cell });
        }
      }
      // Stable sort: equal counts keep row-major (lower labels first) order.
      pairs.sort((a, b) => b.count - a.count);

      const result: PredictionMetrics = {
        count,
        accuracy: correct / count,
        confusionMatrix: confusion.map((row) => row.slice()),
        perClass,
        macroF1: f1Classes === 0 ? 0 : f1Sum / f1Classes,
        mostConfused: pairs.slice(0, mostConfusedCount),
        misclassified: misclassified
          .slice()
          .sort(byConfidence)
          .slice(0, maxMisclassified)
          .map((m) => ({ ...m })),
      };
      if (lossCount === count) result.loss = lossSum / count;
      if (topK !== undefined && topKCount === count) {
        result.topK = topK;
        result.topKAccuracy = topKHitCount / count;
      }
      return result;
    },
  };
}
