import * as tf from '@tensorflow/tfjs-core';
import { CHECKPOINT_FORMAT, CHECKPOINT_VERSION, type CheckpointManifest } from './createCheckpoint';
import { TrainingError } from './TrainingError';
import type { History, Optimizer, OptimizerState, TrainableModel } from './types';

/** Options of {@link restoreCheckpoint}. */
export interface RestoreCheckpointOptions {
  /** The model whose parameters are overwritten (same names and shapes as saved). */
  model: Pick<TrainableModel, 'params'>;
  /** The optimizer whose state is replaced (same kind as saved). Defaults to none (not restored). */
  optimizer?: Optimizer;
}

/** What {@link restoreCheckpoint} hands back for resuming `fit`. */
export interface RestoredCheckpoint {
  /** Epochs completed: pass as `initialEpoch`. */
  epoch: number;
  seed: number;
  history: History;
  extra: unknown;
}

/**
 * Loads a checkpoint into `model` (and `optimizer`). Everything is validated before anything is
 * written: format, parameter names and shapes, optimizer kind, data length; a mismatch throws
 * `TrainingError('BAD_CHECKPOINT')`. `data` may be an `ArrayBuffer` or a view (e.g. a Node `Buffer`).
 */
export function restoreCheckpoint(
  checkpoint: { manifest: CheckpointManifest; data: ArrayBuffer | ArrayBufferView },
  options: RestoreCheckpointOptions,
): RestoredCheckpoint {
  const { manifest } = checkpoint ?? {};
  const bad = (message: string, cause?: unknown): TrainingError =>
    new TrainingError('BAD_CHECKPOINT', `restoreCheckpoint: ${message}`, { cause });
  if (manifest?.format !== CHECKPOINT_FORMAT || manifest.version !== CHECKPOINT_VERSION) {
    throw bad(`not a ${CHECKPOINT_FORMAT} v${CHECKPOINT_VERSION} manifest.`);
  }
  if (!Array.isArray(manifest.params)) throw bad('the manifest lists no parameters.');
  const values = toFloat32(checkpoint.data);
  if (values === undefined) throw bad('data must be an ArrayBuffer (or a view) of float32 values.');

  const { model, optimizer } = options;
  const names = Object.keys(model.params);
  const saved = manifest.params.map((p) => p.name);
  if (names.length !== saved.length || !saved.every((name) => name in model.params)) {
    throw bad(`saved parameters [${saved.join(', ')}] do not match the model's [${names.join(', ')}].`);
  }
  let offset = 0;
  const params = manifest.params.map(({ name, shape }) => {
    const variable = model.params[name]!;
    if (!tf.util.arraysEqual(shape, variable.shape)) {
      throw bad(`parameter '${name}' was saved as [${shape}] but the model has [${variable.shape}].`);
    }
    const size = tf.util.sizeFromShape(shape);
    const entry = { variable, start: offset, size };
    offset += size;
    return entry;
  });
  let state: OptimizerState | undefined;
  if (optimizer !== undefined) {
    const saved = manifest.optimizer;
    if (saved === undefined) throw bad('the checkpoint holds no optimizer state.');
    if (saved.name !== optimizer.name) {
      throw bad(`the checkpoint holds a '${saved.name}' optimizer, not '${optimizer.name}'.`);
    }
    const slotParams = saved.slots.map((s) => s.name.slice(s.name.indexOf('/') + 1));
    const perSlot = slotParams.slice(0, names.length);
    if (saved.slots.length > 0 && perSlot.some((name, i) => name !== names[i])) {
      throw bad(`the optimizer state is for parameters [${perSlot.join(', ')}], the model has [${names.join(', ')}].`);
    }
    const slots: Record<string, Float32Array> = {};
    for (const { name, length } of saved.slots) {
      slots[name] = values.subarray(offset, offset + length);
      offset += length;
    }
    state = { name: saved.name, step: saved.step, learningRate: saved.learningRate, config: saved.config, slots };
  } else if (manifest.optimizer !== undefined) {
    offset += manifest.optimizer.slots.reduce((n, s) => n + s.length, 0);
  }
  if (offset !== values.length) {
    throw bad(`data holds ${values.length} float32 values, the manifest describes ${offset}.`);
  }
  if (state !== undefined) {
    try {
      optimizer!.setState(state);
    } catch (error) {
      throw bad(`the optimizer state does not fit: ${error instanceof Error ? error.message : String(error)}`, error);
    }
  }
  for (const { variable, start, size } of params) {
    tf.tidy(() => variable.assign(tf.tensor(values.subarray(start, start + size), variable.shape, 'float32')));
  }
  return {
    epoch: manifest.epoch,
    seed: manifest.seed,
    history: structuredClone(manifest.history),
    extra: manifest.extra,
  };
}

function toFloat32(data: ArrayBuffer | ArrayBufferView | undefined): Float32Array | undefined {
  if (data instanceof ArrayBuffer) return data.byteLength % 4 === 0 ? new Float32Array(data) : undefined;
  if (ArrayBuffer.isView(data) && data.byteLength % 4 === 0) {
    // Copy: a view (e.g. a pooled Node Buffer) may start at an unaligned offset.
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
    return new Float32Array(bytes.buffer);
  }
  return undefined;
}
