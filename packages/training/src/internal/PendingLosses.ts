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
    const n = this.values.length;
    if (n === 0) return undefined;
    const withAccuracy = this.hasAccuracy && this.corrects.every((c) => c !== undefined);
    const data = await readAll(
      withAccuracy ? [...this.values, ...(this.corrects as (tf.Scalar | number)[])] : this.values,
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
    return lossSum / samples;
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

/** The values as numbers: tensors are stacked and read back once, numbers pass through. */
async function readAll(items: (tf.Scalar | number)[]): Promise<ArrayLike<number>> {
  const tensors = items.filter((v): v is tf.Scalar => typeof v !== 'number');
  if (tensors.length === 0) return items as number[];
  const stacked = tf.tidy(() => tf.stack(tensors));
  let data: Float32Array;
  try {
    data = (await stacked.data()) as Float32Array;
  } finally {
    stacked.dispose();
  }
  if (tensors.length === items.length) return data;
  let t = 0;
  return items.map((v) => (typeof v === 'number' ? v : data[t++]!));
}
