import type { BatchOptions, PixelScaling, Split } from '@mnist-kit/datasets';
import type {
  DenseActivation,
  DenseArchitecture,
  ForwardOptions,
  NamedTensors,
  NamedVariables,
} from '@mnist-kit/models';
import type { Scalar, Tensor } from '@tensorflow/tfjs-core';

// The model-side shapes have one home, @mnist-kit/models; re-exported here for training's API.
export type { DenseActivation, DenseArchitecture, ForwardOptions, NamedTensors, NamedVariables };

/** Options of `@mnist-kit/datasets`' `batches` that `fit` passes through for a `Split`. */
export type SplitBatchOptions = Omit<BatchOptions, 'batchSize' | 'shuffle' | 'seed'>;

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
  /**
   * How pixel bytes become this model's inputs (`createMlp` models record it): `fit` batches a `Split`
   * that way unless `splitOptions` says otherwise — and refuses a `splitOptions` scaling that disagrees.
   */
  readonly pixelScaling?: PixelScaling;
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

/** Where training is when a {@link LrSchedule} is asked for the rate. */
export interface LrScheduleContext {
  /** Zero-based epoch. */
  epoch: number;
  /** Zero-based step within the epoch. */
  step: number;
  /** Steps per epoch (`NaN` when a batch source has no length and no epoch has finished). */
  stepsPerEpoch: number;
  /** The rate the schedule scales from (`optimizer.baseLearningRate`). */
  baseLearningRate: number;
}

/**
 * A learning-rate schedule: the rate for the step `context` describes. `fit` calls it before every
 * step and sets `optimizer.learningRate`; a schedule that ignores `step` is thus a per-epoch schedule.
 */
export type LrSchedule = (context: LrScheduleContext) => number;

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

/** What `onEpochStart` receives. */
export interface EpochStartInfo {
  /** Zero-based epoch index. */
  epoch: number;
  /** Batches in this epoch, when known. */
  stepsPerEpoch: number | undefined;
  /** What runs the training steps. */
  stepEngine: StepEngineInfo;
}

/** What `onBatchEnd` receives after every step. */
export interface BatchEndInfo {
  /** Zero-based epoch index. */
  epoch: number;
  /** Zero-based index of the step just applied, within the epoch. */
  step: number;
  /** Batches in this epoch, when known. */
  stepsPerEpoch: number | undefined;
  /** Training samples consumed so far in this epoch. */
  samplesSeen: number;
  /**
   * Mean training loss of the steps since the previous read-back, present only on steps where the
   * losses were read back (every `logEvery` steps).
   */
  loss?: number;
  /** Training samples per second so far in this epoch (ops are dispatched, not necessarily finished). */
  samplesPerSecond: number;
  /** The learning rate of this step. */
  learningRate: number;
  /**
   * With `FitOptions.layerNorms`, on the steps where the losses were read back (those with `loss`; with
   * `layerNormsEvery`, every that many of them): the L2 norms of every parameter and of its gradient at this
   * step, in `model.params` order. Absent otherwise.
   */
  layerNorms?: LayerNorm[];
}

/**
 * The norms of one parameter at a read-back step (`BatchEndInfo.layerNorms`): watch them over time to see
 * vanishing or exploding gradients, layer by layer.
 */
export interface LayerNorm {
  /** The parameter's key in `model.params`, e.g. `'dense_1/kernel'` (a dense layer has a kernel and a bias). */
  name: string;
  /** L2 norm of the parameter after the step's update. */
  weightNorm: number;
  /**
   * L2 norm of the step's gradient of the mean loss w.r.t. the parameter, as `backward` (or autograd)
   * produced it — before the optimizer adds weight decay. `0` for a parameter autograd found no gradient for.
   */
  gradNorm: number;
}

/** What `onEpochEnd` receives: the epoch's record and the history it was appended to. */
export type EpochEndInfo = EpochLog & { history: Readonly<History> };

/** Progress hooks. Each may return a promise, which `fit` awaits (e.g. to write a checkpoint). */
export interface FitCallbacks {
  onEpochStart?(info: EpochStartInfo): void | Promise<void>;
  onBatchEnd?(info: BatchEndInfo): void | Promise<void>;
  onEpochEnd?(info: EpochEndInfo): void | Promise<void>;
}

/** A quantity early stopping can watch. Losses must decrease, accuracies increase. */
export type MonitoredQuantity = 'valLoss' | 'valAccuracy' | 'trainLoss' | 'trainAccuracy';

/** Options of early stopping (`fit`'s `earlyStopping`). */
export interface EarlyStoppingOptions {
  /** Stop after this many consecutive epochs without improvement (integer ≥ 0; 0 acts like 1). Required. */
  patience: number;
  /** Smallest change that counts as an improvement. Defaults to `0`. */
  minDelta?: number;
  /** The quantity watched. Defaults to `'valLoss'` (needs `validation`). */
  monitor?: MonitoredQuantity;
}

