// Node entry: the shared exports of core.ts, plus the filesystem helpers saveMlpToDir / loadMlpFromDir.
export type {
  Activation,
  ForwardOptions,
  Init,
  Mlp,
  MlpConfig,
  MlpOptions,
  MnistKitMetadata,
  ModelErrorCode,
  ModelErrorOptions,
  NamedTensors,
  NamedVariables,
} from './core';
export {
  createMlp,
  fromArtifacts,
  loadMlp,
  MNIST_KIT_FORMAT_VERSION,
  ModelError,
  saveMlp,
  toArtifacts,
  VERSION,
} from './core';
export { loadMlpFromDir } from './node/loadMlpFromDir';
export type { SaveMlpToDirResult } from './node/saveMlpToDir';
export { saveMlpToDir } from './node/saveMlpToDir';
