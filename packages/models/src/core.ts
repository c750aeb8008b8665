// The exports both entries share: everything free of Node built-ins. The Node entry (index.ts) and the
// browser entry (browser.ts) re-export these names and add their own; a name added here must be added to
// both (entries.test.ts checks).
export { createMlp } from './createMlp';
export { fromArtifacts } from './fromArtifacts';
export { VERSION } from './internal/version';
export { loadMlp } from './loadMlp';
export type { ModelErrorCode, ModelErrorOptions } from './ModelError';
export { ModelError } from './ModelError';
export type { MnistKitMetadata } from './mnistKitMetadata';
export { MNIST_KIT_FORMAT_VERSION } from './mnistKitMetadata';
export { saveMlp } from './saveMlp';
export { toArtifacts } from './toArtifacts';
export type {
  Activation,
  ForwardOptions,
  Init,
  Mlp,
  MlpConfig,
  MlpOptions,
  NamedTensors,
  NamedVariables,
} from './types';
