import { describe, expect, it } from 'vitest';
import { constantLr } from './constantLr';

describe('constantLr', () => {
  it('returns the base rate everywhere', () => {
    const lr = constantLr();
    expect(lr({ epoch: 0, step: 0, stepsPerEpoch: 10, baseLearningRate: 0.01 })).toBe(0.01);
    expect(lr({ epoch: 7, step: 3, stepsPerEpoch: 10, baseLearningRate: 0.5 })).toBe(0.5);
  });
});
