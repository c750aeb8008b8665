// What the tfjs-layers peers (layersFit.mjs, cnnLayersFit.mjs) share: tfjs on --backend, the timed `model.fit`
// and the test pass.
import { fitTiming } from './peers.mjs';
import { cliRequire, wasmDistDir } from './resolve.mjs';

/**
 * tfjs on `backend` (wasm, cpu, tensorflow or tensorflow-gpu), ready: the CJS entry, as
 * `require('@tensorflow/tfjs')` in a plain Node script, which registers the cpu backend (and webgl, which is
 * unavailable in Node). tfjs logs an "install tfjs-node" hint on console.log, so from here on console.log
 * writes to stderr, keeping stdout for the JSON line: print that with `log`, the console.log from before.
 * @param {string} backend
 */
export async function loadTfjs(backend) {
  const log = console.log;
  console.log = (...a) => console.error(...a);
  const tf = cliRequire('@tensorflow/tfjs');
  if (backend === 'wasm') {
    const wasm = cliRequire('@tensorflow/tfjs-backend-wasm');
    wasm.setWasmPaths(wasmDistDir());
  } else if (backend === 'tensorflow' || backend === 'tensorflow-gpu') {
    // Registers the 'tensorflow' backend (optional dependencies of the CLI; same names as its --backend).
    cliRequire(backend === 'tensorflow' ? '@tensorflow/tfjs-node' : '@tensorflow/tfjs-node-gpu');
  }
  const tfBackend = backend.startsWith('tensorflow') ? 'tensorflow' : backend;
  if (!(await tf.setBackend(tfBackend))) throw new Error(`backend ${backend} failed to initialise`);
  await tf.ready();
  return { tf, log };
}

/**
 * `model.fit(x, y)`, shuffled, silent, timed with fitTiming: { history, epochSeconds, epochLoss,
 * firstStepSeconds, trainSeconds (their sum) }. Throws what `fit` throws.
 */
export async function timedFit(model, x, y, { epochs, batchSize }) {
  const { timing, callbacks } = fitTiming({ firstStep: true });
  const history = await model.fit(x, y, { epochs, batchSize, shuffle: true, verbose: 0, callbacks });
  return { history, ...timing, trainSeconds: timing.epochSeconds.reduce((a, b) => a + b, 0) };
}

/** `model.evaluate` on the test split in batches of 1000: { testLoss, testAccuracy }. */
export async function testMetrics(model, x, y) {
  const [testLossT, testAccT] = model.evaluate(x, y, { batchSize: 1000 });
  return { testLoss: (await testLossT.data())[0], testAccuracy: (await testAccT.data())[0] };
}
