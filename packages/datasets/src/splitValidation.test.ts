import { describe, expect, it } from 'vitest';
import { DatasetError } from './DatasetError';
import { splitValidation } from './splitValidation';
import { takeSubset } from './takeSubset';
import type { Split } from './types';

/** A split whose image i has every pixel = i and label i % 10, so rows can be traced. */
function tracedSplit(count: number): Split {
  const images = new Uint8Array(count * 4);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    images.fill(i, i * 4, i * 4 + 4);
    labels[i] = i % 10;
  }
  return { images, labels, count, rows: 2, cols: 2 };
}

function rowsOf(split: Split): number[] {
  return Array.from({ length: split.count }, (_, i) => {
    expect(split.images.subarray(i * 4, i * 4 + 4).every((v) => v === split.images[i * 4])).toBe(true);
    expect(split.labels[i]).toBe(split.images[i * 4]! % 10);
    return split.images[i * 4]!;
  });
}

describe('splitValidation', () => {
  it('partitions rows, seeded, copying into new arrays', () => {
    const split = tracedSplit(100);
    const { train, validation } = splitValidation(split, 0.2, 5);
    expect(validation.count).toBe(20);
    expect(train.count).toBe(80);
    expect(train.images.buffer).not.toBe(split.images.buffer);
    expect(validation.labels.buffer).not.toBe(split.labels.buffer);
    const all = [...rowsOf(train), ...rowsOf(validation)].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 100 }, (_, i) => i));
    const trainRows = rowsOf(train);
    expect(trainRows).toEqual([...trainRows].sort((a, b) => a - b));
    expect(rowsOf(splitValidation(split, 0.2, 5).validation)).toEqual(rowsOf(validation));
    expect(rowsOf(splitValidation(split, 0.2, 6).validation)).not.toEqual(rowsOf(validation));
  });

  it('fraction 0 keeps everything in train; bad fractions throw', () => {
    const { train, validation } = splitValidation(tracedSplit(10), 0);
    expect([train.count, validation.count]).toEqual([10, 0]);
    expect(() => splitValidation(tracedSplit(10), 1)).toThrow(DatasetError);
    expect(() => splitValidation(tracedSplit(10), -0.1)).toThrow(DatasetError);
  });
});

describe('takeSubset', () => {
  it('takes the first n rows without a seed', () => {
    const subset = takeSubset(tracedSplit(50), 7);
    expect(subset.count).toBe(7);
    expect(rowsOf(subset)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('samples n rows with a seed, in original order, deterministically', () => {
    const split = tracedSplit(50);
    const a = rowsOf(takeSubset(split, 10, 1));
    expect(a.length).toBe(10);
    expect(new Set(a).size).toBe(10);
    expect(a).toEqual([...a].sort((x, y) => x - y));
    expect(rowsOf(takeSubset(split, 10, 1))).toEqual(a);
    expect(rowsOf(takeSubset(split, 10, 2))).not.toEqual(a);
  });

  it('returns the split itself when n ≥ count; rejects bad n', () => {
    const split = tracedSplit(5);
    expect(takeSubset(split, 5)).toBe(split);
    expect(() => takeSubset(split, 1.5)).toThrow(DatasetError);
  });
});
