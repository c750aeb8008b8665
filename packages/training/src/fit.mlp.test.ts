import '@tensorflow/tfjs';
import { createMlp } from '@mnist-kit/models';
import { syntheticSplit } from '@mnist-kit/test-utils';
import { describeBackends } from '@mnist-kit/test-utils/backends';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { adam } from './adam';
import { createCheckpoint } from './createCheckpoint';
import { fit } from './fit';
import { restoreCheckpoint } from './restoreCheckpoint';
import { fitCountingTensors } from './test-utils/fitCountingTensors';
import type { SplitBatchOptions } from './types';

const train = syntheticSplit(192);
const validation = syntheticSplit(48, { seed: 11 });
const small = { inputSize: 16, hiddenSizes: [12, 8], outputSize: 3, dropout: 0.2, seed: 1 } as const;

// wasm has kernels of its own (e.g. OneHot writes only int32): the same runs there.
describeBackends(['cpu', 'wasm'], (backend) => {
  it('runs on the backend', () => {
    expect(tf.getBackend()).toBe(backend);
  });

  describe('fit with @mnist-kit/models createMlp', () => {
    it('trains the default 784-128-128-10 MLP (dense_1/kernel …) without leaking', async () => {
      const model = createMlp({ seed: 7 });
      expect(Object.keys(model.params)).toEqual([1, 2, 3].flatMap((l) => [`dense_${l}/kernel`, `dense_${l}/bias`]));
      const mnistLike = syntheticSplit(256, { rows: 28, cols: 28, classes: 10 });
      const optimizer = adam();
      const { history } = await fitCountingTensors(model, mnistLike, { epochs: 3, batchSize: 64, optimizer });
      expect(history.epochs[2]!.trainLoss).toBeLessThan(history.epochs[0]!.trainLoss);
      optimizer.dispose();
      model.dispose();
    });

    it('is deterministic with dropout, and autograd matches the hand-written backward (tfjs steps)', async () => {
      const run = async (gradients: 'explicit' | 'autograd') => {
        const model = createMlp(small);
        const optimizer = adam({ learningRate: 0.01 });
        const h = await fit(model, train, {
          epochs: 2,
          batchSize: 32,
          seed: 9,
          optimizer,
          gradients,
          validation,
          stepEngine: 'tfjs',
        });
        optimizer.dispose();
        model.dispose();
        return h.epochs;
      };
      const a = await run('explicit');
      const b = await run('explicit');
      expect(b.map((e) => e.trainLoss)).toEqual(a.map((e) => e.trainLoss));
      const auto = await run('autograd');
      auto.forEach((e, i) => {
        expect(Math.abs(e.trainLoss - a[i]!.trainLoss)).toBeLessThan(1e-5);
        expect(Math.abs(e.valLoss! - a[i]!.valLoss!)).toBeLessThan(1e-5);
      });
    });

    it('resumes from a checkpoint: 2 + 1 epochs ≈ 3 straight epochs', async () => {
      const options = { batchSize: 32, seed: 4 };
      const straightModel = createMlp(small);
      const straightOpt = adam({ learningRate: 0.01 });
      const straight = await fit(straightModel, train, { ...options, epochs: 3, optimizer: straightOpt });

      const model = createMlp(small);
      const optimizer = adam({ learningRate: 0.01 });
      const partial = await fit(model, train, { ...options, epochs: 2, optimizer });
      const checkpoint = await createCheckpoint({ model, optimizer, epoch: 2, seed: 4, history: partial });

      const freshModel = createMlp({ ...small, seed: 123 });
      const freshOpt = adam();
      const restored = restoreCheckpoint(checkpoint, { model: freshModel, optimizer: freshOpt });
      const resumed = await fit(freshModel, train, {
        ...options,
        epochs: 3,
        initialEpoch: restored.epoch,
        history: restored.history,
        optimizer: freshOpt,
      });
      resumed.epochs.forEach((e, i) => {
        expect(Math.abs(e.trainLoss - straight.epochs[i]!.trainLoss)).toBeLessThan(1e-5);
      });
      for (const o of [straightOpt, optimizer, freshOpt]) o.dispose();
      for (const m of [straightModel, model, freshModel]) m.dispose();
    });

    it('is deterministic and leak-free with the default step engine, dropout and validation', async () => {
      const data = syntheticSplit(128, { rows: 8, cols: 8, classes: 4 });
      const run = async () => {
        const model = createMlp({ inputSize: 64, hiddenSizes: [32], outputSize: 4, dropout: 0.1, seed: 5 });
        const optimizer = adam({ learningRate: 0.01 });
        const options = { epochs: 3, batchSize: 32, optimizer, validation: data };
        const { history } = await fitCountingTensors(model, data, options);
        optimizer.dispose();
        model.dispose();
        return history.epochs.map((e) => e.trainLoss);
      };
      const a = await run();
      expect(await run()).toEqual(a);
      expect(a[2]).toBeLessThan(a[0]!);
    });

    it("batches a Split with the model's pixel scaling, and refuses splitOptions that disagree", async () => {
      const standardize = { normalize: 'standardize', mean: 0.4, std: 0.2 } as const;
      const run = async (splitOptions: SplitBatchOptions | undefined, stepEngine: 'simd' | 'tfjs') => {
        const model = createMlp({ ...small, dropout: 0, pixelScaling: standardize });
        const h = await fit(model, train, { epochs: 1, batchSize: 32, seed: 2, splitOptions, stepEngine });
        model.dispose();
        return h.epochs.map((e) => e.trainLoss);
      };
      for (const engine of ['simd', 'tfjs'] as const) {
        // The model's scaling is used when splitOptions says nothing: the same run as saying it.
        expect(await run(undefined, engine)).toEqual(await run(standardize, engine));
        // Another mean/std disagrees too.
        await expect(run({ normalize: 'standardize' }, engine)).rejects.toMatchObject({ code: 'BAD_OPTION' });
        await expect(run({ normalize: 'unit' }, engine)).rejects.toMatchObject({
          code: 'BAD_OPTION',
          message: expect.stringMatching(/splitOptions scale pixels as 'unit'.*the model expects 'standardize'/),
        });
      }
    });
  });
});
