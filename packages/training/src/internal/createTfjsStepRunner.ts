import type { Split } from '@mnist-kit/datasets';
import * as tf from '@tensorflow/tfjs-core';
import type { BatchLike, BatchSource, Loss, Optimizer, SplitBatchOptions, TrainableModel } from '../types';
import { checkBatch } from './checkBatch';
import type { StepRunner } from './stepRunner';
import { toBatchSource } from './toBatchSource';
import { autogradStep, explicitStep } from './trainStep';

/** Options of {@link createTfjsStepRunner}. */
export interface TfjsStepRunnerOptions {
  gradients: 'explicit' | 'autograd';
  trackAccuracy: boolean;
  batchSize: number;
  shuffle: boolean;
  seed: number;
  split: SplitBatchOptions;
  /** Why the SIMD engine is not running this fit (reported in `StepEngineInfo.reason`). */
  reason?: string;
}

/** Training steps as tfjs ops on the active backend: `forward` → `loss.valueAndGrad` → `backward` → `optimizer.step`. */
export function createTfjsStepRunner(
  model: TrainableModel,
  loss: Loss,
  optimizer: Optimizer,
  train: Split | BatchSource,
  options: TfjsStepRunnerOptions,
): StepRunner<BatchLike> {
  const source = toBatchSource(train, 'train', options);
  const run =
    options.gradients === 'explicit'
      ? explicitStep(model, loss, optimizer, options.trackAccuracy)
      : autogradStep(model, loss, optimizer, options.trackAccuracy);
  return {
    info: {
      name: 'tfjs',
      backend: tf.getBackend(),
      threads: 1,
      ...(options.reason === undefined ? {} : { reason: options.reason }),
    },
    length: source.length,
    batches: (epoch) => source.batches(epoch),
    step(batch, seed, epoch, step, norms) {
      const { xs, ys, size } = checkBatch(batch, epoch, step);
      try {
        const { norms: stepNorms, ...result } = run(xs, ys, seed, norms);
        return stepNorms === undefined ? { loss: result, size } : { loss: result, size, norms: stepNorms };
      } finally {
        tf.dispose([xs, ys]);
      }
    },
    release(batch) {
      tf.dispose([batch?.xs, batch?.ys].filter((t): t is tf.Tensor => t instanceof tf.Tensor));
    },
    syncParams() {},
    async sync() {},
    async dispose() {},
  };
}
