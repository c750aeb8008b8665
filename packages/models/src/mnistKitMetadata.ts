import type { CnnConfig, MlpConfig } from './types';

/** Version of the `mnistKit` metadata block written by this package. */
export const MNIST_KIT_FORMAT_VERSION = 1;

/**
 * The `userDefinedMetadata.mnistKit` block of a saved model: the full recipe, so loading restores `config`
 * exactly (tfjs-layers ignores it).
 */
export interface MnistKitMetadata extends MlpConfig {
  readonly formatVersion: typeof MNIST_KIT_FORMAT_VERSION;
  /** What the model is: `'mlp'` (absent in files written before CNNs existed). */
  readonly kind?: 'mlp';
  readonly paramCount: number;
}

/** The `userDefinedMetadata.mnistKit` block of a saved {@link Cnn}: its full recipe (tfjs-layers ignores it). */
export interface MnistKitCnnMetadata extends CnnConfig {
  readonly formatVersion: typeof MNIST_KIT_FORMAT_VERSION;
  readonly kind: 'cnn';
  readonly paramCount: number;
}
