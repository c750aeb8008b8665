import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { describeBackends, requiredBackends, values } from './backends';

describeBackends(['cpu', 'wasm'], (backend) => {
  it('makes the backend active for each test', async () => {
    expect(tf.getBackend()).toBe(backend);
    expect(values(tf.add(tf.tensor1d([1, 2]), 1))).toEqual([2, 3]);
    if (backend !== 'cpu') await tf.setBackend('cpu');
  });

  it('again after a test switched away', () => {
    expect(tf.getBackend()).toBe(backend);
  });
});

describe('requiredBackends', () => {
  it('reads MNIST_KIT_REQUIRE_BACKENDS', () => {
    const saved = process.env.MNIST_KIT_REQUIRE_BACKENDS;
    try {
      process.env.MNIST_KIT_REQUIRE_BACKENDS = 'wasm,,webgpu';
      expect(requiredBackends()).toEqual(new Set(['wasm', 'webgpu']));
      delete process.env.MNIST_KIT_REQUIRE_BACKENDS;
      expect(requiredBackends().size).toBe(0);
    } finally {
      if (saved !== undefined) process.env.MNIST_KIT_REQUIRE_BACKENDS = saved;
    }
  });
});
