import { TrainingError } from './TrainingError';
import type { History, Optimizer, OptimizerConfig, TrainableModel } from './types';

/** Format marker and version written into every manifest. */
export const CHECKPOINT_FORMAT = 'mnist-kit-checkpoint';
export const CHECKPOINT_VERSION = 1;

/** The JSON half of a {@link Checkpoint}: everything but the numbers. */
export interface CheckpointManifest {
  format: typeof CHECKPOINT_FORMAT;
  version: number;
  /** Epochs completed: the `initialEpoch` to resume `fit` with. */
  epoch: number;
  /** The run's `fit` seed. */
  seed: number;
  /** The run's history so far. */
  history: History;
  /** Parameters in `data` order (float32, row-major). */
  params: { name: string; shape: number[] }[];
  /** The optimizer's state without its slot values (those follow the parameters in `data`). */
  optimizer?: {
    name: string;
    step: number;
    learningRate: number;
    config: OptimizerConfig;
    slots: { name: string; length: number }[];
  };
  /** Caller data (JSON-able), e.g. the model's architecture or CLI options. */
  extra?: unknown;
}

/**
 * A training checkpoint, platform-neutral: a JSON-able manifest plus one buffer of float32 values
 * (parameters, then optimizer slots). Write it wherever suits, e.g. `manifest.json` + `data.bin`.
 */
export interface Checkpoint {
  manifest: CheckpointManifest;
  data: ArrayBuffer;
}

/** Options of {@link createCheckpoint}. */
export interface CreateCheckpointOptions {
  model: Pick<TrainableModel, 'params'>;
  /** The optimizer to save (recommended, for an exact resume). Defaults to none. */
  optimizer?: Optimizer;
  /** Epochs completed. */
  epoch: number;
  /** The run's seed. Defaults to `0`. */
  seed?: number;
  /** The run's history. Defaults to an empty one. */
  history?: History;
  /** Any JSON-able data to keep with the checkpoint. Defaults to none. */
  extra?: unknown;
}

/** Reads parameters and optimizer state back from the backend into a {@link Checkpoint}. */
export async function createCheckpoint(options: CreateCheckpointOptions): Promise<Checkpoint> {
  const { model, optimizer, epoch, seed = 0, history = { epochs: [], stopped: 'completed' }, extra } = options;
  const arrays: Float32Array[] = [];
  const params: CheckpointManifest['params'] = [];
  for (const [name, variable] of Object.entries(model.params)) {
    if (variable.dtype !== 'float32') {
      throw new TrainingError(
        'BAD_CHECKPOINT',
        `createCheckpoint: parameter '${name}' is ${variable.dtype}, not float32.`,
      );
    }
    params.push({ name, shape: [...variable.shape] });
    arrays.push((await variable.data()) as Float32Array);
  }
  const manifest: CheckpointManifest = {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    epoch,
    seed,
    history: structuredClone(history),
    params,
  };
  if (optimizer !== undefined) {
    const state = await optimizer.getState();
    const slots = Object.entries(state.slots);
    manifest.optimizer = {
      name: state.name,
      step: state.step,
      learningRate: state.learningRate,
      config: { ...state.config },
      slots: slots.map(([name, values]) => ({ name, length: values.length })),
    };
    for (const [, values] of slots) arrays.push(values);
  }
  if (extra !== undefined) manifest.extra = extra;
  const total = arrays.reduce((n, a) => n + a.length, 0);
  const data = new Float32Array(total);
  let offset = 0;
  for (const a of arrays) {
    data.set(a, offset);
    offset += a.length;
  }
  return { manifest, data: data.buffer };
}
