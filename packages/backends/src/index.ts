// Node entry. The browser entry (browser.ts) exports the same names, with the browser's candidates.
export type { BackendErrorCode } from './BackendError';
export { BackendError } from './BackendError';
export { describeDevice } from './describeDevice';
export type { NodeBackendName } from './node/nodeCandidates';
export {
  NODE_BACKEND_NAMES,
  nodeCandidates,
  nodeCandidates as defaultCandidates,
  wasmDir,
} from './node/nodeCandidates';
export { selectBackend } from './selectBackend';
export type {
  BackendAttempt,
  BackendCandidate,
  BackendDevice,
  BackendSelection,
  SelectBackendOptions,
} from './types';
export { VERSION } from './version';
