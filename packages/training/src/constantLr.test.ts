import { describe, expect, it } from 'vitest';
import { constantLr } from './constantLr';

describe('constantLr', () => {
  it('returns the base rate everywhere', () => {
    const lr = constantLr();
    expect(lr(0, 0, 10, 0.01)).toBe(0.01);
    expect(lr(7, 3, 10, 0.5)).toBe(0.5);
  });
});
