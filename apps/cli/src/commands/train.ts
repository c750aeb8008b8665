import { join, resolve } from 'node:path';
import { DATASETS, type Split, splitValidation, takeSubset } from '@mnist-kit/datasets';
import { evaluate } from '@mnist-kit/evaluation';
import { type Activation, createMlp } from '@mnist-kit/models';
import { saveMlpToDir } from '@mnist-kit/models/node';
import {
  adam,
  type Checkpoint,
  constantLr,
  cosineLr,
  createCheckpoint,
  type EpochEndInfo,
  fit,
  type History,
  type Optimizer,
  restoreCheckpoint,
  type StepEngineInfo,
  sgd,
  softmaxCrossEntropy,
  stepEngineSupport,
  stepLr,
} from '@mnist-kit/training';
import { Command, Option } from 'commander';
import { CliError, ExitCode } from '../CliError.js';
import { CHECKPOINT_BIN, CHECKPOINT_JSON, readCheckpointFiles, writeCheckpointFiles } from '../checkpointFiles.js';
import { chooseBackend } from '../chooseBackend.js';
import {
  addBackendOption,
  addDatasetOptions,
  addOutputOptions,
  type DatasetFlags,
  type OutputFlags,
} from '../commonOptions.js';
import { loadData } from '../loadData.js';
import { createStaging, defaultOutDir, writeFileAtomic } from '../outDir.js';
import { createReporter, type ProgressHandle, type Reporter } from '../output/createReporter.js';
import { formatHistoryCsv } from '../output/formatHistoryCsv.js';
import { formatTrainSummary } from '../output/formatTrainSummary.js';
import { renderReport } from '../output/renderReport.js';
import { hiddenSizes, nonNegativeInt, numberIn, positiveInt } from '../parseOptions.js';
import { tfjsCoreCopies } from '../tfjsCoreCopies.js';

/** Settings of a training run: stored in the checkpoint so `--resume` rebuilds the same run. */
export interface RunConfig {
  dataset: DatasetFlags['dataset'];
  hidden: number[];
  activation: Activation;
  dropout: number;
  optimizer: 'adam' | 'sgd';
  lr: number;
  momentum: number;
  weightDecay: number;
  schedule: 'constant' | 'cosine' | 'step';
  labelSmoothing: number;
  batchSize: number;
  epochs: number;
  seed: number;
  validationSplit: number;
  limit?: number;
  gradients: 'explicit' | 'autograd';
  /** Random left–right mirroring of training images (absent in checkpoints of older runs). */
  flip?: boolean;
  /** Random translation of training images by up to this many pixels (absent in older checkpoints). */
  shift?: number;
  /** Input dropout on training images (absent in older checkpoints). */
  inputDropout?: number;
}

interface TrainFlags extends DatasetFlags, OutputFlags {
  epochs: number;
  batchSize: number;
  lr: number;
  hidden: number[];
  activation: Activation;
  dropout: number;
  optimizer: 'adam' | 'sgd';
  momentum: number;
  weightDecay: number;
  schedule: RunConfig['schedule'];
  labelSmoothing: number;
  seed: number;
  validationSplit: number;
  limit?: number;
  testLimit?: number;
  gradients: RunConfig['gradients'];
  flip?: boolean;
  shift: number;
  inputDropout: number;
  backend: string;
  threads?: number;
  stepEngine: 'auto' | 'simd' | 'tfjs';
  out?: string;
  resume?: string;
}

