import { describe, expect, it } from 'vitest';
import { stepLr } from './stepLr';
import { TrainingError } from './TrainingError';

describe('stepLr', () => {
  it('decays by gamma every stepSize epochs, constant within an epoch', () => {
    const lr = stepLr({ stepSize: 2, gamma: 0.5 });
    expect([0, 1, 2, 3, 4].map((e) => lr(e, 0, 100, 1))).toEqual([1, 1, 0.5, 0.5, 0.25]);
    expect(lr(1, 99, 100, 1)).toBe(1);
  });

  it("defaults gamma to 0.1 and can count optimizer steps with per: 'step'", () => {
    expect(stepLr({ stepSize: 1 })(2, 0, 10, 1)).toBeCloseTo(0.01, 12);
    const perStep = stepLr({ stepSize: 5, gamma: 0.5, per: 'step' });
    // global step = epoch·stepsPerEpoch + step
    expect(perStep(0, 2, 3, 1)).toBe(1);
    expect(perStep(1, 1, 3, 1)).toBe(1);
    expect(perStep(1, 2, 3, 1)).toBe(0.5);
    expect(perStep(3, 1, 3, 1)).toBe(0.25);
  });

  it('rejects bad options', () => {
    expect(() => stepLr({ stepSize: 0 })).toThrow(TrainingError);
    expect(() => stepLr({ stepSize: 1.5 })).toThrow(/stepSize/);
    expect(() => stepLr({ stepSize: 1, per: 'batch' as 'step' })).toThrow(/per/);
  });
});
