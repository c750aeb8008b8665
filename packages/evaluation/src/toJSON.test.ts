import { describe, expect, it } from 'vitest';
import { metricsFromPredictions } from './metricsFromPredictions';
import { toJSON } from './toJSON';

describe('toJSON', () => {
  it('returns a JSON-safe deep copy', () => {
    const result = metricsFromPredictions({
      trueLabels: [0, 1, 1],
      predictedLabels: [0, 0, 1],
      confidences: [0.9, 0.8, 0.7],
      losses: [0.1, 0.2, 0.3],
      numClasses: 2,
      classNames: ['no', 'yes'],
    });
    const json = toJSON(result);
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
    expect(json).toEqual(JSON.parse(JSON.stringify(result)));
    expect(json.confusionMatrix).not.toBe(result.confusionMatrix);
    expect(json.perClass).toEqual([
      { label: 0, name: 'no', precision: 0.5, recall: 1, f1: 2 / 3, support: 1 },
      { label: 1, name: 'yes', precision: 1, recall: 0.5, f1: 2 / 3, support: 2 },
    ]);
    expect('topK' in json).toBe(false);
  });

  it('turns non-finite numbers into null', () => {
    const result = metricsFromPredictions({
      trueLabels: [0],
      predictedLabels: [0],
      losses: [Number.NaN],
      numClasses: 2,
    });
    expect(toJSON(result).loss).toBeNull();
  });
});
