import * as tf from '@tensorflow/tfjs-core';
import { TrainingError } from '../TrainingError';
import type { Loss, NamedTensors, Optimizer, TrainableModel } from '../types';
import { countCorrect } from './countCorrect';

/** What one training step leaves on the device: the loss and, if tracked, the correct count. */
export interface StepResult {
  value: tf.Scalar;
  correct: tf.Scalar | undefined;
}

/** Runs one training step on a batch, with the step's seed. */
export type StepFn = (xs: tf.Tensor, ys: tf.Tensor, seed: number) => StepResult;

/** One step with `forward(keep)` → `loss.valueAndGrad` → `backward` → `optimizer.step`. */
export function explicitStep(model: TrainableModel, loss: Loss, optimizer: Optimizer, trackAccuracy: boolean): StepFn {
  return (xs, ys, seed) =>
    tf.tidy(() => {
      const output = model.forward(xs, { training: true, keep: true, seed });
      const { value, grad, correct } = loss.valueAndGrad(output, ys);
      const grads = model.backward!(grad);
      optimizer.step(model.params, grads);
      return { value, correct: trackAccuracy ? (correct ?? countCorrect(output, ys)) : undefined };
    });
}

/** One step with `tf.variableGrads` (needs registered gradients). */
export function autogradStep(model: TrainableModel, loss: Loss, optimizer: Optimizer, trackAccuracy: boolean): StepFn {
  const names = Object.keys(model.params);
  const variables = names.map((name) => model.params[name]!);
  const paramName = new Map(variables.map((v, i) => [v.name, names[i]!]));
  return (xs, ys, seed) =>
    tf.tidy(() => {
      let correct: tf.Scalar | undefined;
      let result: { value: tf.Scalar; grads: tf.NamedTensorMap };
      try {
        result = tf.variableGrads(() => {
          const output = model.forward(xs, { training: true, seed });
          // Kept so it survives the forward scope; not on the loss path, so never differentiated.
          const count = trackAccuracy ? countCorrect(output, ys) : undefined;
          if (count !== undefined) correct = tf.keep(count);
          return loss.value(output, ys);
        }, variables);
      } catch (error) {
        tf.dispose(correct);
        throw autogradError(error);
      }
      const grads: NamedTensors = {};
      for (const [varName, grad] of Object.entries(result.grads)) {
        if (grad != null) grads[paramName.get(varName) ?? varName] = grad;
      }
      optimizer.step(model.params, grads);
      return { value: result.value, correct };
    });
}

function autogradError(error: unknown): unknown {
  const message = error instanceof Error ? error.message : String(error);
  if (message.includes('gradient function not found')) {
    return new TrainingError(
      'NO_GRADIENTS',
      `fit: autograd cannot differentiate the model (${message}). Gradients are not registered: ` +
        "import '@tensorflow/tfjs' or a backend package that registers gradients, or use gradients: 'explicit'.",
      { cause: error },
    );
  }
  if (message.includes('Cannot find a connection')) {
    return new TrainingError('NO_GRADIENTS', 'fit: the loss does not depend on any model parameter.', { cause: error });
  }
  return error;
}