/** Options of {@link fit}. */
export interface FitOptions {
  /**
   * Index of the epoch to stop before (as in Keras): `fit` trains epochs `initialEpoch … epochs − 1`.
   * Defaults to `10`.
   */
  epochs?: number;
  /** Rows per training batch when `train` is a `Split` (ignored for a `BatchSource`). Defaults to `64`. */
  batchSize?: number;
  /**
   * The optimizer. Pass your own to checkpoint or resume it; the default one is disposed when
   * `fit` returns. Defaults to `adam()`.
   */
  optimizer?: Optimizer;
  /** The loss. Defaults to `softmaxCrossEntropy()`. */
  loss?: Loss;
  /**
   * Learning-rate schedule, evaluated before every step from `optimizer.baseLearningRate`; it sets
   * `optimizer.learningRate`. Defaults to none (the optimizer's rate is left alone).
   */
  schedule?: LrSchedule;
  /** Data evaluated after every epoch (loss and accuracy, `training: false`). Defaults to none. */
  validation?: Split | BatchSource;
  /** Rows per validation batch when `validation` is a `Split`. Defaults to `1024`. */
  validationBatchSize?: number;
  /**
   * Further `batches` options used for `Split`s (`normalize`, `mean`, `std`, `oneHot`, `numClasses`,
   * `dropLast`; `dropLast` applies to training only). Defaults to `{}` (pixels scaled to [0, 1], int32 labels).
   */
  splitOptions?: SplitBatchOptions;
  /**
   * Seed of the run: each epoch's shuffle seed derives from `(seed, epoch)` and each step's seed
   * (passed to `forward`, e.g. for dropout) from `(seed, epoch, step)`. Defaults to `0`.
   */
  seed?: number;
  /** Reshuffle a `Split` every epoch (a `BatchSource` shuffles itself). Defaults to `true`. */
  shuffle?: boolean;
  /**
   * `'explicit'`: `loss.valueAndGrad` + `model.backward` (no autograd, works with tfjs-core alone);
   * `'autograd'`: `tf.variableGrads` of `loss.value(model.forward(xs))`, which needs gradients
   * registered (e.g. `import '@tensorflow/tfjs'`). Defaults to `'explicit'`.
   */
  gradients?: 'explicit' | 'autograd';
  /**
   * Count correct argmax predictions during training (on the device, read back with the loss).
   * Skipped by itself when outputs are not `[B, C]` class scores. Defaults to `true`.
   */
  trainAccuracy?: boolean;
  /** Progress hooks. Defaults to none. */
  callbacks?: FitCallbacks;
  /** Stop when the monitored quantity stops improving. Defaults to none (run all epochs). */
  earlyStopping?: EarlyStoppingOptions;
  /**
   * Abort signal: the current step is finished, then `fit` resolves with `stopped: 'aborted'`.
   * Defaults to none.
   */
  signal?: AbortSignal;
  /** First epoch to train, to resume a run (see `restoreCheckpoint`). Defaults to `0`. */
  initialEpoch?: number;
  /** History of the run being resumed; new epochs are appended to a copy. Defaults to none. */
  history?: History;
  /**
   * Read the losses back every this many steps (each read waits for the device), checking them for
   * NaN/Infinity. Losses are always read at the end of an epoch. Defaults to `50`.
   */
  logEvery?: number;
  /** Yield to the event loop every this many steps, so signals, timers and UI run. Defaults to `10`. */
  yieldEvery?: number;
  /**
   * Report the L2 norm of every parameter and of its gradient (`BatchEndInfo.layerNorms`) on the steps
   * whose losses are read back (every `logEvery` steps). On the tfjs step path they are computed on the
   * device inside those steps and read back with the losses (no extra sync); on the SIMD engine they are
   * summed from the weights and gradients the engine holds. Off, nothing is computed. Defaults to `false`.
   */
  layerNorms?: boolean;
  /**
   * With `layerNorms`, compute them on every this many read-back steps only (the first of each group):
   * e.g. `5` with `logEvery: 10` gives norms every 50 steps, for a chart that redraws a few times a second.
   * Defaults to `1` (every read-back step).
   */
  layerNormsEvery?: number;
  /**
   * What runs the training steps. `'simd'`: mnist-kit's WebAssembly SIMD engine — the whole step
   * (forward, loss, backward, update) in one call, on `threads` threads — for a model with an
   * `architecture` (every `createMlp` model but gelu), the built-in `softmaxCrossEntropy` and
   * `adam`/`sgd`, a `Split` as `train`, explicit gradients, on the `cpu` or `wasm` backend; a
   * `TrainingError` (`ENGINE_UNAVAILABLE`) says why when it cannot. It trains a copy of the weights
   * and optimizer slots and writes them back to `model.params` at every read-back (`logEvery`, the
   * steps whose `onBatchEnd` has a `loss`) and before validation, and to the optimizer's state at
   * the end of every epoch and when `fit` returns. `'tfjs'`: tfjs ops on the active backend, every
   * step. `'auto'`: `'simd'` when it can run, else `'tfjs'` (`History.stepEngine.reason` says why).
   * Defaults to `'auto'`.
   */
  stepEngine?: 'auto' | 'simd' | 'tfjs';
  /**
   * Threads of the SIMD engine: the calling thread plus `threads − 1` workers sharing its memory (in
   * a browser only when the page is cross-origin isolated). 1 and N threads give the same results.
   * Defaults to the logical cores (`navigator.hardwareConcurrency`, Node's `os.availableParallelism()`).
   */
  threads?: number;
}
