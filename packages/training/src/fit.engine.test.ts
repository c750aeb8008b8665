import { createMlp, type MlpOptions } from '@mnist-kit/models';
import { maxRelativeDiff, syntheticSplit } from '@mnist-kit/test-utils';
import { describeBackends, useCpuBackend } from '@mnist-kit/test-utils/backends';
import { describe, expect, it } from 'vitest';
import { adam } from './adam';
import { cosineLr } from './cosineLr';
import { fit } from './fit';
import { sgd } from './sgd';
import { softmaxCrossEntropy } from './softmaxCrossEntropy';
import { fitCountingTensors } from './test-utils/fitCountingTensors';
import type { FitOptions, Optimizer } from './types';

const train = syntheticSplit(200, { rows: 6, cols: 6, classes: 4 });
const validation = syntheticSplit(40, { rows: 6, cols: 6, classes: 4, seed: 3 });
const shape: MlpOptions = { inputSize: 36, hiddenSizes: [20, 12], outputSize: 4, seed: 5 };

interface Run {
  losses: number[];
  valLosses: number[];
  params: Float32Array[];
  state: Awaited<ReturnType<Optimizer['getState']>>;
  engine: string;
  threads: number;
}

async function run(options: FitOptions & { model?: MlpOptions; makeOptimizer?: () => Optimizer }): Promise<Run> {
  const model = createMlp({ ...shape, ...options.model });
  const optimizer = options.makeOptimizer?.() ?? adam({ learningRate: 0.01 });
  try {
    const history = await fit(model, train, { epochs: 2, batchSize: 24, seed: 2, validation, ...options, optimizer });
    return {
      losses: history.epochs.map((e) => e.trainLoss),
      valLosses: history.epochs.map((e) => e.valLoss!),
      params: Object.values(model.params).map((p) => p.dataSync() as Float32Array),
      state: await optimizer.getState(),
      engine: history.stepEngine!.name,
      threads: history.stepEngine!.threads,
    };
  } finally {
    optimizer.dispose();
    model.dispose();
  }
}

/** The SIMD engine against tfjs ops on the same batches: the same losses, weights and optimizer state. */
function expectSameTraining(simd: Run, ops: Run, tolerance = 1e-4): void {
  expect(simd.engine).toBe('simd');
  expect(ops.engine).toBe('tfjs');
  expect(maxRelativeDiff(simd.losses, ops.losses)).toBeLessThan(tolerance);
  expect(maxRelativeDiff(simd.valLosses, ops.valLosses)).toBeLessThan(tolerance);
  for (const [i, p] of simd.params.entries()) expect(maxRelativeDiff(p, ops.params[i]!)).toBeLessThan(tolerance);
  expect(simd.state.step).toBe(ops.state.step);
  expect(Object.keys(simd.state.slots)).toEqual(Object.keys(ops.state.slots));
  for (const [key, values] of Object.entries(simd.state.slots)) {
    expect(maxRelativeDiff(values, ops.state.slots[key]!)).toBeLessThan(tolerance * 10);
  }
}

