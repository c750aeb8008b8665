// Browser entry (the package root under the `browser` export condition): the shared exports of core.ts,
// free of Node built-ins. Save and load with saveMlp / loadMlp and any tfjs IOHandler or URL.
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
