import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { EnginePlatform } from './enginePlatform';
import { ENGINE_WORKER_RUN } from './engineWorker';

const SOURCE = `${ENGINE_WORKER_RUN}
const { parentPort, workerData } = require('node:worker_threads');
run(workerData, () => parentPort.postMessage('ready'));
`;

/** Node: `worker_threads` workers (their code given as a string, `eval: true`), `os.availableParallelism()`. */
export const enginePlatform: EnginePlatform = {
  workersSupported: () => typeof SharedArrayBuffer === 'function',
  cores: () => availableParallelism(),
  startWorker(init) {
    const worker = new Worker(SOURCE, { eval: true, workerData: init });
    // A worker must never keep the process alive (the engine stops it; a crash must not hang the exit).
    worker.unref();
    return new Promise((resolve, reject) => {
      worker.once('error', reject);
      worker.once('message', () =>
        resolve({
          stop: async () => {
            await worker.terminate();
          },
        }),
      );
    });
  },
};
