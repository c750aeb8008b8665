import { describe, expect, it } from 'vitest';
import { compareArrays, syntheticSplit } from './selfTestChecks';

describe('compareArrays', () => {
  it('passes equal arrays and reports the largest error and where', () => {
    const result = compareArrays({ a: [1, 2, 3], b: [0.5] }, { a: [1, 2, 3.00003], b: [0.5] }, 1e-4);
    expect(result.ok).toBe(true);
    expect(result.detail).toContain('1.00e-5 at a[2]');
  });

  it('uses absolute error near zero and relative error for large values', () => {
    expect(compareArrays({ a: [1e-3] }, { a: [0] }, 1e-4).ok).toBe(false);
    expect(compareArrays({ a: [1000.05] }, { a: [1000] }, 1e-4).ok).toBe(true);
    expect(compareArrays({ a: [1001] }, { a: [1000] }, 1e-4).ok).toBe(false);
  });

  it('fails on NaN, missing names and length mismatches', () => {
    expect(compareArrays({ a: [Number.NaN] }, { a: [1] }, 1).detail).toBe('a[0] is NaN');
    expect(compareArrays({ a: [Number.NaN] }, { a: [1] }, 1).ok).toBe(false);
    expect(compareArrays({}, { a: [1] }, 1)).toEqual({ ok: false, detail: 'a: missing' });
    expect(compareArrays({ a: [1, 2] }, { a: [1] }, 1)).toEqual({ ok: false, detail: 'a: length 2 ≠ 1' });
  });
});

describe('syntheticSplit', () => {
  it('is deterministic, MNIST-shaped and covers every class', () => {
    const a = syntheticSplit(40);
    expect(a.images).toHaveLength(40 * 784);
    expect(a.images).toEqual(syntheticSplit(40).images);
    expect(new Set(a.labels)).toEqual(new Set([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
    expect(new Set(a.images).size).toBeGreaterThan(200);
  });
});
