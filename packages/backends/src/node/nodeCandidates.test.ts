import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { selectBackend } from '../selectBackend';
import { NODE_BACKEND_NAMES, nodeCandidates } from './nodeCandidates';

/**
 * Backends that must load here: `.ci/run` lists those that work on the CI machine (e.g.
 * `wasm,cpu,webgpu` with SwiftShader's Vulkan driver), so a backend that breaks fails instead of skipping.
 */
const required = new Set((process.env.MNIST_KIT_REQUIRE_BACKENDS ?? '').split(',').filter(Boolean));

describe.each(NODE_BACKEND_NAMES)('the %s candidate', (name) => {
  it('loads, computes a matMul like the cpu reference (read back asynchronously), and says what it runs on', async (ctx) => {
    let selection: Awaited<ReturnType<typeof selectBackend>>;
    try {
      selection = await selectBackend({ preference: name, candidates: nodeCandidates() });
    } catch (error) {
      if (required.has(name)) throw error;
      ctx.skip(`${name} does not load here: ${(error as Error).message}`);
      return;
    }
    try {
      expect(tf.getBackend()).toBe(selection.backend);
      const a = tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]);
      const b = tf.tensor2d([1, 0, -1, 2, 0.5, 3], [3, 2]);
      const product = tf.matMul(a, b);
      expect(Array.from(await product.data())).toEqual([0.5, 13, 2, 28]);
      tf.dispose([a, b, product]);
      expect(selection.device).toBeDefined();
      expect(selection.description).toBeTruthy();
      if (name === 'webgpu') {
        expect(selection.device?.kind).toBe('gpu');
        expect(selection.device?.vendor ?? selection.device?.architecture).toBeTruthy();
        expect(typeof selection.device?.software).toBe('boolean');
      }
    } finally {
      await selection.release();
    }
  });
});

describe('auto on Node', () => {
  it('never picks a software WebGPU adapter over wasm, and says it skipped it', async () => {
    const selection = await selectBackend({ candidates: nodeCandidates() });
    try {
      const webgpu = selection.attempts.find((a) => a.name === 'webgpu');
      if (selection.name === 'webgpu') expect(selection.device?.software).toBe(false);
      if (required.has('webgpu') && selection.name !== 'webgpu') {
        // On the CI machine WebGPU is SwiftShader: software, so auto passes it over for wasm.
        expect(webgpu?.reason).toMatch(/^skipped: software adapter/);
        expect(selection.name).toBe('wasm');
      }
    } finally {
      await selection.release();
    }
  });
});
