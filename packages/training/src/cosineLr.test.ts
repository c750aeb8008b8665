import { describe, expect, it } from 'vitest';
import { cosineLr } from './cosineLr';
import { TrainingError } from './TrainingError';

describe('cosineLr', () => {
  it('anneals from baseLr to minLr over totalSteps, per step', () => {
    const lr = cosineLr({ totalSteps: 10, minLr: 0.1 });
    expect(lr(0, 0, 4, 1)).toBeCloseTo(1, 12);
    // t = 5 of 10 → halfway: (1 + 0.1) / 2
    expect(lr(1, 1, 4, 1)).toBeCloseTo(0.55, 12);
    // t = 2.5 of 10 would be cos(π/4); t = 3: 0.1 + 0.9·(1 + cos(0.3π))/2
    expect(lr(0, 3, 4, 1)).toBeCloseTo(0.1 + (0.9 * (1 + Math.cos(0.3 * Math.PI))) / 2, 12);
    expect(lr(2, 2, 4, 1)).toBeCloseTo(0.1, 12);
    expect(lr(9, 0, 4, 1)).toBeCloseTo(0.1, 12);
  });

  it('converts totalEpochs to steps', () => {
    const lr = cosineLr({ totalEpochs: 2 });
    // 2 epochs × 5 steps: epoch 1, step 0 is t = 5 of 10
    expect(lr(1, 0, 5, 0.2)).toBeCloseTo(0.1, 12);
    expect(lr(2, 0, 5, 0.2)).toBeCloseTo(0, 12);
  });

  it('warms up linearly, then anneals over the remaining steps', () => {
    const lr = cosineLr({ totalSteps: 12, warmupSteps: 4 });
    expect([0, 1, 2, 3].map((t) => lr(0, t, 100, 1))).toEqual([0.25, 0.5, 0.75, 1]);
    expect(lr(0, 4, 100, 1)).toBeCloseTo(1, 12);
    // (t − warmup) / (total − warmup) = 4 / 8
    expect(lr(0, 8, 100, 1)).toBeCloseTo(0.5, 12);
    expect(lr(0, 12, 100, 1)).toBeCloseTo(0, 12);
  });

  it('rejects bad options', () => {
    expect(() => cosineLr({})).toThrow(TrainingError);
    expect(() => cosineLr({ totalSteps: 10, totalEpochs: 2 })).toThrow(/exactly one/);
    expect(() => cosineLr({ totalSteps: 10, minLr: -1 })).toThrow(/minLr/);
  });
});
