/** Backend names in a browser, in `'auto'`'s order of preference. */
export const BROWSER_BACKEND_NAMES = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
/** A browser backend name. */
export type BrowserBackendName = (typeof BROWSER_BACKEND_NAMES)[number];
