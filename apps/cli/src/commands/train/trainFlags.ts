import { stepEngineSupport } from '@mnist-kit/training';
import { type Command, Option } from 'commander';
import { usageError } from '../../CliError.js';
import {
  addBackendOption,
  addDatasetOptions,
  addOutputOptions,
  datasetName,
  type OutputFlags,
} from '../../commonOptions.js';
import { hiddenSizes, nonNegativeInt, numberIn, positiveInt } from '../../parseOptions.js';
import { MODEL_SETTINGS, MODELS, type RunConfig } from './runConfig.js';

/** The flags of `train`: the run's settings (named as in `RunConfig`, but `--mirror`), plus where to write. */
export type TrainFlags = Omit<RunConfig, 'mirrors' | 'flip' | 'model'> &
  OutputFlags & {
    model?: RunConfig['model'];
    mirror?: string[];
    flip?: boolean;
    out?: string;
    resume?: string;
  };

/** The CNN's defaults (`--model cnn`), shown in `--help`: the shape of tfjs' MNIST example and LeNet. */
export const CNN_DEFAULTS = {
  filters: [8, 16],
  kernelSize: [5],
  dense: [128],
  padding: 'valid',
  poolSize: 2,
  convDropout: 0,
} as const satisfies Partial<RunConfig>;

/** `--filters 8,16` etc.: comma-separated positive integers (`allowEmpty`: '' is none). */
function sizeList(flag: string, example: string, allowEmpty = false) {
  return (value: string): number[] => {
    if (allowEmpty && value.trim() === '') return [];
    const parts = value.split(',').map((p) => p.trim());
    if (parts.some((p) => !/^\d+$/.test(p) || Number(p) <= 0)) {
      throw usageError(
        `${flag} must be comma-separated positive integers like ${example}${allowEmpty ? " (or '' for none)" : ''}, got '${value}'`,
      );
    }
    return parts.map(Number);
  };
}

/** Commander's option name for each `RunConfig` key that differs from it. */
export const FLAG_OF: Partial<Record<keyof RunConfig, string>> = { mirrors: 'mirror' };

