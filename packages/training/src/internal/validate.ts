import * as tf from '@tensorflow/tfjs-core';
import type { BatchLike, BatchSource, Loss, TrainableModel } from '../types';
import { checkBatch } from './checkBatch';
import { countCorrect } from './countCorrect';

/** Mean loss and accuracy over a validation source (`training: false`), read back once. */
export async function validate(
  model: TrainableModel,
  loss: Loss,
  source: BatchSource,
  epoch: number,
): Promise<{ loss: number; accuracy: number | undefined }> {
  const weighted: tf.Scalar[] = [];
  const corrects: (tf.Scalar | undefined)[] = [];
  let samples = 0;
  try {
    let step = 0;
    for await (const batch of source.batches(epoch) as AsyncIterable<BatchLike>) {
      const { xs, ys, size } = checkBatch(batch, epoch, step++);
      try {
        const r = tf.tidy(() => {
          const output = model.forward(xs, { training: false });
          return { value: tf.mul(loss.value(output, ys), tf.scalar(size)), correct: countCorrect(output, ys) };
        });
        weighted.push(r.value as tf.Scalar);
        corrects.push(r.correct);
      } finally {
        tf.dispose([xs, ys]);
      }
      samples += size;
    }
    if (samples === 0) return { loss: Number.NaN, accuracy: undefined };
    const withAccuracy = corrects.every((c) => c !== undefined);
    const totals = tf.tidy(() =>
      tf.stack([tf.addN(weighted), withAccuracy ? tf.addN(corrects as tf.Scalar[]) : tf.scalar(0)]),
    );
    const [lossSum, correctSum] = (await totals.data()) as Float32Array;
    totals.dispose();
    return { loss: lossSum! / samples, accuracy: withAccuracy ? correctSum! / samples : undefined };
  } finally {
    tf.dispose(weighted);
    tf.dispose(corrects.filter((c) => c !== undefined));
  }
}
