import type { Scalar, Tensor, Variable } from '@tensorflow/tfjs-core';

/** Named trainable parameters, in a stable order (the order optimizers and checkpoints use). */
export type NamedVariables = Record<string, Variable>;
/** Named tensors, e.g. gradients keyed like the parameters they belong to. */
export type NamedTensors = Record<string, Tensor>;

/** Options passed to a model's forward pass. */
export interface ForwardOptions {
  /** Training mode (dropout active). Defaults to `false`. */
  training?: boolean;
  /**
   * Keep the intermediate activations that `backward` needs. The kept tensors belong to the
   * caller's `tf.tidy` scope, so call `backward` inside the same scope. Defaults to `false`.
   */
  keep?: boolean;
  /** Seed for this pass's random dropout mask (training only). */
  seed?: number;
}

/** An activation a {@link DenseArchitecture} layer may use. */
export type DenseActivation = 'linear' | 'relu' | 'tanh' | 'sigmoid' | 'gelu';

/**
 * A plain description of a model that is a stack of dense layers, so `fit` can train it with its
 * SIMD step engine (see `FitOptions.stepEngine`) instead of tfjs ops. `createMlp` models have one.
 */
export interface DenseArchitecture {
  /**
   * The dense layers, input first: each names its kernel (`[inputs, units]`) and bias (`[units]`) in
   * `params`, and the activation after it. The last layer produces the logits (`'linear'`).
   */
  readonly layers: readonly { readonly kernel: string; readonly bias: string; readonly activation: DenseActivation }[];
  /** Inverted dropout rate after every hidden layer, in training mode. `0` for none. */
  readonly dropout: number;
}

/**
 * What `fit` needs of a model: named variables and a forward function; `backward` is needed only
 * for `gradients: 'explicit'`. Any tfjs-core model can be adapted to this.
 */
export interface TrainableModel {
  readonly params: NamedVariables;
  forward(x: Tensor, options?: ForwardOptions): Tensor;
  /** Gradients of the loss w.r.t. every parameter, given dLoss/dOutput of the last kept forward pass. */
  backward?(dOutput: Tensor): NamedTensors;
  /** The model as a stack of dense layers, when it is one (lets `fit` use its SIMD engine). */
  readonly architecture?: DenseArchitecture;
}

/** A loss with its gradient, both from model outputs (logits) and labels. */
export interface Loss {
  readonly name: string;
  /** Mean loss over the batch (differentiable by tfjs autograd). */
  value(output: Tensor, labels: Tensor): Scalar;
  /**
   * Mean loss and its gradient w.r.t. `output`, computed by hand. May also return `correct`, the
   * number of rows whose argmax matches the label (a fused kernel gets it for free), which `fit`
   * then uses for training accuracy instead of computing it again. Every returned tensor belongs
   * to the caller (dispose them, or call inside `tf.tidy`).
   */
  valueAndGrad(output: Tensor, labels: Tensor): { value: Scalar; grad: Tensor; correct?: Scalar };
}

/** A JSON-able hyper-parameter record (numbers and booleans only). */
export type OptimizerConfig = Record<string, number | boolean>;

/**
 * Everything an optimizer needs to continue exactly where it stopped. Plain data: the
 * `slots` arrays are copies, safe to keep, serialise (see `createCheckpoint`) or transfer.
 */
export interface OptimizerState {
  /** Optimizer kind, e.g. `'adam'`; `setState` refuses a state of another kind. */
  name: string;
  /** Number of `step` calls so far (drives Adam's bias correction, SGD's first momentum step). */
  step: number;
  /** The learning rate at the time of `getState` (may differ from `config.learningRate`). */
  learningRate: number;
  /** The hyper-parameters the optimizer was created with (`learningRate` is the base rate). */
  config: OptimizerConfig;
  /**
   * Per-parameter state, keyed `<slot>/<param name>` (e.g. `m/dense_1/kernel`), in parameter order.
   * Empty before the first step.
   */
  slots: Record<string, Float32Array>;
}

/**
 * A first-order optimizer updating named variables in place from named gradients. The built-in
 * ones (`adam`, `sgd`) run on tfjs-core ops only (no `tf.train`), keep their state in
 * `tf.Variable`s and use as few ops per step as they can (no read-back, no per-step allocation
 * beyond the step's temporaries).
 */
