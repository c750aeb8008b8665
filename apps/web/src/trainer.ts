import { type ImagePreprocessing, type Split, shuffledIndices, splitValidation, takeSubset } from '@mnist-kit/datasets';
import { type Activation, createCnn, createMlp, type Model } from '@mnist-kit/models';
import {
  adam,
  type EpochLog,
  fit,
  type History,
  type LayerNorm,
  type Optimizer,
  type StepEngineInfo,
} from '@mnist-kit/training';
import { createThrottledYield } from './scheduling';

/** The kinds of model the page trains: `createMlp`'s or `createCnn`'s. */
export type ModelKind = Model['kind'];

/** The recipe of one training run. */
export interface TrainConfig {
  /**
   * Which model to train: `'mlp'` (`createMlp` with `hidden` and `activation`) or `'cnn'` (`createCnn` with its
   * defaults: filters 8, 16, kernel 5, one dense layer of 128; `hidden` and `activation` do not apply). Defaults
   * to `'mlp'`.
   */
  model?: ModelKind;
  /** Hidden layer widths (the MLP's). Defaults to `[128, 128]`. */
  hidden?: readonly number[];
  /** Hidden activation (the MLP's). Defaults to `'relu'`. */
  activation?: Activation;
  /** Dropout after each hidden (the CNN: hidden dense) layer, in `[0, 1)`. Defaults to `0`. */
  dropout?: number;
  /** Epochs to train. Defaults to `5`. */
  epochs?: number;
  /** Rows per batch. Defaults to `64`. */
  batchSize?: number;
  /** Adam's learning rate. Defaults to `0.001`. */
  learningRate?: number;
  /** Seed of the weights and of the shuffling. Defaults to `0`. */
  seed?: number;
  /** Read the loss back (a device sync) every this many steps. Defaults to `10`. */
  logEvery?: number;
  /** The data's class names: the model gets one output per name and records them. Defaults to none (10 outputs). */
  classNames?: readonly string[] | null;
  /** How an outside image becomes an input, recorded in the model (the data's `preprocessing`). Defaults to `'digit'`. */
  preprocessing?: ImagePreprocessing;
}

/** What the trainer reports after each step. */
export interface StepEvent {
  /** Steps finished since the run started (1 after the first step). */
  globalStep: number;
  /** Zero-based epoch. */
  epoch: number;
  /** Steps finished in this epoch (1 after its first step). */
  stepInEpoch: number;
  stepsPerEpoch: number;
  epochs: number;
  /** Mean loss of the steps since the last read-back, on the steps where it was read back. */
  loss?: number;
  /** Every parameter's weight and gradient norm, on the steps where the loss was read back (`fit`'s `layerNorms`). */
  layerNorms?: LayerNorm[];
  samplesPerSecond: number;
}

/** What runs the training steps, in words: `SIMD engine (relaxed-simd), 2 threads on wasm` or `tfjs ops on webgl`. */
export function describeStepEngine(info: StepEngineInfo): string {
  if (info.name === 'simd') {
    const isa = info.isa === undefined ? '' : ` (${info.isa})`;
    return `SIMD engine${isa}, ${info.threads} thread${info.threads === 1 ? '' : 's'} on ${info.backend}`;
  }
  return `tfjs ops on ${info.backend}`;
}

/** The trainer's lifecycle. */
export type TrainerState = 'idle' | 'training' | 'stopping' | 'stopped' | 'done' | 'error';

/** Hooks of {@link Trainer}. */
export interface TrainerHooks {
  onStep?(event: StepEvent): void;
  onEpoch?(log: EpochLog, epochs: number): void;
  onState?(state: TrainerState, detail?: string): void;
  /** What runs the training steps (`fit`'s step engine), when a run starts or resumes. */
  onStepEngine?(info: StepEngineInfo): void;
  /**
   * Awaited between steps when more than `yieldEveryMs` of work passed, so the page can paint.
   * Defaults to `yieldToRenderer` (the next frame, or a macrotask in a hidden tab).
   */
  yieldToUi?: () => Promise<void>;
  /** Milliseconds of training between two `yieldToUi` calls. Defaults to `100`. */
  yieldEveryMs?: number;
}

/** The data of a run: training rows and optional validation rows (evaluated after every epoch). */
export interface TrainData {
  train: Split;
  validation?: Split;
}

/**
 * Training rows and a validation hold-out from a dataset's training split: the first `limit` rows
 * (all when undefined), of which a seeded `validationFraction` (capped at `maxValidation` rows) is held out.
 */
