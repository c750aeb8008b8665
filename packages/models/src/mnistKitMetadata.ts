import type { MlpConfig } from './types';

/** Version of the `mnistKit` metadata block written by this package. */
export const MNIST_KIT_FORMAT_VERSION = 1;

/**
 * The `userDefinedMetadata.mnistKit` block of a saved model: the full recipe, so loading restores `config`
 * exactly (tfjs-layers ignores it).
 */
export interface MnistKitMetadata extends MlpConfig {
  readonly formatVersion: typeof MNIST_KIT_FORMAT_VERSION;
  readonly paramCount: number;
}
