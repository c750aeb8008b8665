import { describe, expect, it } from 'vitest';
import { stepLr } from './stepLr';
import { TrainingError } from './TrainingError';

describe('stepLr', () => {
  it('decays by gamma every stepSize epochs, constant within an epoch', () => {
    const lr = stepLr({ stepSize: 2, gamma: 0.5 });
    expect([0, 1, 2, 3, 4].map((e) => lr({ epoch: e, step: 0, stepsPerEpoch: 100, baseLearningRate: 1 }))).toEqual([
      1, 1, 0.5, 0.5, 0.25,
    ]);
    expect(lr({ epoch: 1, step: 99, stepsPerEpoch: 100, baseLearningRate: 1 })).toBe(1);
  });

  it("defaults gamma to 0.1 and can count optimizer steps with per: 'step'", () => {
    expect(stepLr({ stepSize: 1 })({ epoch: 2, step: 0, stepsPerEpoch: 10, baseLearningRate: 1 })).toBeCloseTo(
      0.01,
      12,
    );
    const perStep = stepLr({ stepSize: 5, gamma: 0.5, per: 'step' });
    // global step = epoch·stepsPerEpoch + step
    expect(perStep({ epoch: 0, step: 2, stepsPerEpoch: 3, baseLearningRate: 1 })).toBe(1);
    expect(perStep({ epoch: 1, step: 1, stepsPerEpoch: 3, baseLearningRate: 1 })).toBe(1);
    expect(perStep({ epoch: 1, step: 2, stepsPerEpoch: 3, baseLearningRate: 1 })).toBe(0.5);
    expect(perStep({ epoch: 3, step: 1, stepsPerEpoch: 3, baseLearningRate: 1 })).toBe(0.25);
  });

  it('rejects bad options', () => {
    expect(() => stepLr({ stepSize: 0 })).toThrow(TrainingError);
    expect(() => stepLr({ stepSize: 1.5 })).toThrow(/stepSize/);
    expect(() => stepLr({ stepSize: 1, per: 'batch' as 'step' })).toThrow(/per/);
  });
});
