// What the peers (layersFit.mjs, cnnLayersFit.mjs, jaxjs.mjs) share with the browser benchmark page
// (apps/web/src/bench.ts imports this file by its path): plain ESM without Node imports, so Vite bundles it too.

/**
 * tfjs-layers `model.fit` callbacks that time every epoch (onEpochBegin → onEpochEnd) and record its loss;
 * with `firstStep`, also the time of the first batch (an onBatchBegin callback, which the page leaves out).
 * `timing` holds epochSeconds, epochLoss and firstStepSeconds once `fit` is done.
 * @param {{ firstStep?: boolean }} [options]
 */
export function fitTiming({ firstStep = false } = {}) {
  /** @type {{ epochSeconds: number[], epochLoss: (number | undefined)[], firstStepSeconds: number | undefined }} */
  const timing = { epochSeconds: [], epochLoss: [], firstStepSeconds: undefined };
  let epochStart = 0;
  const firstBatch = {
    onBatchBegin: async () => {
      // performance.now() counts from performance.timeOrigin, i.e. process start.
      if (timing.firstStepSeconds === undefined) timing.firstStepSeconds = performance.now() / 1000;
    },
  };
  const callbacks = {
    onEpochBegin: async () => {
      epochStart = performance.now();
    },
    ...(firstStep ? firstBatch : {}),
    onEpochEnd: async (_epoch, logs) => {
      timing.epochSeconds.push((performance.now() - epochStart) / 1000);
      timing.epochLoss.push(logs?.loss);
    },
  };
  return { timing, callbacks };
}

/**
 * Seeded Fisher–Yates shuffle (mulberry32): a function that returns a fresh permutation of 0 … n − 1 every call.
 * @param {number} seed
 * @returns {(n: number) => Int32Array}
 */
export function shuffler(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return ((z ^ (z >>> 14)) >>> 0) / 4294967296;
  };
  return (n) => {
    const perm = new Int32Array(n);
    for (let i = 0; i < n; i++) perm[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [perm[i], perm[j]] = [perm[j], perm[i]];
    }
    return perm;
  };
}
