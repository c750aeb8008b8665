import type { EnginePlatform } from './enginePlatform';
import { ENGINE_WORKER_RUN } from './engineWorker';

const SOURCE = `${ENGINE_WORKER_RUN}
self.onmessage = (event) => run(event.data, () => self.postMessage('ready'));
`;

/**
 * Browsers: a `Worker` from a `blob:` URL of the worker code — only on a cross-origin-isolated page,
 * where `SharedArrayBuffer` (a shared `WebAssembly.Memory`) exists — and `navigator.hardwareConcurrency`.
 */
export const enginePlatform: EnginePlatform = {
  workersSupported: () =>
    typeof SharedArrayBuffer === 'function' && globalThis.crossOriginIsolated === true && typeof Worker === 'function',
  cores: () => {
    const cores = globalThis.navigator?.hardwareConcurrency;
    return Number.isInteger(cores) && cores > 0 ? cores : 1;
  },
  startWorker(init) {
    const url = URL.createObjectURL(new Blob([SOURCE], { type: 'text/javascript' }));
    const worker = new Worker(url);
    return new Promise((resolve, reject) => {
      worker.onerror = (event) => {
        URL.revokeObjectURL(url);
        reject(new Error(event.message || 'the engine worker failed to start'));
      };
      worker.onmessage = () => {
        URL.revokeObjectURL(url);
        resolve({
          stop: async () => {
            worker.terminate();
          },
        });
      };
      worker.postMessage(init);
    });
  },
};