describeBackends(['cpu', 'wasm'], () => {
  describe('fit with the SIMD step engine', () => {
    it.each([
      ['Adam', () => adam({ learningRate: 0.01 }), {}],
      [
        'AdamW + label smoothing + cosine schedule',
        () => adam({ learningRate: 0.01, weightDecay: 0.05, decoupled: true }),
        { loss: softmaxCrossEntropy({ labelSmoothing: 0.1 }), schedule: cosineLr({ totalEpochs: 2 }) },
      ],
      [
        'Adam with L2 decay, tanh',
        () => adam({ learningRate: 0.01, weightDecay: 0.01 }),
        { model: { activation: 'tanh' } },
      ],
      [
        'SGD with Nesterov momentum, sigmoid',
        () => sgd({ learningRate: 0.1, momentum: 0.9, nesterov: true, weightDecay: 1e-3 }),
        { model: { activation: 'sigmoid' } },
      ],
      ['plain SGD', () => sgd({ learningRate: 0.1 }), {}],
      [
        'standardize (gathered through the table)',
        () => adam({ learningRate: 0.01 }),
        { model: { pixelScaling: { normalize: 'standardize' } } },
      ],
      [
        'no shuffle, dropLast',
        () => adam({ learningRate: 0.01 }),
        { shuffle: false, splitOptions: { dropLast: true } },
      ],
      [
        'standardize + flip + shift + input dropout (batches written by batchArrays)',
        () => adam({ learningRate: 0.01 }),
        {
          model: { pixelScaling: { normalize: 'standardize' } },
          splitOptions: { flip: true, shift: 1, inputDropout: 0.1 },
        },
      ],
    ] as const)('trains like tfjs ops (%s)', async (_label, makeOptimizer, extra) => {
      const options = { makeOptimizer, ...extra } as Parameters<typeof run>[0];
      const simd = await run({ ...options, stepEngine: 'simd' });
      const ops = await run({ ...options, stepEngine: 'tfjs' });
      expectSameTraining(simd, ops);
    });

    it('gives the same run on 1 and 2 threads, and for the same seed (dropout on)', async () => {
      const options = { stepEngine: 'simd', model: { dropout: 0.3 } } as const;
      const one = await run({ ...options, threads: 1 });
      const two = await run({ ...options, threads: 2 });
      const again = await run({ ...options, threads: 2 });
      const otherSeed = await run({ ...options, threads: 2, seed: 3 });
      expect([one.threads, two.threads]).toEqual([1, 2]);
      expect(two.losses).toEqual(one.losses);
      for (const [i, p] of two.params.entries()) expect(p).toEqual(one.params[i]);
      expect(again.losses).toEqual(two.losses);
      expect(otherSeed.losses).not.toEqual(two.losses);
    });

    it('keeps tf.memory().numTensors flat across epochs', async () => {
      const model = createMlp(shape);
      const optimizer = adam();
      const options = { epochs: 4, batchSize: 32, optimizer, stepEngine: 'simd', validation } as const;
      const { history } = await fitCountingTensors(model, train, options);
      expect(history.stepEngine?.name).toBe('simd');
      optimizer.dispose();
      model.dispose();
    });
  });
});

describe('choosing the step engine', () => {
  it("uses the engine under 'auto' where it can, tfjs ops otherwise (saying why)", async () => {
    await useCpuBackend();
    expect((await run({})).engine).toBe('simd');
    const model = createMlp({ ...shape, activation: 'gelu' });
    const history = await fit(model, train, { epochs: 1 });
    expect(history.stepEngine).toMatchObject({ name: 'tfjs', reason: 'the engine has no gelu' });
    await expect(fit(model, train, { epochs: 1, stepEngine: 'simd' })).rejects.toMatchObject({
      code: 'ENGINE_UNAVAILABLE',
      message: 'fit: the SIMD step engine cannot run this fit: the engine has no gelu.',
    });
    model.dispose();
  });

  it('writes the weights back at every read-back and on abort', async () => {
    await useCpuBackend();
    const model = createMlp(shape);
    const before = model.params['dense_1/kernel']!.dataSync().slice();
    const controller = new AbortController();
    const seen: Float32Array[] = [];
    const history = await fit(model, train, {
      epochs: 3,
      batchSize: 8,
      logEvery: 5,
      stepEngine: 'simd',
      signal: controller.signal,
      callbacks: {
        onBatchEnd(info) {
          if (info.loss !== undefined) seen.push(model.params['dense_1/kernel']!.dataSync().slice() as Float32Array);
          if (info.epoch === 1 && info.step === 7) controller.abort();
        },
      },
    });
    expect(history.stopped).toBe('aborted');
    expect(seen.length).toBeGreaterThan(4);
    expect(seen[0]).not.toEqual(before);
    expect(seen[1]).not.toEqual(seen[0]);
    // After the abort the model holds the weights of the last step (step 7 of epoch 1), past the last read-back.
    expect(model.params['dense_1/kernel']!.dataSync()).not.toEqual(seen.at(-1));
    model.dispose();
  });

  it('rejects a bad thread count', async () => {
    await useCpuBackend();
    const model = createMlp(shape);
    await expect(fit(model, train, { threads: 0 })).rejects.toMatchObject({ code: 'BAD_OPTION' });
    model.dispose();
  });
});
