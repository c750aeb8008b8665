import * as tf from '@tensorflow/tfjs-core';
import { TrainingError } from '../TrainingError';

/**
 * What one training step leaves behind: its mean loss and, if tracked, its correct count — on the
 * device (tfjs steps, read back in bulk) or already as numbers (the SIMD engine's steps).
 */
export interface StepLoss {
  value: tf.Scalar | number;
  correct: tf.Scalar | number | undefined;
}

/** Per-step losses (and correct counts) kept until the next read-back. */
export class PendingLosses {
  lossSum = 0;
  correctSum = 0;
  hasAccuracy = true;
  private values: (tf.Scalar | number)[] = [];
  private corrects: (tf.Scalar | number | undefined)[] = [];
  private sizes: number[] = [];
  private steps: number[] = [];

  constructor(private readonly epoch: number) {}

  get length(): number {
    return this.values.length;
  }

  push(result: StepLoss, size: number, step: number): void {
    this.values.push(result.value);
    this.corrects.push(result.correct);
    this.sizes.push(size);
    this.steps.push(step);
  }

  /** Reads the pending values back (one sync for any on the device) and returns their size-weighted mean loss. */
  async flush(): Promise<number | undefined> {
    return (await this.flushWith(undefined)).loss;
  }

  /**
   * {@link flush}, reading `extra` (a tensor the caller hands over, disposed here) in the same sync as the
   * losses: the read-back step's parameter norms.
   */
  async flushWith(extra: tf.Tensor1D | undefined): Promise<{ loss: number | undefined; extra?: Float32Array }> {
    const n = this.values.length;
    if (n === 0) {
      if (extra === undefined) return { loss: undefined };
      try {
        return { loss: undefined, extra: (await extra.data()) as Float32Array };
      } finally {
        extra.dispose();
      }
    }
    const withAccuracy = this.hasAccuracy && this.corrects.every((c) => c !== undefined);
    const { values: data, extra: extraData } = await readAll(
      withAccuracy ? [...this.values, ...(this.corrects as (tf.Scalar | number)[])] : this.values,
      extra,
    );
    const sizes = this.sizes;
    const steps = this.steps;
    this.dispose();
    let lossSum = 0;
    let samples = 0;
    for (let i = 0; i < n; i++) {
      const value = data[i]!;
      if (!Number.isFinite(value)) {
        throw new TrainingError(
          'NON_FINITE_LOSS',
          `Training loss is ${value} at epoch ${this.epoch}, step ${steps[i]} (read back steps ${steps[0]}–${steps[n - 1]}). ` +
            'Try a lower learning rate, or check the inputs for NaN.',
          { epoch: this.epoch, step: steps[i] },
        );
      }
      lossSum += value * sizes[i]!;
      samples += sizes[i]!;
      if (withAccuracy) this.correctSum += data[n + i]!;
    }
    if (!withAccuracy) this.hasAccuracy = false;
    this.lossSum += lossSum;
    return extraData === undefined ? { loss: lossSum / samples } : { loss: lossSum / samples, extra: extraData };
  }

  dispose(): void {
    tf.dispose(this.values.filter((v): v is tf.Scalar => typeof v !== 'number'));
    tf.dispose(this.corrects.filter((c): c is tf.Scalar => c !== undefined && typeof c !== 'number'));
    this.values = [];
    this.corrects = [];
    this.sizes = [];
    this.steps = [];
  }
}

/**
 * The values as numbers: tensors are stacked (with `extra` after them) and read back once, numbers pass
 * through. `extra` is disposed.
 */
async function readAll(
  items: (tf.Scalar | number)[],
  extra: tf.Tensor1D | undefined,
): Promise<{ values: ArrayLike<number>; extra?: Float32Array }> {
  const tensors = items.filter((v): v is tf.Scalar => typeof v !== 'number');
  if (tensors.length === 0) {
    if (extra === undefined) return { values: items as number[] };
    try {
      return { values: items as number[], extra: (await extra.data()) as Float32Array };
    } finally {
      extra.dispose();
    }
  }
  const stacked = tf.tidy(() => (extra === undefined ? tf.stack(tensors) : tf.concat([tf.stack(tensors), extra])));
  extra?.dispose();
  let data: Float32Array;
  try {
    data = (await stacked.data()) as Float32Array;
  } finally {
    stacked.dispose();
  }
  const extraData = extra === undefined ? undefined : data.slice(tensors.length);
  const values =
    tensors.length === items.length
      ? data.subarray(0, tensors.length)
      : (() => {
          let t = 0;
          return items.map((v) => (typeof v === 'number' ? v : data[t++]!));
        })();
  return extraData === undefined ? { values } : { values, extra: extraData };
}
