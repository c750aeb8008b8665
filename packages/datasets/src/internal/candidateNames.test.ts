import { describe, expect, it } from 'vitest';
import { candidateNames } from './candidateNames';

describe('candidateNames', () => {
  it('a published .gz name: itself, raw, and both with a dot before idxN-ubyte', () => {
    expect(candidateNames('train-images-idx3-ubyte.gz')).toEqual([
      'train-images-idx3-ubyte.gz',
      'train-images-idx3-ubyte',
      'train-images.idx3-ubyte',
      'train-images.idx3-ubyte.gz',
    ]);
  });
  it('a name without .gz comes first, each name once', () => {
    expect(candidateNames('t10k-labels.idx1-ubyte')).toEqual(['t10k-labels.idx1-ubyte', 't10k-labels.idx1-ubyte.gz']);
  });
});
