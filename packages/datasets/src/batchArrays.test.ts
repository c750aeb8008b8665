import { describe, expect, it } from 'vitest';
import { batchArrays } from './batchArrays';
import { DatasetError } from './DatasetError';
import type { Split } from './types';

function split(count: number): Split {
  const images = new Uint8Array(count * 4);
  for (let i = 0; i < images.length; i++) images[i] = (i * 37) % 256;
  const labels = Uint8Array.from({ length: count }, (_, i) => i % 3);
  return { images, labels, count, rows: 2, cols: 2 };
}

describe('batchArrays', () => {
  it('writes into caller-owned buffers exactly what it would allocate', () => {
    const data = split(10);
    const options = { batchSize: 4, seed: 5, flip: true, shift: 1, inputDropout: 0.2 };
    const fresh = [...batchArrays(data, options)].map((b) => ({ xs: [...b.xs], labels: [...b.labels], size: b.size }));
    const into = { xs: new Float32Array(4 * 4), labels: new Int32Array(4) };
    // Views of `into`: valid until the next batch, so copied as each one arrives.
    const written: typeof fresh = [];
    for (const b of batchArrays(data, { ...options, into })) {
      expect(b.xs.buffer).toBe(into.xs.buffer);
      written.push({ xs: [...b.xs], labels: [...b.labels], size: b.size });
    }
    expect(written).toEqual(fresh);
    expect(fresh.map((b) => b.size)).toEqual([4, 4, 2]);
  });

  it('refuses buffers too small for a batch', () => {
    expect(() =>
      batchArrays(split(4), { batchSize: 4, into: { xs: new Float32Array(15), labels: new Int32Array(4) } }),
    ).toThrow(DatasetError);
  });
});
