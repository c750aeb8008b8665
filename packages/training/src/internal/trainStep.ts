import * as tf from '@tensorflow/tfjs-core';
import { TrainingError } from '../TrainingError';
import type { Loss, NamedTensors, NamedVariables, Optimizer, TrainableModel } from '../types';
import { countCorrect } from './countCorrect';

/** What one training step leaves on the device: the loss and, if tracked, the correct count (and norms, if asked). */
export interface StepResult {
  value: tf.Scalar;
  correct: tf.Scalar | undefined;
  /** With `norms`: the parameters' norms after the update, then the gradients' (see `StepNorms`). */
  norms?: tf.Tensor1D;
}

/** Runs one training step on a batch, with the step's seed; `norms` adds the parameter and gradient norms. */
export type StepFn = (xs: tf.Tensor, ys: tf.Tensor, seed: number, norms?: boolean) => StepResult;

/**
 * The L2 norms of every parameter (as updated), then of its gradient (`0` where there is none), in
 * `params` order, as one tensor: a few small reductions, read back with the losses.
 */
function paramNorms(params: NamedVariables, grads: NamedTensors): tf.Tensor1D {
  const names = Object.keys(params);
  const norm = (t: tf.Tensor | undefined) => (t === undefined ? tf.scalar(0) : tf.sqrt(tf.sum(tf.square(t))));
  return tf.stack([...names.map((n) => norm(params[n])), ...names.map((n) => norm(grads[n]))]) as tf.Tensor1D;
}

/** One step with `forward(keep)` → `loss.valueAndGrad` → `backward` → `optimizer.step`. */
export function explicitStep(model: TrainableModel, loss: Loss, optimizer: Optimizer, trackAccuracy: boolean): StepFn {
  return (xs, ys, seed, norms) =>
    tf.tidy(() => {
      const output = model.forward(xs, { training: true, keep: true, seed });
      const { value, grad, correct } = loss.valueAndGrad(output, ys);
      const grads = model.backward!(grad);
      optimizer.step(model.params, grads);
      const result: StepResult = { value, correct: trackAccuracy ? (correct ?? countCorrect(output, ys)) : undefined };
      if (norms) result.norms = paramNorms(model.params, grads);
      return result as unknown as tf.TensorContainer;
    }) as unknown as StepResult;
}

/** One step with `tf.variableGrads` (needs registered gradients). */
export function autogradStep(model: TrainableModel, loss: Loss, optimizer: Optimizer, trackAccuracy: boolean): StepFn {
  const names = Object.keys(model.params);
  const variables = names.map((name) => model.params[name]!);
  const paramName = new Map(variables.map((v, i) => [v.name, names[i]!]));
  return (xs, ys, seed, norms) =>
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
      const out: StepResult = { value: result.value, correct };
      if (norms) out.norms = paramNorms(model.params, grads);
      return out as unknown as tf.TensorContainer;
    }) as unknown as StepResult;
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
