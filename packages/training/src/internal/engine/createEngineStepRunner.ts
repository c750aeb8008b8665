import { batchArrays, pixelLookupTable, type Split, shuffledIndices } from '@mnist-kit/datasets';
import * as tf from '@tensorflow/tfjs-core';
import type { Loss, Optimizer, OptimizerConfig, SplitBatchOptions, TrainableModel } from '../../types';
import { adamStepScalars } from '../adamScalars';
import { builtinLoss, builtinOptimizer } from '../builtins';
import { shuffleSeed } from '../seeds';
import type { StepRunner } from '../stepRunner';
import { isSplit } from '../toBatchSource';
import { createEngine, type Engine, type EngineLayer, type OptimizerScalars } from './createEngine';
import { engineSupported } from './loadEngineModule';

/** Backends whose tensors live in CPU memory: the engine replaces their step without changing where data lives. */
const ENGINE_BACKENDS = ['cpu', 'wasm'];

/** Options of {@link createEngineStepRunner}. */
export interface EngineStepRunnerOptions {
  gradients: 'explicit' | 'autograd';
  batchSize: number;
  shuffle: boolean;
  seed: number;
  split: SplitBatchOptions;
  threads: number;
}

/** A batch for the engine: its rows, and where they start in the epoch's order when the engine gathers them. */
interface EngineBatch {
  size: number;
  from?: number;
}

interface ParamSlot {
  name: string;
  layer: number;
  part: 'kernel' | 'bias';
}

/**
 * The SIMD engine as a fit's step runner, or why it cannot run this fit (a sentence, for
 * `StepEngineInfo.reason` and for the error of `stepEngine: 'simd'`). It trains its own copy of the
 * weights and optimizer slots, loaded here from the model and the optimizer's state, and writes them
 * back on `syncParams` / `sync`.
 */
