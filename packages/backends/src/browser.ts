// Browser entry: the shared API (core.ts), plus the browser's candidates and platform probe.

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
export * from './core';
