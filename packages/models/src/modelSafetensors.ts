import {
  type CnnFromSafetensorsOptions,
  cnnFromSafetensors,
  cnnToSafetensors,
  isCnnSafetensors,
} from './cnnSafetensors';
import { type MlpFromSafetensorsOptions, mlpFromSafetensors, mlpToSafetensors } from './mlpSafetensors';
import { parseSafetensors } from './parseSafetensors';
import type { Model } from './types';

/** Options of {@link modelFromSafetensors}: those of `mlpFromSafetensors` and `cnnFromSafetensors`. */
export type ModelFromSafetensorsOptions = MlpFromSafetensorsOptions & CnnFromSafetensorsOptions;

/**
 * The model as a safetensors file PyTorch loads (`load_state_dict(strict=True)`): an MLP under the tutorial's
 * `NeuralNet` names (`mlpToSafetensors`), a CNN under `conv<i>` / `fc<j>` names in `nn.Conv2d` / `nn.Linear`
 * layouts (`cnnToSafetensors`).
 */
export function modelToSafetensors(model: Model): Promise<Uint8Array> {
  return model.kind === 'cnn' ? cnnToSafetensors(model) : mlpToSafetensors(model);
}

/**
 * A model from a safetensors file, whichever kind it holds: a CNN when it has a 4-D (convolution) weight
 * (`cnnFromSafetensors`), else an MLP (`mlpFromSafetensors`).
 * @throws ModelError `INVALID_FORMAT` saying what does not fit.
 */
export function modelFromSafetensors(bytes: Uint8Array, options: ModelFromSafetensorsOptions = {}): Model {
  const { tensors } = parseSafetensors(bytes, options.what);
  if (isCnnSafetensors(tensors)) {
    const { activation: _activation, ...cnnOptions } = options;
    return cnnFromSafetensors(bytes, cnnOptions);
  }
  const { inputShape: _inputShape, padding: _padding, poolSize: _poolSize, ...mlpOptions } = options;
  return mlpFromSafetensors(bytes, mlpOptions);
}
