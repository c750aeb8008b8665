import '@tensorflow/tfjs';
import { randomArray, syntheticSplit } from '@mnist-kit/test-utils';
import { useCpuBackend } from '@mnist-kit/test-utils/backends';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { adam } from './adam';
import { cosineLr } from './cosineLr';
import { fit } from './fit';
import { sgd } from './sgd';
import { TrainingError } from './TrainingError';
import { arrayBatchSource } from './test-utils/arrayBatchSource';
import { createLinearModel, type LinearModel } from './test-utils/createLinearModel';
import { fitCountingTensors } from './test-utils/fitCountingTensors';
import type { BatchEndInfo, BatchSource, TrainableModel } from './types';

beforeAll(useCpuBackend);

const train = syntheticSplit(240);
const validation = syntheticSplit(60, { seed: 99 });
const models: LinearModel[] = [];
function model(seed = 1): LinearModel {
  const m = createLinearModel(16, 3, seed);
  models.push(m);
  return m;
}
afterEach(() => {
  for (const m of models.splice(0)) m.dispose();
});

async function rejection(promise: Promise<unknown>): Promise<TrainingError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(TrainingError);
    return error as TrainingError;
  }
  throw new Error('expected a rejection');
}

describe('fit', () => {
  it('trains a Split and records every epoch', async () => {
    const optimizer = adam({ learningRate: 0.05 });
    const history = await fit(model(), train, { epochs: 4, batchSize: 32, optimizer, validation });
    expect(history.stopped).toBe('completed');
    expect(history.epochs.map((e) => e.epoch)).toEqual([0, 1, 2, 3]);
    const [first, last] = [history.epochs[0]!, history.epochs[3]!];
    expect(last.trainLoss).toBeLessThan(first.trainLoss);
    expect(last.trainAccuracy).toBeGreaterThan(0.9);
    expect(last.valLoss).toBeLessThan(first.valLoss!);
    expect(last.valAccuracy).toBeGreaterThan(0.9);
    expect(last.learningRate).toBe(0.05);
    expect(last.seconds).toBeGreaterThan(0);
    expect(last.samplesPerSecond).toBeGreaterThan(0);
    expect(optimizer.iterations).toBe(4 * Math.ceil(240 / 32));
    optimizer.dispose();
  });

  it('applies splitOptions augmentation (inputDropout, flip, shift) to training batches only', async () => {
    // A zero learning rate keeps the weights fixed, so the losses differ only through the batches.
    const run = async (splitOptions: { inputDropout?: number; flip?: boolean; shift?: number }) => {
      const optimizer = sgd({ learningRate: 0 });
      const h = await fit(model(), train, { epochs: 1, batchSize: 32, optimizer, validation, splitOptions, seed: 3 });
      optimizer.dispose();
      return h.epochs[0]!;
    };
    const plain = await run({});
    for (const options of [{ inputDropout: 0.5 }, { flip: true }, { shift: 1 }]) {
      const augmented = await run(options);
      expect(augmented.trainLoss, JSON.stringify(options)).not.toBeCloseTo(plain.trainLoss, 6);
      expect(augmented.valLoss, JSON.stringify(options)).toBe(plain.valLoss);
    }
  });

  it('gives identical histories for the same seed on the cpu backend', async () => {
    const run = async (seed: number) => {
      const optimizer = adam({ learningRate: 0.02 });
      const history = await fit(model(), train, { epochs: 3, batchSize: 16, optimizer, seed });
      optimizer.dispose();
      return history.epochs.map((e) => e.trainLoss);
    };
    const a = await run(5);
    expect(await run(5)).toEqual(a);
    expect(await run(6)).not.toEqual(a);
  });

  it('leaks no tensors across epochs', async () => {
    const optimizer = adam();
    const m = model();
    const start = tf.memory().numTensors;
    const options = { epochs: 3, batchSize: 32, optimizer, validation, logEvery: 3 };
    const { counts } = await fitCountingTensors(m, train, options);
    expect(counts).toHaveLength(3);
    optimizer.dispose();
    expect(tf.memory().numTensors).toBe(start);
  });

  it('disposes the default optimizer it created', async () => {
    const m = model();
    const start = tf.memory().numTensors;
    await fit(m, train, { epochs: 1, batchSize: 64 });
    expect(tf.memory().numTensors).toBe(start);
  });

  it('accepts sync and async BatchSources and reads the loss back every logEvery steps', async () => {
    const xs = randomArray(50 * 16, 4);
    const ys = Int32Array.from({ length: 50 }, (_, i) => i % 3);
    for (const async of [false, true]) {
      const source = arrayBatchSource(xs, ys, { batchSize: 8, features: 16, async });
      const infos: BatchEndInfo[] = [];
      const events: string[] = [];
      const history = await fit(model(), source, {
        epochs: 2,
        logEvery: 3,
        callbacks: {
          onEpochStart: (i) => void events.push(`start ${i.epoch} ${i.stepsPerEpoch}`),
          onBatchEnd: (i) => void infos.push(i),
          onEpochEnd: async (i) => {
            await Promise.resolve();
            events.push(`end ${i.epoch} ${i.history.epochs.length}`);
          },
        },
      });
      expect(events).toEqual(['start 0 7', 'end 0 1', 'start 1 7', 'end 1 2']);
      expect(history.epochs).toHaveLength(2);
      expect(infos).toHaveLength(14);
      expect(infos.filter((i) => i.epoch === 0).map((i) => i.loss !== undefined)).toEqual([
        false,
        false,
        true,
        false,
        false,
        true,
        false,
      ]);
      expect(infos[6]).toMatchObject({ epoch: 0, step: 6, stepsPerEpoch: 7, samplesSeen: 50 });
    }
  });

  it('stops early when the monitored quantity stops improving', async () => {
    const history = await fit(model(), train, {
      epochs: 20,
      batchSize: 32,
      validation,
      earlyStopping: { patience: 2, minDelta: 10, monitor: 'valLoss' },
    });
    // Epoch 0 sets the best; epochs 1 and 2 cannot improve by 10.
    expect(history.stopped).toBe('early-stopping');
    expect(history.epochs).toHaveLength(3);
    await expect(fit(model(), train, { earlyStopping: { patience: 1 } })).rejects.toMatchObject({
      code: 'BAD_OPTION',
    });
  });

  it('finishes the current step and returns when the signal aborts', async () => {
    const controller = new AbortController();
    const optimizer = sgd({ learningRate: 0.1 });
    const history = await fit(model(), train, {
      epochs: 5,
      batchSize: 16,
      optimizer,
      signal: controller.signal,
      callbacks: {
        onBatchEnd: ({ epoch, step }) => {
          if (epoch === 1 && step === 2) controller.abort();
        },
      },
    });
    expect(history.stopped).toBe('aborted');
    expect(history.stoppedAt).toEqual({ epoch: 1, step: 3 });
    expect(history.epochs).toHaveLength(1);
    expect(optimizer.iterations).toBe(15 + 3);
    optimizer.dispose();
  });

  it('yields to the event loop so a timer can abort it', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 5);
    const history = await fit(model(), train, { epochs: 10_000, batchSize: 8, signal: controller.signal });
    expect(history.stopped).toBe('aborted');
    expect(history.epochs.length).toBeLessThan(10_000);
  });

  it('throws NON_FINITE_LOSS naming the epoch and step, without leaking', async () => {
    const xs = randomArray(40 * 16, 4);
    xs[3 * 4 * 16 + 5] = Number.NaN; // a row of batch 3 (batch size 4)
    const ys = Int32Array.from({ length: 40 }, (_, i) => i % 3);
    const m = model();
    const start = tf.memory().numTensors;
    const error = await rejection(
      fit(m, arrayBatchSource(xs, ys, { batchSize: 4, features: 16 }), {
        epochs: 1,
        logEvery: 2,
        optimizer: sgd({ learningRate: 0.1 }),
      }),
    );
    expect(error.code).toBe('NON_FINITE_LOSS');
    expect(error.epoch).toBe(0);
    expect(error.step).toBe(3);
    expect(error.message).toMatch(/epoch 0, step 3/);
    // the sgd optimizer (plain: no slots) allocates nothing lasting but its constants
    expect(tf.memory().numTensors - start).toBeLessThanOrEqual(3);
  });

  it('sets the learning rate from a schedule every step', async () => {
    const optimizer = sgd({ learningRate: 0.4 });
    const seen: number[] = [];
    const history = await fit(model(), train, {
      epochs: 2,
      batchSize: 80,
      optimizer,
      schedule: cosineLr({ totalEpochs: 2 }),
      callbacks: { onBatchEnd: (i) => void seen.push(i.learningRate) },
    });
    const expected = [0, 1, 2, 3, 4, 5].map((t) => (0.4 * (1 + Math.cos((Math.PI * t) / 6))) / 2);
    seen.forEach((lr, i) => {
      expect(lr).toBeCloseTo(expected[i]!, 12);
    });
    expect(history.epochs[1]!.learningRate).toBeCloseTo(expected[5]!, 12);
    expect(optimizer.baseLearningRate).toBe(0.4);
    optimizer.dispose();
  });

  it('gives the same history with autograd as with explicit gradients', async () => {
    const run = async (gradients: 'explicit' | 'autograd') => {
      const optimizer = adam({ learningRate: 0.03 });
      const h = await fit(model(), train, { epochs: 2, batchSize: 32, optimizer, gradients, validation });
      optimizer.dispose();
      return h.epochs;
    };
    const explicit = await run('explicit');
    const autograd = await run('autograd');
    autograd.forEach((e, i) => {
      expect(e.trainLoss).toBeCloseTo(explicit[i]!.trainLoss, 5);
      expect(e.valLoss).toBeCloseTo(explicit[i]!.valLoss!, 5);
      expect(e.trainAccuracy).toBe(explicit[i]!.trainAccuracy);
    });
  });

  it('trains any model function with autograd and no backward', async () => {
    const w = tf.variable(tf.zeros([16, 3]));
    const custom: TrainableModel = { params: { w }, forward: (x) => tf.matMul(x as tf.Tensor2D, w) };
    await expect(fit(custom, train, { epochs: 1 })).rejects.toMatchObject({ code: 'NO_BACKWARD' });
    const history = await fit(custom, train, { epochs: 2, gradients: 'autograd', optimizer: undefined });
    expect(history.epochs[1]!.trainLoss).toBeLessThan(history.epochs[0]!.trainLoss);
    w.dispose();
  });

  it('resumes from initialEpoch with a previous history', async () => {
    const first = await fit(model(), train, { epochs: 1, batchSize: 64 });
    const seenEpochs: number[] = [];
    const history = await fit(model(), train, {
      epochs: 3,
      initialEpoch: 1,
      history: first,
      callbacks: { onEpochStart: ({ epoch }) => void seenEpochs.push(epoch) },
    });
    expect(seenEpochs).toEqual([1, 2]);
    expect(history.epochs.map((e) => e.epoch)).toEqual([0, 1, 2]);
    expect(first.epochs).toHaveLength(1);
  });

  it('rejects bad options and bad batches', async () => {
    await expect(fit(model(), train, { epochs: -1 })).rejects.toMatchObject({ code: 'BAD_OPTION' });
    await expect(fit(model(), train, { logEvery: 0 })).rejects.toThrow(/logEvery/);
    await expect(fit(model(), {} as BatchSource)).rejects.toMatchObject({ code: 'BAD_OPTION' });
    const bad: BatchSource = { batches: () => [{ xs: 1 as unknown as tf.Tensor, ys: tf.zeros([1]) }] };
    await expect(fit(model(), bad, { epochs: 1 })).rejects.toMatchObject({ code: 'BAD_BATCH' });
  });
});
