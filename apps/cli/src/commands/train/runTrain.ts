import { resolve } from 'node:path';
import { DATASETS, type Dataset, type Split, splitValidation, takeSubset } from '@mnist-kit/datasets';
import { evaluate } from '@mnist-kit/evaluation';
import { createCnn, createMlp, type Model, ModelError } from '@mnist-kit/models';
import {
  adam,
  constantLr,
  cosineLr,
  createCheckpoint,
  fit,
  type History,
  type Optimizer,
  restoreCheckpoint,
  sgd,
  softmaxCrossEntropy,
  stepLr,
} from '@mnist-kit/training';
import * as tf from '@tensorflow/tfjs-core';
import type { Command } from 'commander';
import { ExitCode, usageError } from '../../CliError.js';
import { chooseBackend } from '../../chooseBackend.js';
import { DEFAULT_DATASET } from '../../commonOptions.js';
import { openRunDir } from '../../fs/openRunDir.js';
import { loadData } from '../../loadData.js';
import type { Reporter } from '../../output/createReporter.js';
import { formatTrainSummary } from '../../output/formatTrainSummary.js';
import { resumeCommand } from './resumeCommand.js';
import { CHANGEABLE_ON_RESUME, type RunConfig } from './runConfig.js';
import { checkModelFlags, flagName, optionOf, runConfigFromFlags, type TrainFlags } from './trainFlags.js';
import { readTrainingCheckpoint, type TrainingCheckpoint, writeTrainingCheckpoint } from './trainingCheckpoint.js';
import { createTrainProgress } from './trainProgress.js';
import { buildMetrics, writeResults } from './trainResults.js';

function createOptimizer(config: RunConfig): Optimizer {
  return config.optimizer === 'sgd'
    ? sgd({ learningRate: config.lr, momentum: config.momentum, weightDecay: config.weightDecay })
    : adam({ learningRate: config.lr, weightDecay: config.weightDecay, decoupled: config.weightDecay > 0 });
}

function createSchedule(config: RunConfig) {
  if (config.schedule === 'cosine') return cosineLr({ totalEpochs: config.epochs, warmupSteps: 0 });
  if (config.schedule === 'step') return stepLr({ stepSize: Math.max(1, Math.floor(config.epochs / 3)), gamma: 0.1 });
  return constantLr();
}

/**
 * The run's model for the dataset: its images' `rows × cols` pixels, one output per class, and what it
 * records of the data (scaling, class names, how a photo becomes an input). A CNN that does not fit the
 * images is a usage error.
 */
function createModel(config: RunConfig, dataset: Dataset): Model {
  const { rows, cols } = dataset.train;
  const classNames = dataset.classNames ?? DATASETS[config.dataset ?? DEFAULT_DATASET].classNames;
  const data = {
    outputSize: classNames.length,
    pixelScaling: { normalize: config.normalize },
    classNames,
    preprocessing: dataset.preprocessing ?? 'digit',
  };
  if (config.model === 'mlp') {
    return createMlp({
      inputSize: rows * cols,
      hiddenSizes: config.hidden,
      activation: config.activation,
      dropout: config.dropout,
      seed: config.seed,
      ...data,
    });
  }
  try {
    return createCnn({
      inputShape: [rows, cols, 1],
      filters: config.filters,
      kernelSize: config.kernelSize,
      padding: config.padding,
      poolSize: config.poolSize,
      denseSizes: config.dense,
      dropout: config.dropout,
      convDropout: config.convDropout,
      seed: config.seed,
      ...data,
    });
  } catch (error) {
    if (error instanceof ModelError && error.code === 'INVALID_OPTIONS') {
      throw usageError(`--model cnn on ${rows}×${cols} images: ${error.issues.join('; ')}`);
    }
    throw error;
  }
}

/**
 * The run to continue: the checkpoint's settings, with only the changeable ones taken from flags given
 * on the command line; a flag that would change the model or the data is refused.
 */
async function resumedRun(
  flags: TrainFlags,
  command: Command,
): Promise<{ stored: TrainingCheckpoint; config: RunConfig }> {
  const dir = resolve(flags.resume!);
  if (flags.out !== undefined && resolve(flags.out) !== dir) {
    throw usageError(`--out cannot differ from --resume: the run continues in ${dir}`);
  }
  const stored = await readTrainingCheckpoint(dir);
  const config: RunConfig = { ...stored.run };
  // Every setting given on the command line, of either model.
  const given = {
    ...runConfigFromFlags({ ...flags, model: 'mlp' }),
    ...runConfigFromFlags({ ...flags, model: 'cnn' }),
  };
  for (const key of Object.keys(given) as (keyof RunConfig)[]) {
    if (command.getOptionValueSource(optionOf(key)) !== 'cli') continue;
    if ((CHANGEABLE_ON_RESUME as readonly string[]).includes(key)) {
      (config as unknown as Record<string, unknown>)[key] = given[key];
      continue;
    }
    const before = (stored.run as unknown as Record<string, unknown>)[key];
    const was = before === undefined ? `no ${flagName(key)}` : JSON.stringify(before);
    throw usageError(
      `${flagName(key)} cannot change when resuming: the run in ${dir} was started with ${was} (start a new run with another --out)`,
    );
  }
  if (config.epochs <= stored.epoch) {
    throw usageError(
      `the run in ${dir} already has ${stored.epoch} epoch${stored.epoch === 1 ? '' : 's'}: resume with --epochs N above ${stored.epoch} to train more`,
    );
  }
  return { stored, config };
}

