export type { AdamOptions } from './adam';
export { adam } from './adam';
export { constantLr } from './constantLr';
export type { CosineLrOptions } from './cosineLr';
export { cosineLr } from './cosineLr';
export type { Checkpoint, CheckpointManifest, CreateCheckpointOptions } from './createCheckpoint';
export { CHECKPOINT_FORMAT, CHECKPOINT_VERSION, createCheckpoint } from './createCheckpoint';
// Deprecated re-exports: backend selection moved to @mnist-kit/backends (removed here in the next minor).
export type {
  BackendAttempt,
  BackendCandidate,
  BackendErrorCode,
  BackendSelection,
  SelectBackendOptions,
} from './deprecatedBackends';
export { BackendError, selectBackend } from './deprecatedBackends';
export { fit } from './fit';
export { meanSquaredError } from './meanSquaredError';
export type { RestoreCheckpointOptions, RestoredCheckpoint } from './restoreCheckpoint';
export { restoreCheckpoint } from './restoreCheckpoint';
export type { SgdOptions } from './sgd';
export { sgd } from './sgd';
export type { SoftmaxCrossEntropyOptions } from './softmaxCrossEntropy';
export { softmaxCrossEntropy } from './softmaxCrossEntropy';
export type { StepEngineSupport } from './stepEngineSupport';
export { stepEngineSupport } from './stepEngineSupport';
export type { StepLrOptions } from './stepLr';
export { stepLr } from './stepLr';
export type { TrainingErrorCode, TrainingErrorOptions } from './TrainingError';
export { TrainingError } from './TrainingError';
export type {
  BatchEndInfo,
  BatchLike,
  BatchSource,
  DenseActivation,
  DenseArchitecture,
  EarlyStoppingOptions,
  EpochEndInfo,
  EpochLog,
  EpochStartInfo,
  FitCallbacks,
  FitOptions,
  ForwardOptions,
  History,
  LayerNorm,
  Loss,
  LrSchedule,
  LrScheduleContext,
  MonitoredQuantity,
  NamedTensors,
  NamedVariables,
  Optimizer,
  OptimizerConfig,
  OptimizerState,
  SplitBatchOptions,
  StepEngineInfo,
  StopReason,
  TrainableModel,
} from './types';

export { VERSION } from './version';
export { yieldToEventLoop } from './yieldToEventLoop';
