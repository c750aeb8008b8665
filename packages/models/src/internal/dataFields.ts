import {
  type ImagePreprocessing,
  type PixelScaling,
  type PixelScalingOptions,
  pixelScaling,
} from '@mnist-kit/datasets';
import { MNIST_KIT_FORMAT_VERSION } from '../mnistKitMetadata';
import type { BaseModelConfig } from '../types';
import { isObject, type Obj, show } from './artifactParts';

/** The preprocessing modes a model may record (datasets' `ImagePreprocessing`). */
export const PREPROCESSINGS: readonly ImagePreprocessing[] = ['digit', 'resize'];

/** The data-side fields every model's config has (MLP and CNN alike): how its inputs were made, what its outputs mean. */
export interface DataFields {
  pixelScaling: PixelScaling;
  classNames: readonly string[] | null;
  preprocessing: ImagePreprocessing;
}

/**
 * Checks and fills in the data-side fields — from options (`where: ''`) or from a saved model's `mnistKit`
 * metadata (`where: 'mnistKit.'`) — pushing one issue per bad field. `classNames` must name each of the
 * `outputSize` classes once.
 */
export function resolveDataFields(
  raw: { pixelScaling?: unknown; classNames?: unknown; preprocessing?: unknown },
  outputSize: unknown,
  issues: string[],
  where: '' | 'mnistKit.',
): DataFields {
  let scaling = pixelScaling();
  if (raw.pixelScaling !== undefined) {
    try {
      if (!isObject(raw.pixelScaling)) throw new Error('not an object');
      scaling = pixelScaling(raw.pixelScaling as PixelScalingOptions);
    } catch (error) {
      issues.push(`${where}pixelScaling is invalid (${(error as Error).message})`);
    }
  }
  const { classNames = null, preprocessing = 'digit' } = raw;
  if (classNames !== null) {
    if (!Array.isArray(classNames) || !classNames.every((n) => typeof n === 'string' && n !== '')) {
      issues.push(`${where}classNames must be an array of non-empty strings (got ${show(classNames)})`);
    } else if (typeof outputSize === 'number' && classNames.length !== outputSize) {
      issues.push(`${where}classNames names ${classNames.length} classes for ${outputSize} outputs`);
    } else if (new Set(classNames).size !== classNames.length) {
      issues.push(`${where}classNames has duplicates (${show(classNames)})`);
    }
  }
  if (!PREPROCESSINGS.includes(preprocessing as ImagePreprocessing)) {
    issues.push(`${where}preprocessing must be one of ${PREPROCESSINGS.join(', ')} (got ${show(preprocessing)})`);
  }
  return {
    pixelScaling: scaling,
    classNames: Array.isArray(classNames) ? Object.freeze([...classNames]) : null,
    preprocessing: preprocessing as ImagePreprocessing,
  };
}

/**
 * The `userDefinedMetadata.mnistKit` block with its data fields resolved (see {@link resolveDataFields}), if it
 * is one this version reads (an object of `MNIST_KIT_FORMAT_VERSION`) and neither `check` (the model's own
 * fields) nor the data fields push an issue; else `undefined`, the issues pushed.
 */
export function metadataBlock<T>(raw: unknown, issues: string[], check: (raw: Obj) => void): T | undefined {
  if (!isObject(raw)) {
    issues.push('userDefinedMetadata.mnistKit is not an object');
    return undefined;
  }
  if (raw.formatVersion !== MNIST_KIT_FORMAT_VERSION) {
    issues.push(
      typeof raw.formatVersion === 'number' && raw.formatVersion > MNIST_KIT_FORMAT_VERSION
        ? `mnistKit formatVersion ${raw.formatVersion} was written by a newer @mnist-kit/models`
        : `mnistKit formatVersion ${show(raw.formatVersion)} is not ${MNIST_KIT_FORMAT_VERSION}`,
    );
    return undefined;
  }
  const before = issues.length;
  check(raw);
  const data = resolveDataFields(raw, raw.outputSize, issues, 'mnistKit.');
  if (issues.length > before) return undefined;
  return { ...raw, ...data } as T;
}

/**
 * What a saved model's metadata records beside its architecture — `init`, `seed` and the data fields — to
 * apply over the config its topology gives.
 */
export function recordedFields(meta: BaseModelConfig): Pick<BaseModelConfig, 'init' | 'seed' | keyof DataFields> {
  return {
    init: meta.init,
    seed: meta.seed,
    pixelScaling: meta.pixelScaling,
    classNames: meta.classNames,
    preprocessing: meta.preprocessing,
  };
}