/** Adds every `train` option, with its help and validation. */
export function addTrainOptions(cmd: Command): Command {
  addDatasetOptions(cmd);
  cmd
    .option('--epochs <n>', 'epochs to train (in total, when resuming: extends the run)', positiveInt('--epochs'), 10)
    .option('--batch-size <n>', 'mini-batch size', positiveInt('--batch-size'), 64)
    .option('--lr <x>', 'learning rate', numberIn('--lr', { min: 0, minInclusive: false }), 0.001)
    .addOption(
      new Option('--model <kind>', "the model: 'mlp' (dense layers) or 'cnn' (a convolutional network)")
        .choices(MODELS)
        .default('mlp'),
    )
    .addOption(
      new Option('--hidden <sizes>', '(mlp) hidden layer widths, comma-separated')
        .argParser(hiddenSizes)
        .default([128, 128], '128,128'),
    )
    .addOption(
      new Option('--activation <name>', '(mlp) hidden activation')
        .choices(['relu', 'tanh', 'sigmoid', 'gelu'])
        .default('relu'),
    )
    .option(
      '--filters <list>',
      `(cnn) filters of each conv block (Conv2D → ReLU → max-pool), comma-separated (default: ${CNN_DEFAULTS.filters.join(',')})`,
      sizeList('--filters', '8,16'),
    )
    .option(
      '--kernel-size <k>',
      `(cnn) kernel size of the convolutions: one for all, or one per block like 5,3 (default: ${CNN_DEFAULTS.kernelSize.join(',')})`,
      sizeList('--kernel-size', '5 or 5,3'),
    )
    .option(
      '--dense <sizes>',
      `(cnn) widths of the dense layers after the flatten, comma-separated, '' for none (default: ${CNN_DEFAULTS.dense.join(',')})`,
      sizeList('--dense', '128', true),
    )
    .addOption(
      new Option('--padding <how>', `(cnn) padding of the convolutions (default: ${CNN_DEFAULTS.padding})`).choices([
        'valid',
        'same',
      ]),
    )
    .option(
      '--pool-size <n>',
      `(cnn) max-pooling window and stride after each convolution, 1 for none (default: ${CNN_DEFAULTS.poolSize})`,
      positiveInt('--pool-size'),
    )
    .option(
      '--conv-dropout <p>',
      `(cnn) dropout rate after each conv block (default: ${CNN_DEFAULTS.convDropout})`,
      numberIn('--conv-dropout', { min: 0, max: 1, maxInclusive: false }),
    )
    .option(
      '--dropout <p>',
      'dropout rate after each hidden (mlp) or dense (cnn) layer',
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
    .addOption(
      new Option('--normalize <how>', "pixel scaling: 'unit' (x/255) or 'standardize' (MNIST's mean and std)")
        .choices(['unit', 'standardize'])
        .default('unit'),
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
    .option('--resume <dir>', 'continue the run checkpointed in this folder (with --epochs N: up to N epochs in all)');
  addBackendOption(cmd);
  addOutputOptions(cmd);
  return cmd;
}

/**
 * The run settings the flags describe: the chosen model's settings (the CNN's defaults filled in), not the
 * other model's.
 */
export function runConfigFromFlags(flags: TrainFlags): RunConfig {
  const {
    mirror,
    out: _out,
    resume: _resume,
    json: _json,
    quiet: _quiet,
    verbose: _verbose,
    flip,
    model = 'mlp',
    hidden,
    activation,
    filters,
    kernelSize,
    dense,
    padding,
    poolSize,
    convDropout,
    ...rest
  } = flags;
  const config: RunConfig = { ...rest, model, flip: flip ?? false };
  if (model === 'cnn') {
    config.filters = filters ?? [...CNN_DEFAULTS.filters];
    config.kernelSize = kernelSize ?? [...CNN_DEFAULTS.kernelSize];
    config.dense = dense ?? [...CNN_DEFAULTS.dense];
    config.padding = padding ?? CNN_DEFAULTS.padding;
    config.poolSize = poolSize ?? CNN_DEFAULTS.poolSize;
    config.convDropout = convDropout ?? CNN_DEFAULTS.convDropout;
  } else {
    config.hidden = hidden;
    config.activation = activation;
  }
  if (mirror !== undefined) config.mirrors = mirror;
  config.dataset = datasetName(flags);
  for (const key of Object.keys(config) as (keyof RunConfig)[]) if (config[key] === undefined) delete config[key];
  return config;
}

/** Commander's option name (attribute) of each `RunConfig` key, for `getOptionValueSource`. */
export const optionOf = (key: keyof RunConfig): string => FLAG_OF[key] ?? key;

/** `--kernel-size` for `kernelSize`. */
export const flagName = (key: string): string =>
  `--${(FLAG_OF[key as keyof RunConfig] ?? key).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/**
 * Refuses, for a new run, the flags of the other model (`--hidden` with `--model cnn`, `--filters` without it)
 * and combinations the CNN cannot train with, each as one usage line.
 */
export function checkModelFlags(config: RunConfig, command: Command): void {
  const given = (key: keyof RunConfig) => command.getOptionValueSource(optionOf(key)) === 'cli';
  const other = config.model === 'mlp' ? 'cnn' : 'mlp';
  for (const key of MODEL_SETTINGS[other]) {
    if (!given(key)) continue;
    const hint =
      key === 'hidden'
        ? " (the CNN's dense layers are --dense)"
        : key === 'activation'
          ? ' (the CNN uses ReLU)'
          : ` (add --model ${other})`;
    throw usageError(`${flagName(key)} applies to --model ${other}${hint}`);
  }
  if (config.model !== 'cnn') return;
  const { filters = [], kernelSize = [] } = config;
  if (kernelSize.length !== 1 && kernelSize.length !== filters.length) {
    throw usageError(
      `--kernel-size gives ${kernelSize.length} sizes for ${filters.length} conv blocks (--filters): give one size, or one per block`,
    );
  }
  if (config.stepEngine === 'simd') {
    throw usageError(
      '--step-engine simd trains dense layers only: the CNN runs on tfjs ops (--step-engine auto or tfjs)',
    );
  }
}
