import type * as tf from '@tensorflow/tfjs-core';
import type { StepEngineInfo } from '../types';
import type { StepLoss } from './PendingLosses';

/**
 * A step's parameter norms (`fit`'s `layerNorms`): the L2 norm of every parameter after the update, then of
 * every gradient, in `model.params` order (`2 × params` values) — on the device, or already numbers.
 */
export type StepNorms = tf.Tensor1D | Float64Array;

/**
 * What runs a fit's training steps: tfjs ops on the active backend, or the SIMD engine. `fit` owns
 * the loop (schedules, callbacks, read-backs, early stopping); a runner only turns batches into steps.
 */
export interface StepRunner<Batch = unknown> {
  readonly info: StepEngineInfo;
  /** Batches per epoch, when known. */
  readonly length: number | undefined;
  /** The batches of `epoch` (lazily built: a batch is made when the loop reaches it). */
  batches(epoch: number): Iterable<Batch> | AsyncIterable<Batch>;
  /**
   * One step on `batch` at the optimizer's current learning rate; the runner is done with the batch after it.
   * With `norms`, also the step's {@link StepNorms} (asked for on read-back steps only).
   */
  step(
    batch: Batch,
    seed: number,
    epoch: number,
    step: number,
    norms?: boolean,
  ): { loss: StepLoss; size: number; norms?: StepNorms };
  /** Frees a batch that will not be stepped (e.g. the schedule rejected its learning rate). */
  release(batch: Batch): void;
  /** Brings `model.params` up to date (the SIMD engine trains its own copy); cheap. */
  syncParams(): void;
  /** Brings the model and the optimizer's state up to date (before epoch-end callbacks, and on return). */
  sync(): Promise<void>;
  /** Frees what the runner holds (never the model or the optimizer). */
  dispose(): Promise<void>;
}
