import { type PixelScaling, pixelScaling, type Split, sameScaling } from '@mnist-kit/datasets';
import { enginePlatform } from '#enginePlatform';
import { adam } from './adam';
import { checkNumber } from './internal/checkOption';
import { createEarlyStopper } from './internal/createEarlyStopper';
import { createTfjsStepRunner } from './internal/createTfjsStepRunner';
import { createEngineStepRunner } from './internal/engine/createEngineStepRunner';
import { PendingLosses } from './internal/PendingLosses';
import { stepSeed } from './internal/seeds';
import type { StepRunner } from './internal/stepRunner';
import { toBatchSource } from './internal/toBatchSource';
import { validate } from './internal/validate';
import { softmaxCrossEntropy } from './softmaxCrossEntropy';
import { TrainingError } from './TrainingError';
import type {
  BatchEndInfo,
  BatchSource,
  EpochLog,
  FitOptions,
  History,
  SplitBatchOptions,
  TrainableModel,
} from './types';
import { yieldToEventLoop } from './yieldToEventLoop';

/**
 * Trains `model` on `train` and resolves with the per-epoch history.
 *
 * `train` is a `Split` from `@mnist-kit/datasets` (batched with its `batches`, reshuffled every
 * epoch) or any {@link BatchSource}. Each step runs inside `tf.tidy`; the loss stays on the device
 * and is read back only every `logEvery` steps and at the end of each epoch, where NaN/Infinity
 * raises `TrainingError('NON_FINITE_LOSS')` naming the epoch and step. The same seed on the same
 * backend gives the same history.
 */
