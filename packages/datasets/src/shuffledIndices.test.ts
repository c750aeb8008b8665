import { describe, expect, it } from 'vitest';
import { DatasetError } from './DatasetError';
import { shuffledIndices } from './shuffledIndices';

describe('shuffledIndices', () => {
  it('is a fixed permutation for a seed on every machine (golden values)', () => {
    expect([...shuffledIndices(10, 42)]).toEqual([0, 7, 3, 5, 2, 1, 8, 9, 4, 6]);
    expect([...shuffledIndices(10, 0)]).toEqual([3, 8, 6, 4, 5, 9, 7, 1, 0, 2]);
  });

  it('covers every index exactly once', () => {
    const order = shuffledIndices(1000, 7);
    expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });

  it('same seed same order, different seed different order', () => {
    expect(shuffledIndices(500, 3)).toEqual(shuffledIndices(500, 3));
    expect(shuffledIndices(500, 3)).not.toEqual(shuffledIndices(500, 4));
  });

  it('handles 0 and 1 and rejects bad input', () => {
    expect(shuffledIndices(0, 1).length).toBe(0);
    expect([...shuffledIndices(1, 1)]).toEqual([0]);
    expect(() => shuffledIndices(-1, 0)).toThrow(DatasetError);
    expect(() => shuffledIndices(3, Number.NaN)).toThrow(DatasetError);
  });
});
