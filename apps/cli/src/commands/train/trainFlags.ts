import { stepEngineSupport } from '@mnist-kit/training';
import { type Command, Option } from 'commander';
import { addBackendOption, addDatasetOptions, addOutputOptions, type OutputFlags } from '../../commonOptions.js';
import { hiddenSizes, nonNegativeInt, numberIn, positiveInt } from '../../parseOptions.js';
import type { RunConfig } from './runConfig.js';

/** The flags of `train`: the run's settings (named as in `RunConfig`, but `--mirror`), plus where to write. */
export type TrainFlags = Omit<RunConfig, 'mirrors' | 'flip'> &
  OutputFlags & {
    mirror?: string[];
    flip?: boolean;
    out?: string;
    resume?: string;
  };

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

/** The run settings the flags describe. */
export function runConfigFromFlags(flags: TrainFlags): RunConfig {
  const { mirror, out: _out, resume: _resume, json: _json, quiet: _quiet, verbose: _verbose, flip, ...rest } = flags;
  const config: RunConfig = { ...rest, flip: flip ?? false };
  if (mirror !== undefined) config.mirrors = mirror;
  for (const key of Object.keys(config) as (keyof RunConfig)[]) if (config[key] === undefined) delete config[key];
  return config;
}
