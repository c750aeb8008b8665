import { describe, expect, it } from 'vitest';
import { etaSeconds, formatDuration, formatRate, remainingSteps } from './progress';

describe('remainingSteps', () => {
  it('counts the rest of this epoch plus the later epochs', () => {
    expect(remainingSteps({ stepInEpoch: 10, stepsPerEpoch: 100, epoch: 0, epochs: 3 })).toBe(290);
    expect(remainingSteps({ stepInEpoch: 100, stepsPerEpoch: 100, epoch: 2, epochs: 3 })).toBe(0);
  });
});

describe('etaSeconds', () => {
  it('is remaining samples over the rate', () => {
    // 90 + 100 steps of 64 samples at 6400 samples/s = 1.9 s
    expect(
      etaSeconds({ stepInEpoch: 10, stepsPerEpoch: 100, epoch: 0, epochs: 2, samplesPerSecond: 6400, batchSize: 64 }),
    ).toBeCloseTo(1.9);
  });
  it('adds one validation pass per unfinished epoch', () => {
    expect(
      etaSeconds({
        stepInEpoch: 100,
        stepsPerEpoch: 100,
        epoch: 0,
        epochs: 2,
        samplesPerSecond: 6400,
        batchSize: 64,
        validationSeconds: 0.5,
      }),
    ).toBeCloseTo(1 + 2 * 0.5);
  });
  it('is unknown before the speed is', () => {
    expect(
      etaSeconds({ stepInEpoch: 0, stepsPerEpoch: 10, epoch: 0, epochs: 1, samplesPerSecond: 0, batchSize: 64 }),
    ).toBeUndefined();
  });
});

describe('formatting', () => {
  it('formats durations', () => {
    expect(formatDuration(7.4)).toBe('0:07');
    expect(formatDuration(725)).toBe('12:05');
    expect(formatDuration(3723)).toBe('1:02:03');
    expect(formatDuration(undefined)).toBe('–');
    expect(formatDuration(Number.NaN)).toBe('–');
  });
  it('formats rates', () => {
    expect(formatRate(12345.6)).toBe('12,346 samples/s');
    expect(formatRate(0)).toBe('– samples/s');
  });
});
