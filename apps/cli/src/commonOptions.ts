import { NODE_BACKEND_NAMES } from '@mnist-kit/backends';
import { type Command, Option } from 'commander';
import { collect } from './parseOptions.js';

export const DATASET_NAMES = ['mnist', 'fashion-mnist', 'kmnist'] as const;

/** Flags shared by every command that reads a dataset. */
export interface DatasetFlags {
  dataset: (typeof DATASET_NAMES)[number];
  dataDir?: string;
  cacheDir?: string;
  mirror?: string[];
}

/** Flags shared by every command. */
export interface OutputFlags {
  json?: boolean;
  quiet?: boolean;
  verbose?: boolean;
}

export function addDatasetOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--dataset <name>', 'dataset to use').choices(DATASET_NAMES).default('mnist'))
    .option('--data-dir <dir>', 'read the four .gz/IDX files from this folder (no network)')
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