export async function fit(
  model: TrainableModel,
  train: Split | BatchSource,
  options: FitOptions = {},
): Promise<History> {
  const where = 'fit';
  const epochs = checkNumber(where, 'epochs', options.epochs ?? 10, { min: 0, integer: true });
  const initialEpoch = checkNumber(where, 'initialEpoch', options.initialEpoch ?? 0, { min: 0, integer: true });
  const batchSize = checkNumber(where, 'batchSize', options.batchSize ?? 64, { min: 1, integer: true });
  const validationBatchSize = checkNumber(where, 'validationBatchSize', options.validationBatchSize ?? 1024, {
    min: 1,
    integer: true,
  });
  const seed = checkNumber(where, 'seed', options.seed ?? 0);
  const logEvery = checkNumber(where, 'logEvery', options.logEvery ?? 50, { min: 1, integer: true });
  const yieldEvery = checkNumber(where, 'yieldEvery', options.yieldEvery ?? 10, { min: 1, integer: true });
  const gradients = options.gradients ?? 'explicit';
  if (gradients !== 'explicit' && gradients !== 'autograd') {
    throw new TrainingError('BAD_OPTION', `fit: gradients must be 'explicit' or 'autograd', got ${String(gradients)}.`);
  }
  if (gradients === 'explicit' && typeof model.backward !== 'function') {
    throw new TrainingError(
      'NO_BACKWARD',
      "fit: the model has no backward(); use gradients: 'autograd' (with gradients registered) or add one.",
    );
  }
  if (typeof model.forward !== 'function' || typeof model.params !== 'object' || model.params === null) {
    throw new TrainingError('BAD_OPTION', 'fit: the model must have params and forward() (see TrainableModel).');
  }
  const { callbacks = {}, schedule, signal } = options;
  const loss = options.loss ?? softmaxCrossEntropy();
  const trackAccuracy = options.trainAccuracy ?? true;
  const layerNorms = options.layerNorms ?? false;
  const layerNormsEvery = checkNumber(where, 'layerNormsEvery', options.layerNormsEvery ?? 1, {
    min: 1,
    integer: true,
  });
  /** Read-back steps so far in this fit (norms on every `layerNormsEvery`-th, starting with the first). */
  let readBacks = 0;
  const paramNames = layerNorms ? Object.keys(model.params) : [];
  const stepEngine = options.stepEngine ?? 'auto';
  if (stepEngine !== 'auto' && stepEngine !== 'simd' && stepEngine !== 'tfjs') {
    throw new TrainingError(
      'BAD_OPTION',
      `fit: stepEngine must be 'auto', 'simd' or 'tfjs', got ${String(stepEngine)}.`,
    );
  }
  const threads = checkNumber(where, 'threads', options.threads ?? enginePlatform.cores(), { min: 1, integer: true });
  // Validation batches keep every row (no dropLast) and are never augmented.
  const { dropLast, flip, shift, inputDropout, ...splitNoDrop } = withModelScaling(model, options.splitOptions ?? {});
  const trainOptions = {
    gradients,
    trackAccuracy,
    batchSize,
    shuffle: options.shuffle ?? true,
    seed,
    split: { ...splitNoDrop, dropLast, flip, shift, inputDropout },
    threads,
  };
  const valSource =
    options.validation === undefined
      ? undefined
      : toBatchSource(options.validation, 'validation', {
          batchSize: validationBatchSize,
          shuffle: false,
          seed,
          split: splitNoDrop,
        });
  const stopper =
    options.earlyStopping === undefined
      ? undefined
      : createEarlyStopper(options.earlyStopping, valSource !== undefined, options.history?.epochs ?? []);

  const ownsOptimizer = options.optimizer === undefined;
  const optimizer = options.optimizer ?? adam();
  let runner: StepRunner | undefined;
  let reason: string | undefined;
  if (stepEngine !== 'tfjs') {
    const engine = await createEngineStepRunner(model, loss, optimizer, train, trainOptions);
    if ('reason' in engine) {
      if (stepEngine === 'simd') {
        if (ownsOptimizer) optimizer.dispose();
        throw new TrainingError(
          'ENGINE_UNAVAILABLE',
          `fit: the SIMD step engine cannot run this fit: ${engine.reason}.`,
        );
      }
      reason = engine.reason;
    } else {
      runner = engine as StepRunner;
    }
  }
  runner ??= createTfjsStepRunner(model, loss, optimizer, train, { ...trainOptions, reason }) as StepRunner;
  const history: History = {
    epochs: [...(options.history?.epochs ?? [])],
    stopped: 'completed',
    stepEngine: runner.info,
  };
  let knownSteps = runner.length;
  let finished = false;

  try {
    for (let epoch = initialEpoch; epoch < epochs; epoch++) {
      if (signal?.aborted) {
        history.stopped = 'aborted';
        history.stoppedAt = { epoch, step: 0 };
        break;
      }
      const started = now();
      const iterable = runner.batches(epoch);
      const stepsPerEpoch = runner.length ?? lengthOf(iterable) ?? knownSteps;
      await callbacks.onEpochStart?.({ epoch, stepsPerEpoch, stepEngine: runner.info });

      const pending = new PendingLosses(epoch);
      let steps = 0;
      let samples = 0;
      let learningRate = optimizer.learningRate;
      let aborted = false;
      try {
        for await (const batch of iterable as AsyncIterable<unknown>) {
          if (schedule !== undefined) {
            learningRate = schedule({
              epoch,
              step: steps,
              stepsPerEpoch: stepsPerEpoch ?? Number.NaN,
              baseLearningRate: optimizer.baseLearningRate,
            });
            if (!(Number.isFinite(learningRate) && learningRate >= 0)) {
              runner.release(batch);
              throw new TrainingError(
                'BAD_OPTION',
                `fit: the schedule returned learning rate ${learningRate} at epoch ${epoch}, step ${steps}` +
                  (stepsPerEpoch === undefined ? ' (the batch source has no length; give it one).' : '.'),
                { epoch, step: steps },
              );
            }
            optimizer.learningRate = learningRate;
          }
          // Norms only on the steps whose losses are read back (with them, in the same sync).
          const readBack = pending.length + 1 >= logEvery;
          const withNorms = layerNorms && readBack && readBacks++ % layerNormsEvery === 0;
          const {
            loss: result,
            size,
            norms,
          } = runner.step(batch, stepSeed(seed, epoch, steps), epoch, steps, withNorms);
          pending.push(result, size, steps);
          steps++;
          samples += size;
          let windowLoss: number | undefined;
          let normValues: ArrayLike<number> | undefined;
          if (pending.length >= logEvery) {
            if (norms instanceof Float64Array || norms === undefined) {
              windowLoss = await pending.flush();
              normValues = norms;
            } else {
              ({ loss: windowLoss, extra: normValues } = await pending.flushWith(norms));
            }
            runner.syncParams();
          } else if (norms !== undefined && !(norms instanceof Float64Array)) {
            norms.dispose();
          }
          if (callbacks.onBatchEnd !== undefined) {
            const seconds = (now() - started) / 1000;
            const info: BatchEndInfo = {
              epoch,
              step: steps - 1,
              stepsPerEpoch,
              samplesSeen: samples,
              samplesPerSecond: seconds > 0 ? samples / seconds : 0,
              learningRate,
            };
            if (windowLoss !== undefined) info.loss = windowLoss;
            if (normValues !== undefined) {
              const values = normValues;
              const count = paramNames.length;
              info.layerNorms = paramNames.map((name, i) => ({
                name,
                weightNorm: values[i]!,
                gradNorm: values[count + i]!,
              }));
            }
            await callbacks.onBatchEnd(info);
          }
          if (signal?.aborted) {
            aborted = true;
            break;
          }
          if (steps % yieldEvery === 0) await yieldToEventLoop();
        }
        if (aborted) {
          history.stopped = 'aborted';
          history.stoppedAt = { epoch, step: steps };
          break;
        }
        await pending.flush();
      } finally {
        pending.dispose();
      }
      knownSteps = steps;
      const trainSeconds = (now() - started) / 1000;
      await runner.sync();

      const log: EpochLog = {
        epoch,
        trainLoss: samples > 0 ? pending.lossSum / samples : Number.NaN,
        seconds: 0,
        samplesPerSecond: trainSeconds > 0 ? samples / trainSeconds : 0,
        learningRate,
      };
      if (trackAccuracy && pending.hasAccuracy && samples > 0) log.trainAccuracy = pending.correctSum / samples;
      if (valSource !== undefined) {
        const val = await validate(model, loss, valSource, epoch);
        log.valLoss = val.loss;
        if (val.accuracy !== undefined) log.valAccuracy = val.accuracy;
      }
      log.seconds = (now() - started) / 1000;
      history.epochs.push(log);
      await callbacks.onEpochEnd?.({ ...log, history });
      if (stopper?.(log)) {
        history.stopped = 'early-stopping';
        break;
      }
      await yieldToEventLoop();
    }
    finished = true;
  } finally {
    // Leave the model (and a caller's optimizer) as trained so far, also after an error — without
    // letting a failed write-back hide that error.
    const synced = runner.sync();
    try {
      if (finished) await synced;
      else await synced.catch(() => {});
    } finally {
      await runner.dispose();
      if (ownsOptimizer) optimizer.dispose();
    }
  }
  return history;
}

