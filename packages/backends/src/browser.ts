// Browser entry. The Node entry (index.ts) exports the same core names, with Node's candidates.
export type { BackendErrorCode } from './BackendError';
export { BackendError } from './BackendError';
export type { BrowserBackendName } from './browser/browserBackendNames';
export { BROWSER_BACKEND_NAMES } from './browser/browserBackendNames';
export type { BrowserCandidatesOptions } from './browser/browserCandidates';
export {
  browserCandidates,
  browserCandidates as defaultCandidates,
  wasmThreadCount,
} from './browser/browserCandidates';
export type { BrowserPlatform } from './browser/probeBrowser';
export { probeBrowserPlatform } from './browser/probeBrowser';
export { describeDevice } from './describeDevice';
export { selectBackend } from './selectBackend';
export type {
  BackendAttempt,
  BackendCandidate,
  BackendDevice,
  BackendSelection,
  SelectBackendOptions,
} from './types';
export { VERSION } from './version';
