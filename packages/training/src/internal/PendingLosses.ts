import * as tf from '@tensorflow/tfjs-core';
import { TrainingError } from '../TrainingError';
import type { StepResult } from './trainStep';

/** Per-step losses (and correct counts) kept on the device until the next read-back. */
export class PendingLosses {
  lossSum = 0;
  correctSum = 0;
  hasAccuracy = true;
  private values: tf.Scalar[] = [];
  private corrects: (tf.Scalar | undefined)[] = [];
  private sizes: number[] = [];
  private steps: number[] = [];

  constructor(private readonly epoch: number) {}

  get length(): number {
    return this.values.length;
  }

  push(result: StepResult, size: number, step: number): void {
    this.values.push(result.value);
    this.corrects.push(result.correct);
    this.sizes.push(size);
    this.steps.push(step);
  }

  /** Reads the pending values back (one sync) and returns their size-weighted mean loss. */
  async flush(): Promise<number | undefined> {
    const n = this.values.length;
    if (n === 0) return undefined;
    const withAccuracy = this.hasAccuracy && this.corrects.every((c) => c !== undefined);
    const stacked = tf.tidy(() =>
      tf.stack(withAccuracy ? [...this.values, ...(this.corrects as tf.Scalar[])] : this.values),
    );
    let data: Float32Array;
    try {
      data = (await stacked.data()) as Float32Array;
    } finally {
      stacked.dispose();
    }
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
    tf.dispose(this.values);
    tf.dispose(this.corrects.filter((c) => c !== undefined));
    this.values = [];
    this.corrects = [];
    this.sizes = [];
    this.steps = [];
  }
}
