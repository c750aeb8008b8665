import type * as tf from '@tensorflow/tfjs-core';
import { MlpModel } from './internal/MlpModel';
import { parseArtifacts } from './internal/parseArtifacts';
import type { Mlp } from './types';

/**
 * Builds a model from tfjs-layers `ModelArtifacts` (ours, or a stock `tf.sequential` of Dense [+ Dropout]
 * layers whose hidden layers share one supported activation and whose output is softmax or linear).
 * Validates everything first: topology, weight names, shapes, dtypes and the byte length of the weight data.
 * Our recipe is restored from `userDefinedMetadata.mnistKit` when present. A CNN's artifacts are refused (with a
 * pointer to `modelFromArtifacts`, which reads either kind).
 * @throws ModelError `INVALID_FORMAT` listing every problem found.
 */
export function fromArtifacts(artifacts: tf.io.ModelArtifacts): Mlp {
  const { config, weights } = parseArtifacts(artifacts);
  return new MlpModel(config, weights);
}
