import type * as tf from '@tensorflow/tfjs-core';
import { CnnModel } from './internal/CnnModel';
import { MlpModel } from './internal/MlpModel';
import { parseArtifacts } from './internal/parseArtifacts';
import { isCnnArtifacts, parseCnnArtifacts } from './internal/parseCnnArtifacts';
import type { Model } from './types';

/**
 * Builds a model from tfjs-layers `ModelArtifacts`, whichever kind they hold: a {@link Cnn} when the topology
 * has Conv2D (MaxPooling2D, Flatten, Reshape) layers or `userDefinedMetadata.mnistKit.kind` says `'cnn'`, else
 * an {@link Mlp} (see `fromArtifacts`). Ours, or a stock `tf.sequential` of those layers. Validates everything
 * first — topology, weight names, shapes, dtypes, the byte length of the weight data, the metadata against the
 * topology; our recipe is restored from `userDefinedMetadata.mnistKit` when present.
 * @throws ModelError `INVALID_FORMAT` listing every problem found.
 */
export function modelFromArtifacts(artifacts: tf.io.ModelArtifacts): Model {
  if (isCnnArtifacts(artifacts)) {
    const { config, weights } = parseCnnArtifacts(artifacts);
    return new CnnModel(config, weights);
  }
  const { config, weights } = parseArtifacts(artifacts);
  return new MlpModel(config, weights);
}