export async function createEngineStepRunner(
  model: TrainableModel,
  loss: Loss,
  optimizer: Optimizer,
  train: unknown,
  options: EngineStepRunnerOptions,
): Promise<StepRunner<EngineBatch> | { reason: string }> {
  const backend = tf.getBackend();
  if (!ENGINE_BACKENDS.includes(backend)) return { reason: `it runs on the cpu and wasm backends, not ${backend}` };
  if (options.gradients !== 'explicit') return { reason: "gradients: 'autograd' asks for tfjs autograd" };
  if (!isSplit(train)) return { reason: 'train is a BatchSource (the engine batches a Split itself)' };
  const lossKind = builtinLoss(loss);
  if (lossKind === undefined) return { reason: 'the loss is not softmaxCrossEntropy() from @mnist-kit/training' };
  const optimizerKind = builtinOptimizer(optimizer);
  if (optimizerKind === undefined) return { reason: 'the optimizer is not adam() or sgd() from @mnist-kit/training' };
  const described = describeLayers(model, train);
  if ('reason' in described) return described;
  if (!engineSupported()) return { reason: 'this runtime has no WebAssembly SIMD' };
  const { layers, slots } = described;
  const config = optimizer.config;
  const hasSlot1 = optimizerKind === 'adam' || Number(config.momentum) > 0;

  const state = await optimizer.getState();
  const stateSlots = Object.keys(state.slots);
  const slotNames = optimizerKind === 'adam' ? ['m', 'v'] : hasSlot1 ? ['momentum'] : [];
  if (
    stateSlots.length > 0 &&
    (stateSlots.length !== slotNames.length * slots.length ||
      !slotNames.every((s) => slots.every((p) => state.slots[`${s}/${p.name}`] !== undefined)))
  ) {
    return { reason: "the optimizer's state does not match the model's parameters" };
  }

  const split = train as Split;
  const { dropLast = false, flip = false, shift = 0, inputDropout = 0, normalize, mean, std } = options.split;
  // Without augmentation the engine gathers each batch itself (in parallel, SIMD) from a copy of
  // the images, in the order `batchArrays` would use; with it, `batchArrays` writes into its memory.
  const augmented = flip || shift > 0 || inputDropout > 0;
  const table = pixelLookupTable(normalize, mean, std);
  const engine = await createEngine({
    layers,
    dropout: model.architecture!.dropout,
    maxBatch: options.batchSize,
    threads: options.threads,
    optimizer: optimizerKind,
    smoothing: lossKind.smoothing,
    data: augmented ? undefined : { images: split.images, labels: split.labels, count: split.count, table },
  });
  try {
    await load(engine, layers.length, 'params', (l, part) => {
      const slot = slots.find((s) => s.layer === l && s.part === part)!;
      return model.params[slot.name]!.data() as Promise<Float32Array>;
    });
    const regions = ['slot1', 'slot2'] as const;
    for (const [i, slot] of slotNames.entries()) {
      if (stateSlots.length === 0) engine.clear(regions[i]!);
      else
        await load(engine, layers.length, regions[i]!, async (l, part) => {
          const p = slots.find((s) => s.layer === l && s.part === part)!;
          return state.slots[`${slot}/${p.name}`]!;
        });
    }
  } catch (error) {
    await engine.dispose();
    throw error;
  }

  let iterations = state.step;
  const { batchSize } = options;
  const arrayOptions = {
    batchSize,
    shuffle: options.shuffle,
    dropLast,
    flip,
    shift,
    inputDropout,
    normalize,
    mean,
    std,
  };
  const length = batchArrays(split, { ...arrayOptions, seed: 0 }).length;

  function* augmentedBatches(epoch: number): Generator<EngineBatch> {
    const into = { xs: engine.x, labels: engine.labels };
    for (const { size } of batchArrays(split, { ...arrayOptions, seed: shuffleSeed(options.seed, epoch), into })) {
      yield { size };
    }
  }

  function* gatheredBatches(epoch: number): Generator<EngineBatch> {
    const count = split.count;
    engine.setOrder(options.shuffle ? shuffledIndices(count, shuffleSeed(options.seed, epoch)) : identity(count));
    for (let b = 0; b < length; b++) {
      const from = b * batchSize;
      yield { size: Math.min(batchSize, count - from), from };
    }
  }

  function scalars(): OptimizerScalars {
    const lr = optimizer.learningRate;
    if (optimizerKind === 'adam') {
      return {
        kind: 'adam',
        ...adamStepScalars(config as unknown as Parameters<typeof adamStepScalars>[0], iterations + 1, lr),
      };
    }
    return {
      kind: 'sgd',
      lr,
      momentum: Number(config.momentum),
      oneMinusDampening: 1 - Number(config.dampening),
      weightDecay: Number(config.weightDecay),
      nesterov: config.nesterov === true,
      first: iterations === 0,
    };
  }

  function syncParams(): void {
    tf.tidy(() => {
      for (const slot of slots) {
        const values = engine.read('params', slot.layer)[slot.part];
        const variable = model.params[slot.name]!;
        variable.assign(tf.tensor(values, variable.shape, 'float32'));
      }
    });
  }

  /** The norms of the weights and gradients the engine holds after a step, in the model's parameter order. */
  function stepNorms(): Float64Array {
    const out = new Float64Array(2 * slots.length);
    const sums = { params: new Map<number, { kernel: number; bias: number }>(), grads: new Map() };
    for (const [i, slot] of slots.entries()) {
      for (const [region, at] of [
        ['params', i],
        ['grads', slots.length + i],
      ] as const) {
        const cached = sums[region];
        if (!cached.has(slot.layer)) cached.set(slot.layer, engine.sumSquares(region, slot.layer));
        out[at] = Math.sqrt(cached.get(slot.layer)![slot.part]);
      }
    }
    return out;
  }

  return {
    info: { name: 'simd', backend, threads: engine.threads, isa: engine.isa },
    length,
    batches: augmented ? augmentedBatches : gatheredBatches,
    step(batch, seed, _epoch, _step, norms) {
      const result = engine.step(batch.size, seed, scalars(), batch.from);
      iterations++;
      const loss = { value: result.loss, correct: result.correct };
      return norms ? { loss, size: batch.size, norms: stepNorms() } : { loss, size: batch.size };
    },
    release() {},
    syncParams,
    async sync() {
      syncParams();
      if (slotNames.length === 0 && iterations === optimizer.iterations) return;
      const stateSlots: Record<string, Float32Array> = {};
      const regions = ['slot1', 'slot2'] as const;
      slotNames.forEach((slotName, i) => {
        const read = new Map<number, { kernel: Float32Array; bias: Float32Array }>();
        for (const p of slots) {
          if (!read.has(p.layer)) read.set(p.layer, engine.read(regions[i]!, p.layer));
          stateSlots[`${slotName}/${p.name}`] = read.get(p.layer)![p.part];
        }
      });
      const base = optimizer.baseLearningRate;
      optimizer.setState({
        name: optimizer.name,
        step: iterations,
        learningRate: optimizer.learningRate,
        config: { ...(config as OptimizerConfig) },
        slots: stateSlots,
      });
      optimizer.baseLearningRate = base;
    },
    dispose: () => engine.dispose(),
  };
}

