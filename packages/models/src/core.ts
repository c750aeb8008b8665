// The exports both entries share — the package's API, listed once: each entry re-exports all of it
// (`export *`) and adds its own. Nothing here may import a Node built-in.
export type { CnnFromSafetensorsOptions } from './cnnSafetensors';
export { cnnFromSafetensors, cnnToSafetensors } from './cnnSafetensors';
export { createCnn } from './createCnn';
export { createMlp } from './createMlp';
export { encodeSafetensors } from './encodeSafetensors';
export { fromArtifacts } from './fromArtifacts';
export { VERSION } from './internal/version';
export { loadMlp } from './loadMlp';
export { loadModel } from './loadModel';
export type { ModelErrorCode, ModelErrorOptions } from './ModelError';
export { ModelError } from './ModelError';
export type { MlpFromSafetensorsOptions } from './mlpSafetensors';
export { mlpFromSafetensors, mlpToSafetensors, tutorialLayerNames } from './mlpSafetensors';
export type { MnistKitCnnMetadata, MnistKitMetadata } from './mnistKitMetadata';
export { MNIST_KIT_FORMAT_VERSION } from './mnistKitMetadata';
export { modelFromArtifacts } from './modelFromArtifacts';
export type { ModelFromSafetensorsOptions } from './modelSafetensors';
export { modelFromSafetensors, modelToSafetensors } from './modelSafetensors';
export type { Safetensors, SafetensorsTensor } from './parseSafetensors';
export { parseSafetensors } from './parseSafetensors';
export { saveMlp } from './saveMlp';
export { saveModel } from './saveModel';
export { toArtifacts } from './toArtifacts';
export type {
  Activation,
  Cnn,
  CnnConfig,
  CnnOptions,
  DataConfig,
  DataOptions,
  DenseActivation,
  DenseArchitecture,
  ForwardOptions,
  Init,
  LayerTrace,
  Mlp,
  MlpConfig,
  MlpOptions,
  Model,
  ModelTrace,
  NamedTensors,
  NamedVariables,
  Padding,
  TraceableModel,
} from './types';
