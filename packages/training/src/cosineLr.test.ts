import { describe, expect, it } from 'vitest';
import { cosineLr } from './cosineLr';
import { TrainingError } from './TrainingError';

describe('cosineLr', () => {
  it('anneals from baseLr to minLr over totalSteps, per step', () => {
    const lr = cosineLr({ totalSteps: 10, minLr: 0.1 });
    expect(lr({ epoch: 0, step: 0, stepsPerEpoch: 4, baseLearningRate: 1 })).toBeCloseTo(1, 12);
    // t = 5 of 10 → halfway: (1 + 0.1) / 2
    expect(lr({ epoch: 1, step: 1, stepsPerEpoch: 4, baseLearningRate: 1 })).toBeCloseTo(0.55, 12);
    // t = 2.5 of 10 would be cos(π/4); t = 3: 0.1 + 0.9·(1 + cos(0.3π))/2
    expect(lr({ epoch: 0, step: 3, stepsPerEpoch: 4, baseLearningRate: 1 })).toBeCloseTo(
      0.1 + (0.9 * (1 + Math.cos(0.3 * Math.PI))) / 2,
      12,
    );
    expect(lr({ epoch: 2, step: 2, stepsPerEpoch: 4, baseLearningRate: 1 })).toBeCloseTo(0.1, 12);
    expect(lr({ epoch: 9, step: 0, stepsPerEpoch: 4, baseLearningRate: 1 })).toBeCloseTo(0.1, 12);
  });

  it('converts totalEpochs to steps', () => {
    const lr = cosineLr({ totalEpochs: 2 });
    // 2 epochs × 5 steps: epoch 1, step 0 is t = 5 of 10
    expect(lr({ epoch: 1, step: 0, stepsPerEpoch: 5, baseLearningRate: 0.2 })).toBeCloseTo(0.1, 12);
    expect(lr({ epoch: 2, step: 0, stepsPerEpoch: 5, baseLearningRate: 0.2 })).toBeCloseTo(0, 12);
  });

  it('warms up linearly, then anneals over the remaining steps', () => {
    const lr = cosineLr({ totalSteps: 12, warmupSteps: 4 });
    expect([0, 1, 2, 3].map((t) => lr({ epoch: 0, step: t, stepsPerEpoch: 100, baseLearningRate: 1 }))).toEqual([
      0.25, 0.5, 0.75, 1,
    ]);
    expect(lr({ epoch: 0, step: 4, stepsPerEpoch: 100, baseLearningRate: 1 })).toBeCloseTo(1, 12);
    // (t − warmup) / (total − warmup) = 4 / 8
    expect(lr({ epoch: 0, step: 8, stepsPerEpoch: 100, baseLearningRate: 1 })).toBeCloseTo(0.5, 12);
    expect(lr({ epoch: 0, step: 12, stepsPerEpoch: 100, baseLearningRate: 1 })).toBeCloseTo(0, 12);
  });

  it('rejects bad options', () => {
    expect(() => cosineLr({})).toThrow(TrainingError);
    expect(() => cosineLr({ totalSteps: 10, totalEpochs: 2 })).toThrow(/exactly one/);
    expect(() => cosineLr({ totalSteps: 10, minLr: -1 })).toThrow(/minLr/);
  });
});
