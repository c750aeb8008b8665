/**
 * The code of an engine worker thread, as a string so that it needs no file of its own (it runs as
 * a Node `worker_threads` script with `eval: true`, or from a `blob:` URL in a browser). It
 * instantiates the engine on the shared memory it is given, reports `ready`, then runs one `step`
 * each time the control word's generation changes: spinning for a couple of milliseconds first (a
 * step's dispatch is microseconds apart from the next), then sleeping in `Atomics.wait`. A non-zero
 * command word makes it return.
 */
export const ENGINE_WORKER_SOURCE = `'use strict';
const SPIN_MS = 2;
function run(init, ready) {
  const instance = new WebAssembly.Instance(init.module, { env: { memory: init.memory } });
  const ctl = new Int32Array(init.memory.buffer, init.control, 2);
  const step = instance.exports.step;
  let seen = Atomics.load(ctl, 0);
  ready();
  for (;;) {
    let spins = 0;
    let since = 0;
    while (Atomics.load(ctl, 0) === seen) {
      if ((++spins & 1023) === 0) {
        const now = performance.now();
        if (since === 0) since = now;
        else if (now - since > SPIN_MS) Atomics.wait(ctl, 0, seen);
      }
    }
    seen = Atomics.load(ctl, 0);
    if (Atomics.load(ctl, 1) !== 0) return;
    step(init.plan, init.tid, 1);
  }
}
if (typeof require === 'function') {
  const { parentPort, workerData } = require('node:worker_threads');
  run(workerData, () => parentPort.postMessage('ready'));
} else {
  self.onmessage = (event) => run(event.data, () => self.postMessage('ready'));
}
`;

/** What a worker needs to join the engine. */
export interface EngineWorkerInit {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  /** Byte offset of the plan. */
  plan: number;
  /** Byte offset of the two control words (generation, command). */
  control: number;
  /** Thread index (≥ 1; the calling thread is 0). */
  tid: number;
}

/** A started worker: `stop` ends it (after the control word asked it to return). */
export interface EngineWorker {
  stop(): Promise<void>;
}

interface NodeWorker {
  once(event: 'message' | 'error' | 'exit', listener: (value: unknown) => void): void;
  unref(): void;
  terminate(): Promise<number>;
}
interface NodeWorkerThreads {
  Worker: new (code: string, options: { eval: true; workerData: unknown }) => NodeWorker;
}

function nodeWorkerThreads(): NodeWorkerThreads | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  return proc?.getBuiltinModule?.('node:worker_threads') as NodeWorkerThreads | undefined;
}

/** Whether this runtime can start engine worker threads (Node `worker_threads`, or `Worker` + blob URLs). */
export function workersSupported(): boolean {
  if (typeof SharedArrayBuffer === 'undefined') return false;
  if ((globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === false) return false;
  return nodeWorkerThreads() !== undefined || typeof Worker === 'function';
}

/** Starts one engine worker and resolves once it is ready to run steps. */
export function startEngineWorker(init: EngineWorkerInit): Promise<EngineWorker> {
  const threads = nodeWorkerThreads();
  if (threads !== undefined) {
    const worker = new threads.Worker(ENGINE_WORKER_SOURCE, { eval: true, workerData: init });
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
  }
  const url = URL.createObjectURL(new Blob([ENGINE_WORKER_SOURCE], { type: 'text/javascript' }));
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
}