export function createTrainCommand(): Command {
  const cmd = new Command('train').description('train the MLP, evaluate it on the test set, and save model + report');
  addDatasetOptions(cmd);
  cmd
    .option('--epochs <n>', 'epochs to train (total, when resuming)', positiveInt('--epochs'), 10)
    .option('--batch-size <n>', 'mini-batch size', positiveInt('--batch-size'), 64)
    .option('--lr <x>', 'learning rate', numberIn('--lr', { min: 0, minInclusive: false }), 0.001)
    .addOption(
      new Option('--hidden <sizes>', 'hidden layer widths, comma-separated')
        .argParser(hiddenSizes)
        .default([128, 128], '128,128'),
    )
    .addOption(
      new Option('--activation <name>', 'hidden activation')
        .choices(['relu', 'tanh', 'sigmoid', 'gelu'])
        .default('relu'),
    )
    .option(
      '--dropout <p>',
      'dropout rate after each hidden layer',
      numberIn('--dropout', { min: 0, max: 1, maxInclusive: false }),
      0,
    )
    .addOption(new Option('--optimizer <name>', 'optimizer').choices(['adam', 'sgd']).default('adam'))
    .option('--momentum <x>', 'SGD momentum', numberIn('--momentum', { min: 0, max: 1, maxInclusive: false }), 0.9)
    .option('--weight-decay <x>', 'weight decay (AdamW-style for adam)', numberIn('--weight-decay', { min: 0 }), 0)
    .addOption(
      new Option('--schedule <name>', 'learning-rate schedule')
        .choices(['constant', 'cosine', 'step'])
        .default('constant'),
    )
    .option(
      '--label-smoothing <x>',
      'label smoothing',
      numberIn('--label-smoothing', { min: 0, max: 1, maxInclusive: false }),
      0,
    )
    .option('--seed <n>', 'random seed (init, shuffling, dropout)', nonNegativeInt('--seed'), 0)
    .option(
      '--validation-split <f>',
      'fraction of train held out for validation',
      numberIn('--validation-split', { min: 0, max: 1, maxInclusive: false }),
      0,
    )
    .option('--flip', 'augment: mirror training images left-right at random (clothes yes, digits no)')
    .option(
      '--shift <px>',
      'augment: translate training images by up to N pixels at random',
      nonNegativeInt('--shift'),
      0,
    )
    .option(
      '--input-dropout <p>',
      'augment: zero each training pixel with probability p (input dropout)',
      numberIn('--input-dropout', { min: 0, max: 1, maxInclusive: false }),
      0,
    )
    .option('--limit <n>', 'train on the first N images of a seeded shuffle', positiveInt('--limit'))
    .option('--test-limit <n>', 'evaluate on the first N test images', positiveInt('--test-limit'))
    .addOption(
      new Option('--gradients <how>', 'hand-written backward pass or tfjs autograd')
        .choices(['explicit', 'autograd'])
        .default('explicit'),
    )
    .option(
      '--threads <n>',
      `threads of the SIMD training engine (default: ${stepEngineSupport().defaultThreads}, the cores this machine offers)`,
      positiveInt('--threads'),
    )
    .addOption(
      new Option('--step-engine <name>', 'what runs the training steps: the SIMD engine, tfjs ops, or auto')
        .choices(['auto', 'simd', 'tfjs'])
        .default('auto'),
    )
    .option('--out <dir>', 'output folder (default: runs/<timestamp>)')
    .option('--resume <dir>', 'continue the run checkpointed in this folder');
  addBackendOption(cmd);
  addOutputOptions(cmd);
  cmd.action(async (flags: TrainFlags, command: Command) => {
    const reporter = createReporter(flags);
    const code = await runTrain(flags, command, reporter);
    process.exitCode = code;
  });
  return cmd;
}

function configFromFlags(flags: TrainFlags): RunConfig {
  return {
    dataset: flags.dataset,
    hidden: flags.hidden,
    activation: flags.activation,
    dropout: flags.dropout,
    optimizer: flags.optimizer,
    lr: flags.lr,
    momentum: flags.momentum,
    weightDecay: flags.weightDecay,
    schedule: flags.schedule,
    labelSmoothing: flags.labelSmoothing,
    batchSize: flags.batchSize,
    epochs: flags.epochs,
    seed: flags.seed,
    validationSplit: flags.validationSplit,
    limit: flags.limit,
    gradients: flags.gradients,
    flip: flags.flip ?? false,
    shift: flags.shift,
    inputDropout: flags.inputDropout,
  };
}

/** One line on what runs the steps, e.g. `SIMD engine (relaxed-simd), 2 threads` or `tfjs ops on webgl (…)`. */
function describeStepEngine(info: StepEngineInfo): string {
  if (info.name === 'simd') return `SIMD engine (${info.isa}), ${info.threads} thread${info.threads === 1 ? '' : 's'}`;
  return `tfjs ops on ${info.backend}${info.reason === undefined ? '' : ` (SIMD engine not used: ${info.reason})`}`;
}

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