export function prepareSplits(
  train: Split,
  options: { limit?: number; validationFraction?: number; maxValidation?: number; seed?: number } = {},
): TrainData {
  const { limit, validationFraction = 0.1, maxValidation = 5000, seed = 0 } = options;
  const rows = limit === undefined ? train : takeSubset(train, limit);
  const held = Math.min(maxValidation, Math.round(rows.count * validationFraction));
  if (held < 1 || held >= rows.count) return { train: rows };
  const { train: kept, validation } = splitValidation(rows, held / rows.count, seed);
  return { train: kept, validation };
}

/**
 * The rows of epoch `epoch` in the order the trainer trains them (shuffled with `seed + epoch`), from
 * batch `fromStep` on (the batches before it were trained before a stop). A `Split`, not a batch source,
 * so that `fit` can run it on its SIMD step engine (which batches a `Split` itself); `fit` gets it with
 * `shuffle: false`, one epoch per call, which is what lets a stopped run resume in the middle of an epoch
 * with exactly the batches the uninterrupted epoch would have had.
 */
export function epochSplit(
  split: Split,
  options: { batchSize: number; seed: number; epoch: number; fromStep?: number },
): Split {
  const { batchSize, seed, epoch, fromStep = 0 } = options;
  const order = shuffledIndices(split.count, seed + epoch).subarray(Math.min(split.count, fromStep * batchSize));
  const pixels = split.rows * split.cols;
  const images = new Uint8Array(order.length * pixels);
  const labels = new Uint8Array(order.length);
  for (let i = 0; i < order.length; i++) {
    const row = order[i]!;
    images.set(split.images.subarray(row * pixels, (row + 1) * pixels), i * pixels);
    labels[i] = split.labels[row]!;
  }
  return { images, labels, count: order.length, rows: split.rows, cols: split.cols };
}

/**
 * Trains an MLP or a CNN with `fit` from `@mnist-kit/training` and keeps what a page needs between runs:
 * the model (kept after Stop), the Adam state and the history (so Resume continues where Stop
 * left off, in the same epoch and step).
 */
export class Trainer {
  /** The model of the current run; kept after it stops. */
  model: Model | undefined;
  history: History | undefined;
  /** What ran the steps of the current (or last) run: `fit`'s step engine. */
  stepEngine: StepEngineInfo | undefined;
  state: TrainerState = 'idle';
  private optimizer: Optimizer | undefined;
  private config: Required<TrainConfig> | undefined;
  private data: TrainData | undefined;
  private controller: AbortController | undefined;
  private globalStep = 0;

  constructor(private readonly hooks: TrainerHooks = {}) {}

  /** Whether a stopped run can be resumed. */
  get canResume(): boolean {
    return this.state === 'stopped' && this.history?.stoppedAt !== undefined;
  }

  /** Starts a new run with a fresh model (the previous model and optimizer are disposed). */
  async start(config: TrainConfig, data: TrainData): Promise<History> {
    if (this.state === 'training' || this.state === 'stopping') throw new Error('a run is already in progress');
    this.disposeRun();
    const resolved: Required<TrainConfig> = {
      model: config.model ?? 'mlp',
      hidden: config.hidden ?? [128, 128],
      activation: config.activation ?? 'relu',
      dropout: config.dropout ?? 0,
      epochs: config.epochs ?? 5,
      batchSize: config.batchSize ?? 64,
      learningRate: config.learningRate ?? 0.001,
      seed: config.seed ?? 0,
      logEvery: config.logEvery ?? 10,
      classNames: config.classNames ?? null,
      preprocessing: config.preprocessing ?? 'digit',
    };
    this.config = resolved;
    this.data = data;
    // Either model: sized and labelled from the data, with the same dropout and seed.
    const common = {
      dropout: resolved.dropout,
      seed: resolved.seed,
      outputSize: resolved.classNames?.length ?? 10,
      classNames: resolved.classNames,
      preprocessing: resolved.preprocessing,
    };
    this.model =
      resolved.model === 'cnn'
        ? // createCnn's defaults: filters 8, 16, kernel 5, dense 128.
          createCnn(common)
        : createMlp({ ...common, hiddenSizes: resolved.hidden, activation: resolved.activation });
    this.optimizer = adam({ learningRate: resolved.learningRate });
    this.history = undefined;
    this.stepEngine = undefined;
    this.globalStep = 0;
    return this.run(undefined);
  }

  /** Continues a stopped run from the step it stopped after, with the same model and Adam state. */
  async resume(): Promise<History> {
    if (!this.canResume) throw new Error('nothing to resume');
    return this.run(this.history!.stoppedAt);
  }

