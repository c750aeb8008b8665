import { NODE_BACKEND_NAMES } from '@mnist-kit/backends';
import type { ImagePreprocessing } from '@mnist-kit/datasets';
import { type Command, Option } from 'commander';
import { collect } from './parseOptions.js';

export const DATASET_NAMES = ['mnist', 'fashion-mnist', 'kmnist'] as const;

/** The dataset of a command given no `--dataset` (and, for `--data-dir`, see {@link datasetName}). */
export const DEFAULT_DATASET = 'mnist';

/** Flags shared by every command that reads a dataset. */
export interface DatasetFlags {
  /**
   * `--dataset`. Absent: `mnist` — except with `--data-dir`, where IDX files are then read as any
   * MNIST-format data (EMNIST, your own), classes `0` … the largest label (see {@link datasetName}).
   */
  dataset?: (typeof DATASET_NAMES)[number];
  dataDir?: string;
  cacheDir?: string;
  mirror?: string[];
  /** `--preprocess`: how an image folder's images become 28 × 28 (`loadDataset`'s `preprocess`). */
  preprocess?: ImagePreprocessing;
}

/**
 * The built-in dataset the flags name: `--dataset`, else `mnist` — or none for `--data-dir` without
 * `--dataset`, so that a folder of IDX files with more than 10 classes (EMNIST letters, your own) loads.
 */
export function datasetName(flags: Pick<DatasetFlags, 'dataset' | 'dataDir'>): DatasetFlags['dataset'] {
  return flags.dataset ?? (flags.dataDir === undefined ? DEFAULT_DATASET : undefined);
}

/** The modes of `--preprocess` (datasets' `preprocessImage`). */
export const PREPROCESS_MODES = ['digit', 'resize'] as const;

/** Flags shared by every command. */
export interface OutputFlags {
  json?: boolean;
  quiet?: boolean;
  verbose?: boolean;
}

export function addDatasetOptions(cmd: Command): Command {
  return cmd
    .addOption(
      new Option(
        '--dataset <name>',
        'dataset to use (default: mnist); with --data-dir, whose IDX files the folder holds (their class names) — without it, any MNIST-format IDX files, classes 0…the largest label',
      ).choices(DATASET_NAMES),
    )
    .option(
      '--data-dir <dir>',
      'read local data (no network): the four .gz/IDX files, an image folder per class (train/<class>/*.png|jpg, optional test/), or Kaggle train.csv (+ test.csv)',
    )
    .addOption(
      new Option(
        '--preprocess <mode>',
        "image folders: how each image becomes 28×28 — 'resize' keeps the picture as framed, 'digit' crops to the ink and centres it like MNIST (default: resize; eval: what the model records)",
      ).choices(PREPROCESS_MODES),
    )
    .option('--cache-dir <dir>', 'download cache (default: $MNIST_KIT_CACHE or ~/.cache/mnist-kit)')
    .option('--mirror <url>', 'mirror base URL; repeatable; replaces the built-in list', collect);
}

export function addBackendOption(cmd: Command): Command {
  return cmd.addOption(
    new Option('--backend <name>', 'tfjs backend: auto picks the best that loads')
      .choices(['auto', ...NODE_BACKEND_NAMES])
      .default('auto'),
  );
}

export function addOutputOptions(cmd: Command): Command {
  return cmd
    .option('--json', 'print one JSON object on stdout at the end')
    .option('--quiet', 'print errors only')
    .option('--verbose', 'more detail, and stack traces on errors');
}