async function runTrain(flags: TrainFlags, command: Command, reporter: Reporter): Promise<number> {
  const startedAt = performance.now();
  let resumed: { checkpoint: Checkpoint; config: RunConfig } | undefined;
  if (flags.resume) {
    const { checkpoint, run } = await readCheckpointFiles(flags.resume);
    const config = run as RunConfig;
    // Explicit flags override the stored run for things that may change on resume.
    if (command.getOptionValueSource('epochs') === 'cli') config.epochs = flags.epochs;
    resumed = { checkpoint, config };
  }
  const config = resumed?.config ?? configFromFlags(flags);
  const outDir = resolve(flags.out ?? flags.resume ?? defaultOutDir());

  const selection = await chooseBackend(flags.backend, reporter);
  if (config.gradients === 'autograd') {
    // tfjs-core alone registers no gradients; the union package's Node bundle registers them all.
    await import('@tensorflow/tfjs');
  }
  const controller = new AbortController();
  let interrupts = 0;
  const onSigint = () => {
    interrupts += 1;
    if (interrupts > 1) process.exit(ExitCode.interrupted);
    reporter.info('\ninterrupted: finishing the current step and writing a checkpoint (Ctrl-C again to quit now)');
    controller.abort();
  };
  process.on('SIGINT', onSigint);

  const dataset = await loadData({ ...flags, dataset: config.dataset }, reporter, controller.signal);
  let train: Split = dataset.train;
  if (config.limit !== undefined && config.limit < train.count) train = takeSubset(train, config.limit, config.seed);
  let validation: Split | undefined;
  if (config.validationSplit > 0) ({ train, validation } = splitValidation(train, config.validationSplit, config.seed));
  const test = flags.testLimit !== undefined ? takeSubset(dataset.test, flags.testLimit) : dataset.test;

  const model = createMlp({
    inputSize: train.rows * train.cols,
    hiddenSizes: config.hidden,
    activation: config.activation,
    dropout: config.dropout,
    seed: config.seed,
  });
  const optimizer = createOptimizer(config);
  let initialEpoch = 0;
  let previous: History | undefined;
  if (resumed) {
    const restored = restoreCheckpoint(resumed.checkpoint, { model, optimizer });
    initialEpoch = restored.epoch;
    previous = restored.history;
    reporter.info(`resuming ${flags.resume} at epoch ${initialEpoch + 1}/${config.epochs}`);
  }
  reporter.debug(model.summary());

  const staging = await createStaging(outDir);
  try {
    const stepsPerEpoch = config.batchSize > 0 ? Math.ceil(train.count / config.batchSize) : 0;
    let bar: ProgressHandle = { update() {}, stop() {} };
    // The loss is read back every few steps (not every step: that would sync the backend); show the last one.
    let lastLoss = '-';
    let firstStepSeconds: number | undefined;
    let lastCheckpoint = await createCheckpoint({
      model,
      optimizer,
      epoch: initialEpoch,
      seed: config.seed,
      history: previous,
    });
    const history = await fit(model, train, {
      epochs: config.epochs,
      batchSize: config.batchSize,
      optimizer,
      loss: softmaxCrossEntropy({ labelSmoothing: config.labelSmoothing }),
      schedule: createSchedule(config),
      validation,
      seed: config.seed,
      gradients: config.gradients,
      splitOptions: { flip: config.flip ?? false, shift: config.shift ?? 0, inputDropout: config.inputDropout ?? 0 },
      initialEpoch,
      history: previous,
      signal: controller.signal,
      stepEngine: flags.stepEngine,
      threads: flags.threads,
      callbacks: {
        onEpochStart: ({ epoch, stepEngine }) => {
          if (epoch === initialEpoch) reporter.info(`steps: ${describeStepEngine(stepEngine)}`);
          bar.stop();
          bar = reporter.bar(
            `epoch ${epoch + 1}/${config.epochs} |{bar}| {value}/{total} loss {loss} | {sps} samples/s | ETA {eta}s`,
            stepsPerEpoch,
            { loss: lastLoss, sps: '-' },
          );
        },
        onBatchEnd: (info) => {
          // performance.now() counts from process start: this is "command start → first training step".
          firstStepSeconds ??= performance.now() / 1000;
          if (info.loss !== undefined) lastLoss = info.loss.toFixed(4);
          bar.update(info.step + 1, {
            loss: lastLoss,
            sps: Math.round(info.samplesPerSecond ?? 0),
          });
        },
        onEpochEnd: async (info: EpochEndInfo) => {
          bar.stop();
          const e = info;
          const val =
            e.valLoss === undefined
              ? ''
              : ` val_loss ${e.valLoss.toFixed(4)} val_acc ${(e.valAccuracy ?? 0).toFixed(4)}`;
          reporter.info(
            `epoch ${e.epoch + 1}/${config.epochs} loss ${e.trainLoss.toFixed(4)}${val} ${e.seconds.toFixed(2)} s ${Math.round(e.samplesPerSecond)} samples/s`,
          );
          lastCheckpoint = await createCheckpoint({
            model,
            optimizer,
            epoch: e.epoch + 1,
            seed: config.seed,
            history: info.history,
          });
          await writeCheckpointFiles(staging.dir, lastCheckpoint, config);
        },
      },
    });
    bar.stop();

    if (history.stopped === 'aborted') {
      await writeCheckpointFiles(staging.dir, lastCheckpoint, config);
      await staging.commit([CHECKPOINT_BIN, CHECKPOINT_JSON]);
      const done = (lastCheckpoint.manifest as { epoch: number }).epoch;
      reporter.info(`checkpoint saved after epoch ${done}/${config.epochs} in ${outDir}`);
      reporter.info(`resume with: pnpm --filter cli start train --resume ${outDir}`);
      if (reporter.json) reporter.emitJson({ command: 'train', interrupted: true, epochsDone: done, outDir });
      return ExitCode.interrupted;
    }

    const evaluation = await evaluate(model, test, { batchSize: 1000 });
    const epochs = history.epochs;
    const trainSeconds = epochs.reduce((s, e) => s + e.seconds, 0);
    const samples = epochs.reduce((s, e) => s + e.seconds * e.samplesPerSecond, 0);
    const classNames = DATASETS[config.dataset].classNames;
    const metrics = {
      command: 'train',
      backend: selection.name,
      backendDetail: selection.description,
      stepEngine: history.stepEngine,
      threads: history.stepEngine?.threads,
      dataset: config.dataset,
      epochs: config.epochs,
      batchSize: config.batchSize,
      learningRate: config.lr,
      optimizer: config.optimizer,
      hidden: config.hidden,
      activation: config.activation,
      dropout: config.dropout,
      seed: config.seed,
      gradients: config.gradients,
      flip: config.flip ?? false,
      shift: config.shift ?? 0,
      inputDropout: config.inputDropout ?? 0,
      params: model.paramCount,
      trainCount: train.count,
      testCount: test.count,
      trainSeconds,
      epochSeconds: epochs.map((e) => e.seconds),
      samplesPerSecond: trainSeconds > 0 ? samples / trainSeconds : 0,
      finalTrainLoss: epochs.at(-1)?.trainLoss ?? Number.NaN,
      finalValLoss: epochs.at(-1)?.valLoss,
      finalValAccuracy: epochs.at(-1)?.valAccuracy,
      testLoss: evaluation.loss,
      testAccuracy: evaluation.accuracy,
      macroF1: evaluation.macroF1,
      confusionMatrix: evaluation.confusionMatrix,
      perClass: evaluation.perClass,
      history: epochs,
      firstStepSeconds,
      tfjsCoreCopies: tfjsCoreCopies().length,
      wallSeconds: (performance.now() - startedAt) / 1000,
      outDir,
    };

    await saveMlpToDir(model, staging.dir);
    await writeFileAtomic(join(staging.dir, 'metrics.json'), JSON.stringify(metrics, null, 2));
    await writeFileAtomic(join(staging.dir, 'history.csv'), formatHistoryCsv(epochs));
    await writeFileAtomic(
      join(staging.dir, 'report.html'),
      renderReport({
        title: `mnist-kit · ${config.dataset} · ${config.hidden.join('-')} ${config.activation}`,
        dataset: config.dataset,
        backend: selection.name,
        params: model.paramCount,
        testAccuracy: evaluation.accuracy,
        testLoss: evaluation.loss,
        trainSeconds,
        classNames: [...classNames],
        confusionMatrix: evaluation.confusionMatrix,
        history: epochs,
      }),
    );
    await staging.commit([
      'model.json',
      'weights.bin',
      'metrics.json',
      'history.csv',
      'report.html',
      CHECKPOINT_BIN,
      CHECKPOINT_JSON,
    ]);
    reporter.result(formatTrainSummary(metrics, evaluation, [...classNames]));
    reporter.emitJson(metrics);
    return ExitCode.ok;
  } catch (error) {
    await staging.discard();
    if (error instanceof CliError) throw error;
    throw error;
  } finally {
    process.off('SIGINT', onSigint);
    model.dispose();
    optimizer.dispose();
  }
}
