import type { Activation, Padding } from '@mnist-kit/models';
import { CliError } from '../../CliError.js';
import { DATASET_NAMES } from '../../commonOptions.js';

/**
 * Everything that defines a training run: stored in every checkpoint (`manifest.extra.run`), so that
 * `train --resume DIR` alone continues the same run — same data, model, optimizer, schedule,
 * augmentation, seed and backend preference.
 */
export interface RunConfig {
  /** The built-in dataset (`datasetName`): absent for `--data-dir` without `--dataset` (any MNIST-format IDX files). */
  dataset?: (typeof DATASET_NAMES)[number];
  /** Where the data was read from (`--data-dir`, `--cache-dir`, `--mirror`). */
  dataDir?: string;
  cacheDir?: string;
  mirrors?: string[];
  /** `--preprocess`: how an image folder's images become 28 × 28 (absent: `'resize'`, the loader's default). */
  preprocess?: 'digit' | 'resize';
  /** Which model: `'mlp'` or `'cnn'` (`createCnn`). Checkpoints written before there was a choice are MLP runs. */
  model: 'mlp' | 'cnn';
  /** MLP only: hidden layer widths. */
  hidden?: number[];
  /** MLP only: hidden activation (the CNN uses ReLU). */
  activation?: Activation;
  /** CNN only: filters of each conv block. */
  filters?: number[];
  /** CNN only: kernel size of the convolutions, one for all or one per block. */
  kernelSize?: number[];
  /** CNN only: widths of the Dense layers after the flatten (`[]`: the flatten feeds the logits). */
  dense?: number[];
  /** CNN only: the convolutions' padding. */
  padding?: Padding;
  /** CNN only: max-pooling window and stride after each convolution (1: none). */
  poolSize?: number;
  /** CNN only: dropout after each conv block. */
  convDropout?: number;
  /** Dropout after each hidden (MLP) or dense (CNN) layer. */
  dropout: number;
  optimizer: 'adam' | 'sgd';
  lr: number;
  momentum: number;
  weightDecay: number;
  schedule: 'constant' | 'cosine' | 'step';
  labelSmoothing: number;
  batchSize: number;
  /** Epochs in total. */
  epochs: number;
  seed: number;
  validationSplit: number;
  /** How pixel bytes become inputs (`'unit'`: x/255; `'standardize'`: MNIST's mean and std). */
  normalize: 'unit' | 'standardize';
  limit?: number;
  testLimit?: number;
  gradients: 'explicit' | 'autograd';
  flip: boolean;
  shift: number;
  inputDropout: number;
  /** `--backend` as given (`auto` or a name). */
  backend: string;
  stepEngine: 'auto' | 'simd' | 'tfjs';
  threads?: number;
}

/** The models `train --model` builds. */
export const MODELS = ['mlp', 'cnn'] as const;

/** The settings that describe each model (present in its runs, absent from the other's). */
export const MODEL_SETTINGS = {
  mlp: ['hidden', 'activation'],
  cnn: ['filters', 'kernelSize', 'dense', 'padding', 'poolSize', 'convDropout'],
} as const satisfies Record<(typeof MODELS)[number], readonly (keyof RunConfig)[]>;

type Field =
  | { kind: 'int'; min: number }
  | { kind: 'number'; min: number; max?: number; below?: number }
  | { kind: 'bool' }
  | { kind: 'string' }
  | { kind: 'strings' }
  | { kind: 'ints' }
  | { kind: 'sizes' }
  | { kind: 'enum'; values: readonly string[] };

/** The shape of a valid `RunConfig`, field by field (`?` marks optional ones). */
const FIELDS: Record<string, Field & { optional?: boolean }> = {
  dataset: { kind: 'enum', values: DATASET_NAMES, optional: true },
  dataDir: { kind: 'string', optional: true },
  cacheDir: { kind: 'string', optional: true },
  mirrors: { kind: 'strings', optional: true },
  preprocess: { kind: 'enum', values: ['digit', 'resize'], optional: true },
  model: { kind: 'enum', values: MODELS },
  hidden: { kind: 'sizes', optional: true },
  activation: { kind: 'enum', values: ['relu', 'tanh', 'sigmoid', 'gelu'], optional: true },
  filters: { kind: 'ints', optional: true },
  kernelSize: { kind: 'ints', optional: true },
  dense: { kind: 'sizes', optional: true },
  padding: { kind: 'enum', values: ['valid', 'same'], optional: true },
  poolSize: { kind: 'int', min: 1, optional: true },
  convDropout: { kind: 'number', min: 0, below: 1, optional: true },
  dropout: { kind: 'number', min: 0, below: 1 },
  optimizer: { kind: 'enum', values: ['adam', 'sgd'] },
  lr: { kind: 'number', min: 0 },
  momentum: { kind: 'number', min: 0, below: 1 },
  weightDecay: { kind: 'number', min: 0 },
  schedule: { kind: 'enum', values: ['constant', 'cosine', 'step'] },
  labelSmoothing: { kind: 'number', min: 0, below: 1 },
  batchSize: { kind: 'int', min: 1 },
  epochs: { kind: 'int', min: 1 },
  seed: { kind: 'int', min: 0 },
  validationSplit: { kind: 'number', min: 0, below: 1 },
  normalize: { kind: 'enum', values: ['unit', 'standardize'] },
  limit: { kind: 'int', min: 1, optional: true },
  testLimit: { kind: 'int', min: 1, optional: true },
  gradients: { kind: 'enum', values: ['explicit', 'autograd'] },
  flip: { kind: 'bool' },
  shift: { kind: 'int', min: 0 },
  inputDropout: { kind: 'number', min: 0, below: 1 },
  backend: { kind: 'string' },
  stepEngine: { kind: 'enum', values: ['auto', 'simd', 'tfjs'] },
  threads: { kind: 'int', min: 1, optional: true },
};