export interface Optimizer {
  /** Optimizer kind, e.g. `'adam'`. */
  readonly name: string;
  /** Learning rate used by the next `step`. Settable; `fit` sets it every step when a schedule is given. */
  learningRate: number;
  /** The rate a schedule scales from: the factory's `learningRate` unless set. */
  baseLearningRate: number;
  /** Steps taken so far. */
  readonly iterations: number;
  /** The hyper-parameters (JSON-able). */
  readonly config: Readonly<OptimizerConfig>;
  /**
   * Applies one update: `params[name] ← update(params[name], grads[name])` for every parameter.
   * Does not dispose `grads`. Safe to call inside `tf.tidy`.
   */
  step(params: NamedVariables, grads: NamedTensors): void;
  /** A copy of the state (reads the slots back from the backend). */
  getState(): Promise<OptimizerState>;
  /** Replaces the state (hyper-parameters, step count, learning rate, slots) with a copy of `state`. */
  setState(state: OptimizerState): void;
  /** Frees the slot variables. The optimizer can be used again (it starts from zero state). */
  dispose(): void;
}

/**
 * A learning-rate schedule: the rate for step `stepInEpoch` (0-based) of epoch `epoch` (0-based),
 * given the number of steps per epoch and the base rate. `fit` calls it before every step and sets
 * `optimizer.learningRate`; a schedule that ignores `stepInEpoch` is thus a per-epoch schedule.
 */
export type LrSchedule = (epoch: number, stepInEpoch: number, stepsPerEpoch: number, baseLr: number) => number;

/** A mini-batch as `fit` consumes it. `fit` owns (and disposes) `xs` and `ys` once it received them. */
export interface BatchLike {
  /** Model input, e.g. float32 `[B, 784]`. */
  xs: Tensor;
  /** Labels / targets, e.g. int32 class indices `[B]` or float32 one-hot `[B, C]`. */
  ys: Tensor;
  /** Rows in the batch. Defaults to `xs.shape[0]`. */
  size?: number;
}

/**
 * Any source of mini-batches: `batches(epoch)` is called once per epoch and may return a sync or an
 * async iterable (a generator works). Each batch's tensors must be fresh: `fit` disposes them.
 */
export interface BatchSource {
  batches(epoch: number): Iterable<BatchLike> | AsyncIterable<BatchLike>;
  /** Batches per epoch, when known (schedules and progress use it; else the previous epoch's count). */
  length?: number;
}

/** What `fit` records for one finished epoch. */
export interface EpochLog {
  /** Zero-based epoch index. */
  epoch: number;
  /** Mean training loss over the epoch's samples (weighted by batch size). */
  trainLoss: number;
  /** Training accuracy (argmax of outputs vs labels), when `trainAccuracy` is on. */
  trainAccuracy?: number;
  /** Mean validation loss, when `validation` is given. */
  valLoss?: number;
  /** Validation accuracy, when `validation` is given and outputs are `[B, C]` scores. */
  valAccuracy?: number;
  /** Wall-clock seconds of the whole epoch, validation included. */
  seconds: number;
  /** Training samples per second (training phase only). */
  samplesPerSecond: number;
  /** Learning rate of the epoch's last step. */
  learningRate: number;
}

/** What ran the training steps of a `fit` (see `FitOptions.stepEngine`). */
export interface StepEngineInfo {
  /** `'simd'`: mnist-kit's WebAssembly SIMD engine; `'tfjs'`: tfjs ops on the active backend. */
  name: 'simd' | 'tfjs';
  /** The tfjs backend active during the fit (validation and every non-step op run on it). */
  backend: string;
  /** Threads a step runs on (1 for `'tfjs'`: tfjs backends in Node run ops on one thread or their own pool). */
  threads: number;
  /** For `'simd'`: whether the relaxed-SIMD (fused multiply-add) build runs. */
  isa?: 'relaxed-simd' | 'simd';
  /** For `'tfjs'` under `stepEngine: 'auto'`: why the SIMD engine was not used. */
  reason?: string;
}

/** Why `fit` returned. */
export type StopReason = 'completed' | 'aborted' | 'early-stopping';

/** The result of `fit`: one record per finished epoch (earlier ones first when resuming). */
export interface History {
  epochs: EpochLog[];
  stopped: StopReason;
  /**
   * Where an aborted run stopped: the epoch in progress and the steps of it that were applied
   * (that partial epoch has no `EpochLog`). Absent unless `stopped` is `'aborted'`.
   */
  stoppedAt?: { epoch: number; step: number };
  /** What ran the steps of this `fit` call. */
  stepEngine?: StepEngineInfo;
}
