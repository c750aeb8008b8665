/**
 * The code of an engine worker thread, as a string so that it needs no file of its own (each platform
 * appends the few lines that start it: a Node `worker_threads` script with `eval: true`, or a `blob:`
 * URL in a browser). Its `run(init, ready)`
 * instantiates the engine on the shared memory it is given, reports `ready`, then runs one `step`
 * each time the control word's generation changes: spinning for a couple of milliseconds first (a
 * step's dispatch is microseconds apart from the next), then sleeping in `Atomics.wait`. A non-zero
 * command word makes it return.
 */
export const ENGINE_WORKER_RUN = `'use strict';
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
