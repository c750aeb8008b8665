import { createMlp, type Mlp } from '@mnist-kit/models';
import { syntheticSplit } from '@mnist-kit/test-utils';
import { describeBackends } from '@mnist-kit/test-utils/backends';
import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { adam } from './adam';
import { fit } from './fit';
import { softmaxCrossEntropy } from './softmaxCrossEntropy';
import type { BatchEndInfo, FitOptions, LayerNorm } from './types';

// `layerNorms` against a direct computation: the gradient of each read-back step recomputed with the
// model's own forward/backward from the weights before that step, on both step engines and both backends.

const train = syntheticSplit(120, { rows: 6, cols: 6, classes: 4, seed: 3 });
const BATCH = 20;
const shape = { inputSize: 36, hiddenSizes: [16, 12], outputSize: 4, seed: 5 } as const;

interface Seen {
  info: BatchEndInfo;
  /** model.params right after the step (the engine writes them back on read-back steps). */
  params: Record<string, Float32Array>;
}

async function record(
  options: FitOptions,
): Promise<{ seen: Seen[]; engine: string; names: string[]; final: Float32Array[] }> {
  const model = createMlp(shape);
  const optimizer = adam({ learningRate: 0.01 });
  const seen: Seen[] = [];
  try {
    const history = await fit(model, train, {
      epochs: 1,
      batchSize: BATCH,
      shuffle: false,
      optimizer,
      ...options,
      callbacks: {
        onBatchEnd: (info) => {
          const params = Object.fromEntries(
            Object.entries(model.params).map(([name, v]) => [name, v.dataSync() as Float32Array]),
          );
          seen.push({ info, params });
        },
      },
    });
    const final = Object.values(model.params).map((v) => v.dataSync() as Float32Array);
    return { seen, engine: history.stepEngine!.name, names: Object.keys(model.params), final };
  } finally {
    optimizer.dispose();
    model.dispose();
  }
}

function norm(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]! * values[i]!;
  return Math.sqrt(sum);
}

/** The gradient norms of step `step` (rows `step·BATCH …`), from the weights before it, with forward/backward. */
function directGradNorms(before: Record<string, Float32Array>, step: number): Record<string, number> {
  const model: Mlp = createMlp(shape);
  try {
    return tf.tidy(() => {
      for (const [name, values] of Object.entries(before)) {
        model.params[name]!.assign(tf.tensor(values, model.params[name]!.shape));
      }
      const rows = BATCH;
      const x = tf.div(
        tf.tensor2d(train.images.subarray(step * rows * 36, (step + 1) * rows * 36), [rows, 36], 'float32'),
        255,
      );
      const y = tf.tensor1d(train.labels.subarray(step * rows, (step + 1) * rows), 'int32');
      const logits = model.forward(x, { training: true, keep: true });
      const { grad } = softmaxCrossEntropy().valueAndGrad(logits, y);
      const grads = model.backward(grad);
      return Object.fromEntries(Object.entries(grads).map(([name, g]) => [name, norm(g.dataSync())]));
    });
  } finally {
    model.dispose();
  }
}

function relDiff(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(1e-12, Math.abs(b));
}

describeBackends(['cpu', 'wasm'], () => {
  for (const stepEngine of ['simd', 'tfjs'] as const) {
    it(`${stepEngine} engine: every read-back step's weight and gradient norms match a direct computation`, async () => {
      const tensors = tf.memory().numTensors;
      const { seen, engine, names } = await record({ stepEngine, logEvery: 1, layerNorms: true });
      expect(engine).toBe(stepEngine);
      expect(seen).toHaveLength(train.count / BATCH);
      for (const [step, { info, params }] of seen.entries()) {
        expect(info.loss).toBeDefined();
        const norms = info.layerNorms as LayerNorm[];
        expect(norms.map((n) => n.name)).toEqual(names);
        for (const n of norms) expect(relDiff(n.weightNorm, norm(params[n.name]!)), n.name).toBeLessThan(1e-5);
        if (step === 0) continue;
        const direct = directGradNorms(seen[step - 1]!.params, step);
        for (const n of norms) {
          expect(n.gradNorm, n.name).toBeGreaterThan(0);
          expect(relDiff(n.gradNorm, direct[n.name]!), `${n.name} at step ${step}`).toBeLessThan(1e-4);
        }
      }
      expect(tf.memory().numTensors).toBe(tensors);
    });

    it(`${stepEngine} engine: norms only on read-back steps, and none unless asked`, async () => {
      const tensors = tf.memory().numTensors;
      const on = await record({ stepEngine, logEvery: 4, layerNorms: true });
      expect(on.seen.map(({ info }) => info.layerNorms !== undefined)).toEqual(
        on.seen.map(({ info }) => info.loss !== undefined),
      );
      expect(on.seen.filter(({ info }) => info.layerNorms !== undefined)).toHaveLength(1);
      // Every third read-back step only, starting with the first.
      const sparse = await record({ stepEngine, logEvery: 1, layerNorms: true, layerNormsEvery: 3 });
      expect(sparse.seen.map(({ info }) => info.layerNorms !== undefined)).toEqual([
        true,
        false,
        false,
        true,
        false,
        false,
      ]);
      await expect(record({ stepEngine, layerNorms: true, layerNormsEvery: 0 })).rejects.toThrow(/layerNormsEvery/);
      const off = await record({ stepEngine, logEvery: 1 });
      expect(off.seen.every(({ info }) => info.layerNorms === undefined && info.loss !== undefined)).toBe(true);
      // The same training either way: the norms do not change the run.
      expect(on.final).toEqual(off.final);
      expect(tf.memory().numTensors).toBe(tensors);
    });
  }
});
