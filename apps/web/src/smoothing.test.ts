import { describe, expect, it } from 'vitest';
import { createEma, emaSeries } from './smoothing';

describe('createEma', () => {
  it('starts at the first value (bias-corrected), not near zero', () => {
    const ema = createEma(0.9);
    expect(ema.value).toBeNaN();
    expect(ema.push(2)).toBeCloseTo(2);
  });

  it('matches the debiased formula', () => {
    const values = [1, 2, 3];
    const s = 0.5;
    // biased: 0.5, 1.25, 2.125; weights: 0.5, 0.75, 0.875
    expect(emaSeries(values, s)).toEqual([1, 1.25 / 0.75, 2.125 / 0.875]);
  });

  it('is constant on a constant series and ignores non-finite values', () => {
    const ema = createEma(0.95);
    for (let i = 0; i < 50; i++) ema.push(0.7);
    ema.push(Number.NaN);
    ema.push(Number.POSITIVE_INFINITY);
    expect(ema.value).toBeCloseTo(0.7, 12);
  });

  it('follows the values with smoothing 0, and resets', () => {
    const ema = createEma(0);
    ema.push(3);
    expect(ema.push(5)).toBe(5);
    ema.reset();
    expect(ema.value).toBeNaN();
  });

  it('rejects smoothing outside [0, 1)', () => {
    expect(() => createEma(1)).toThrow(RangeError);
    expect(() => createEma(-0.1)).toThrow(RangeError);
  });
});