/** The engine's layers and each parameter's place in them, or why the model does not fit the engine. */
function describeLayers(
  model: TrainableModel,
  train: Split,
): { layers: EngineLayer[]; slots: ParamSlot[] } | { reason: string } {
  const architecture = model.architecture;
  if (architecture === undefined)
    return { reason: 'the model does not describe itself as dense layers (architecture)' };
  const names = Object.keys(model.params);
  const layers: EngineLayer[] = [];
  const slots: ParamSlot[] = [];
  const last = architecture.layers.length - 1;
  for (const [l, layer] of architecture.layers.entries()) {
    const kernel = model.params[layer.kernel];
    const bias = model.params[layer.bias];
    if (kernel === undefined || bias === undefined || kernel.rank !== 2 || bias.rank !== 1) {
      return { reason: `layer ${l + 1} of the architecture does not name a kernel and a bias in params` };
    }
    const [inputs, units] = kernel.shape as [number, number];
    if (bias.shape[0] !== units || (l > 0 && inputs !== layers[l - 1]!.units)) {
      return { reason: `layer ${l + 1}'s shapes do not chain` };
    }
    const activation = l === last ? 'linear' : layer.activation;
    if (l === last && layer.activation !== 'linear') return { reason: 'the last layer is not linear (logits)' };
    if (activation === 'gelu') return { reason: 'the engine has no gelu' };
    layers.push({ inputs, units, activation });
    slots.push({ name: layer.kernel, layer: l, part: 'kernel' }, { name: layer.bias, layer: l, part: 'bias' });
  }
  if (slots.length !== names.length) return { reason: 'params holds more than the dense layers' };
  if (layers[0]!.inputs !== train.rows * train.cols) {
    return { reason: `the model takes ${layers[0]!.inputs} inputs, the images have ${train.rows * train.cols} pixels` };
  }
  let maxLabel = 0;
  for (let i = 0; i < train.count; i++) maxLabel = Math.max(maxLabel, train.labels[i]!);
  if (maxLabel >= layers[last]!.units)
    return { reason: `label ${maxLabel} is out of range for ${layers[last]!.units} classes` };
  // Parameters in the model's order (the optimizer's state is keyed and ordered by it).
  slots.sort((a, b) => names.indexOf(a.name) - names.indexOf(b.name));
  return { layers, slots };
}

async function load(
  engine: Engine,
  layers: number,
  region: 'params' | 'slot1' | 'slot2',
  values: (layer: number, part: 'kernel' | 'bias') => Promise<Float32Array>,
): Promise<void> {
  for (let l = 0; l < layers; l++) engine.write(region, l, await values(l, 'kernel'), await values(l, 'bias'));
}

function identity(count: number): Int32Array {
  return Int32Array.from({ length: count }, (_, i) => i);
}
