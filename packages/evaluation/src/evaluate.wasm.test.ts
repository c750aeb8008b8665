import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { evaluate } from './evaluate';
import type { EvaluableModel, LabeledImages } from './types';

/** A fixed linear model: logits = x · W with W[j][c] = ((j * 7 + c * 3) % 11 − 5) / 10. */
function linearModel(): EvaluableModel {
  const w = tf.tensor2d(
    Array.from({ length: 4 * 3 }, (_, k) => ((Math.floor(k / 3) * 7 + (k % 3) * 3) % 11) / 10 - 0.5),
    [4, 3],
  );
  return { forward: (x) => tf.matMul(x, w) };
}

const split: LabeledImages = {
  images: Uint8Array.from({ length: 12 * 4 }, (_, k) => (k * 37) % 256),
  labels: Uint8Array.from({ length: 12 }, (_, i) => i % 3),
  count: 12,
  rows: 2,
  cols: 2,
};

describe('evaluate on wasm', () => {
  it('gives the same loss and accuracy as on cpu (wasm OneHot is used in int32)', async () => {
    await tf.setBackend('cpu');
    const onCpu = await evaluate(linearModel(), split, { numClasses: 3, topK: 2, batchSize: 5 });
    setWasmPaths(fileURLToPath(new URL('../node_modules/@tensorflow/tfjs-backend-wasm/dist/', import.meta.url)));
    await tf.setBackend('wasm');
    const onWasm = await evaluate(linearModel(), split, { numClasses: 3, topK: 2, batchSize: 5 });
    expect(onCpu.loss).toBeGreaterThan(0.5);
    expect(onWasm.loss).toBeCloseTo(onCpu.loss, 5);
    expect(onWasm.accuracy).toBe(onCpu.accuracy);
    expect(onWasm.confusionMatrix).toEqual(onCpu.confusionMatrix);
  });
});