  /** Asks the run to stop after the current step; the model is kept. */
  stop(): void {
    if (this.state !== 'training') return;
    this.setState('stopping');
    this.controller?.abort();
  }

  /** Frees the model and the optimizer. */
  dispose(): void {
    this.controller?.abort();
    this.disposeRun();
    this.setState('idle');
  }

  /** Takes the model out of the trainer (the caller now owns it; the run cannot be resumed). */
  release(): Model | undefined {
    const model = this.model;
    this.model = undefined;
    this.optimizer?.dispose();
    this.optimizer = undefined;
    this.history = undefined;
    this.setState('idle');
    return model;
  }

  private async run(stoppedAt: { epoch: number; step: number } | undefined): Promise<History> {
    const config = this.config!;
    const data = this.data!;
    const model = this.model!;
    const stepsPerEpoch = Math.ceil(data.train.count / config.batchSize);
    let resumeAt = stoppedAt;
    if (resumeAt !== undefined && resumeAt.step >= stepsPerEpoch) resumeAt = { epoch: resumeAt.epoch + 1, step: 0 };
    const controller = new AbortController();
    this.controller = controller;
    const yieldToUi = createThrottledYield(this.hooks.yieldEveryMs ?? 100, this.hooks.yieldToUi);
    this.setState('training');
    try {
      let history = this.history;
      const first = resumeAt?.epoch ?? 0;
      if (first >= config.epochs) {
        // Stopped after the last step of the last epoch: nothing is left to train.
        const { stoppedAt: _stoppedAt, ...rest } = history ?? { epochs: [] };
        history = { ...rest, stopped: 'completed' };
      }
      let announced: string | undefined;
      // One `fit` per epoch, on that epoch's rows in the trainer's order (see epochSplit).
      for (let epoch = first; epoch < config.epochs; epoch++) {
        const offset = resumeAt !== undefined && epoch === resumeAt.epoch ? resumeAt.step : 0;
        const rows = epochSplit(data.train, {
          batchSize: config.batchSize,
          seed: config.seed,
          epoch,
          fromStep: offset,
        });
        history = await fit(model, rows, {
          epochs: epoch + 1,
          initialEpoch: epoch,
          history,
          batchSize: config.batchSize,
          shuffle: false,
          optimizer: this.optimizer,
          validation: data.validation,
          validationBatchSize: 1000,
          seed: config.seed,
          signal: controller.signal,
          logEvery: config.logEvery,
          // For the norms chart (redrawn at most twice a second): every 5th read-back step, i.e. every 50 steps.
          layerNorms: true,
          layerNormsEvery: 5,
          callbacks: {
            onEpochStart: (info) => {
              this.stepEngine = info.stepEngine;
              const key = JSON.stringify(info.stepEngine);
              if (key !== announced) this.hooks.onStepEngine?.(info.stepEngine);
              announced = key;
            },
            onBatchEnd: (info) => {
              this.globalStep++;
              const event: StepEvent = {
                globalStep: this.globalStep,
                epoch: info.epoch,
                stepInEpoch: info.step + 1 + offset,
                stepsPerEpoch,
                epochs: config.epochs,
                samplesPerSecond: info.samplesPerSecond,
              };
              if (info.loss !== undefined) event.loss = info.loss;
              if (info.layerNorms !== undefined) event.layerNorms = info.layerNorms;
              this.hooks.onStep?.(event);
              return yieldToUi();
            },
            onEpochEnd: (info) => {
              const { history: _history, ...log } = info;
              this.hooks.onEpoch?.(log, config.epochs);
            },
          },
        });
        if (history.stopped === 'aborted') {
          // fit counts the steps of the rows it was given; the run counts them from the epoch's start.
          if (history.stoppedAt !== undefined)
            history.stoppedAt = { ...history.stoppedAt, step: history.stoppedAt.step + offset };
          break;
        }
      }
      this.history = history;
      this.setState(history!.stopped === 'aborted' ? 'stopped' : 'done');
      return history!;
    } catch (error) {
      this.setState('error', (error as Error).message);
      throw error;
    } finally {
      if (this.controller === controller) this.controller = undefined;
    }
  }

  private disposeRun(): void {
    this.model?.dispose();
    this.model = undefined;
    this.optimizer?.dispose();
    this.optimizer = undefined;
    this.history = undefined;
  }

  private setState(state: TrainerState, detail?: string): void {
    this.state = state;
    this.hooks.onState?.(state, detail);
  }
}