/**
 * `splitOptions` with the model's pixel scaling filled in (a model that records one is fed inputs scaled
 * as it was made for); a `splitOptions` scaling that disagrees with the model's is an error.
 */
function withModelScaling(model: TrainableModel, split: SplitBatchOptions): SplitBatchOptions {
  const wanted = model.pixelScaling;
  const given = split.normalize !== undefined || split.mean !== undefined || split.std !== undefined;
  if (wanted === undefined) return split;
  if (!given) return { ...split, normalize: wanted.normalize, mean: wanted.mean, std: wanted.std };
  const asked = pixelScaling(split);
  if (!sameScaling(asked, wanted)) {
    throw new TrainingError(
      'BAD_OPTION',
      `fit: splitOptions scale pixels as ${describeScaling(asked)}, but the model expects ${describeScaling(wanted)} (its pixelScaling).`,
    );
  }
  return split;
}

function describeScaling(s: PixelScaling): string {
  return s.normalize === 'unit' ? "'unit' (x/255)" : `'standardize' (mean ${s.mean}, std ${s.std})`;
}

function now(): number {
  return globalThis.performance?.now() ?? Date.now();
}

function lengthOf(iterable: unknown): number | undefined {
  const length = (iterable as { length?: unknown }).length;
  return typeof length === 'number' && Number.isInteger(length) && length >= 0 ? length : undefined;
}