/** `train`: resume or start, lock the output folder, train, checkpoint every epoch, evaluate, save. */
export async function runTrain(flags: TrainFlags, command: Command, reporter: Reporter): Promise<number> {
  const startedAt = performance.now();
  const resumed = flags.resume === undefined ? undefined : await resumedRun(flags, command);
  const config = resumed?.config ?? runConfigFromFlags(flags);
  if (resumed === undefined) checkModelFlags(config, command);
  const outDir = resolve(flags.resume ?? flags.out ?? defaultOutDir());
  // Locked (and proved writable) before anything slow happens.
  const runDir = await openRunDir(outDir);
  const controller = new AbortController();
  let interrupts = 0;
  const onSigint = () => {
    interrupts += 1;
    if (interrupts > 1) process.exit(ExitCode.interrupted);
    reporter.info('\ninterrupted: finishing the current step and writing a checkpoint (Ctrl-C again to quit now)');
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  try {
    const selection = await chooseBackend(config.backend, reporter);
    if (config.gradients === 'autograd') {
      if (config.model === 'cnn' && tf.getKernel('Conv2DBackpropFilter', selection.backend) === undefined) {
        throw usageError(
          `--gradients autograd with --model cnn needs tfjs' Conv2DBackpropFilter kernel, which the ${selection.backend} backend lacks: use --gradients explicit (the default) or --backend cpu`,
        );
      }
      // tfjs-core alone registers no gradients; the union package's Node bundle registers them all.
      await import('@tensorflow/tfjs');
    }
    const dataset = await loadData(
      {
        dataset: config.dataset,
        dataDir: config.dataDir,
        cacheDir: config.cacheDir,
        mirror: config.mirrors,
        preprocess: config.preprocess,
      },
      reporter,
      controller.signal,
    );
    let train: Split = dataset.train;
    if (config.limit !== undefined && config.limit < train.count) train = takeSubset(train, config.limit, config.seed);
    let validation: Split | undefined;
    if (config.validationSplit > 0)
      ({ train, validation } = splitValidation(train, config.validationSplit, config.seed));
    const test = config.testLimit !== undefined ? takeSubset(dataset.test, config.testLimit) : dataset.test;

    const model = createModel(config, dataset);
    const optimizer = createOptimizer(config);
    try {
      let initialEpoch = 0;
      let previous: History | undefined;
      if (resumed) {
        const restored = restoreCheckpoint(resumed.stored.checkpoint, { model, optimizer });
        initialEpoch = restored.epoch;
        previous = restored.history;
        reporter.info(`resuming ${outDir} at epoch ${initialEpoch + 1}/${config.epochs}`);
      }
      reporter.debug(model.summary());
      const checkpoint = async (epoch: number, history: History | undefined) =>
        writeTrainingCheckpoint(
          runDir,
          await createCheckpoint({ model, optimizer, epoch, seed: config.seed, history, extra: { run: config } }),
        );
      let epochsDone = initialEpoch;
      const progress = createTrainProgress(reporter, config.epochs, initialEpoch);
      const history = await fit(model, train, {
        epochs: config.epochs,
        batchSize: config.batchSize,
        optimizer,
        loss: softmaxCrossEntropy({ labelSmoothing: config.labelSmoothing }),
        schedule: createSchedule(config),
        validation,
        seed: config.seed,
        gradients: config.gradients,
        splitOptions: { flip: config.flip, shift: config.shift, inputDropout: config.inputDropout },
        initialEpoch,
        history: previous,
        signal: controller.signal,
        stepEngine: config.stepEngine,
        threads: config.threads,
        callbacks: {
          onEpochStart: (info) => progress.onEpochStart(info),
          onBatchEnd: (info) => progress.onBatchEnd(info),
          onEpochEnd: async (info) => {
            progress.onEpochEnd(info);
            await checkpoint(info.epoch + 1, info.history);
            epochsDone = info.epoch + 1;
          },
        },
      });
      progress.stop();

      if (history.stopped === 'aborted') {
        // A run stopped before its first epoch still leaves a checkpoint to resume from.
        if (!resumed && epochsDone === 0) await checkpoint(0, previous);
        reporter.info(`checkpoint saved after epoch ${epochsDone}/${config.epochs} in ${outDir}`);
        reporter.info(`resume with: ${resumeCommand(outDir)}`);
        if (reporter.json) reporter.emitJson({ command: 'train', interrupted: true, epochsDone, outDir });
        return ExitCode.interrupted;
      }

      const evaluation = await evaluate(model, test, { batchSize: 1000 });
      const classNames = [...(model.config.classNames ?? DATASETS[config.dataset ?? DEFAULT_DATASET].classNames)];
      const metrics = buildMetrics({
        config,
        dataset: { ...dataset, classNames },
        backend: selection,
        history,
        evaluation,
        model,
        trainCount: train.count,
        testCount: test.count,
        firstStepSeconds: progress.firstStepSeconds,
        startedAt,
        outDir,
      });
      const folder = await runDir.newResultSet();
      await writeResults(folder, model, metrics, classNames, { train, test, evaluation });
      await runDir.commitResults(folder);
      reporter.result(formatTrainSummary(metrics, evaluation, classNames));
      reporter.emitJson(metrics);
      return ExitCode.ok;
    } finally {
      model.dispose();
      optimizer.dispose();
    }
  } finally {
    process.off('SIGINT', onSigint);
    await runDir.close();
  }
}

/** The default `--out`: `runs/<timestamp>` under the current directory. */
export function defaultOutDir(now = new Date()): string {
  const stamp = now.toISOString().replace(/[:.]/g, '-').replace('T', '_').slice(0, 19);
  return `runs/${stamp}`;
}