function problem(value: unknown, field: Field): string | undefined {
  switch (field.kind) {
    case 'int':
      return Number.isInteger(value) && (value as number) >= field.min ? undefined : `an integer ≥ ${field.min}`;
    case 'number': {
      const n = value as number;
      const ok =
        typeof n === 'number' &&
        Number.isFinite(n) &&
        n >= field.min &&
        (field.max === undefined || n <= field.max) &&
        (field.below === undefined || n < field.below);
      return ok
        ? undefined
        : `a number in [${field.min}, ${field.below ?? field.max ?? '∞'}${field.below === undefined ? ']' : ')'}`;
    }
    case 'bool':
      return typeof value === 'boolean' ? undefined : 'true or false';
    case 'string':
      return typeof value === 'string' && value !== '' ? undefined : 'a string';
    case 'strings':
      return Array.isArray(value) && value.every((v) => typeof v === 'string') ? undefined : 'a list of strings';
    case 'ints':
      return Array.isArray(value) && value.length > 0 && value.every((v) => Number.isInteger(v) && v > 0)
        ? undefined
        : 'a list of positive integers';
    case 'sizes':
      return Array.isArray(value) && value.every((v) => Number.isInteger(v) && v > 0)
        ? undefined
        : 'a list of positive integers (possibly empty)';
    case 'enum':
      return field.values.includes(value as string) ? undefined : `one of ${field.values.join(', ')}`;
  }
}

/**
 * Reads the run settings stored in a checkpoint: every field checked, unknown ones rejected, each model's
 * settings present and the other model's absent, so a hand-edited or truncated file gives one clear line
 * naming the file and the field. Settings without `model` (written before there was a choice) are an MLP run.
 */
export function parseRunConfig(value: unknown, file: string): RunConfig {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CliError('CHECKPOINT', `checkpoint ${file} holds no run settings`);
  }
  const record: Record<string, unknown> = { model: 'mlp', ...(value as Record<string, unknown>) };
  const problems: string[] = [];
  if (record.model === 'mlp' || record.model === 'cnn') {
    const other = record.model === 'mlp' ? 'cnn' : 'mlp';
    for (const key of MODEL_SETTINGS[record.model]) {
      if (record[key] === undefined) problems.push(`${key} is missing (a ${record.model} run)`);
    }
    for (const key of MODEL_SETTINGS[other]) {
      if (record[key] !== undefined) problems.push(`${key} is a ${other} setting, but this is a ${record.model} run`);
    }
    const { filters, kernelSize } = record;
    if (Array.isArray(filters) && Array.isArray(kernelSize) && ![1, filters.length].includes(kernelSize.length)) {
      problems.push(`kernelSize has ${kernelSize.length} sizes for ${filters.length} conv blocks`);
    }
  }
  for (const [key, field] of Object.entries(FIELDS)) {
    if (record[key] === undefined) {
      if (!field.optional) problems.push(`${key} is missing`);
      continue;
    }
    const why = problem(record[key], field);
    if (why !== undefined) problems.push(`${key} must be ${why}, got ${JSON.stringify(record[key])}`);
  }
  for (const key of Object.keys(record)) if (!(key in FIELDS)) problems.push(`unknown setting ${key}`);
  if (problems.length > 0) {
    throw new CliError('CHECKPOINT', `checkpoint ${file} has bad run settings: ${problems.join('; ')}`);
  }
  return record as unknown as RunConfig;
}

/**
 * The settings `--resume` may take from the command line: the length of the run, where the data is
 * found (the same dataset: its files are validated as they load), and how it runs. Every other setting
 * defines the model or the data and must stay as the run began.
 */
export const CHANGEABLE_ON_RESUME = [
  'epochs',
  'dataDir',
  'cacheDir',
  'mirrors',
  'backend',
  'stepEngine',
  'threads',
] as const;
