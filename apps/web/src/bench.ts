// Benchmark page (bench.html): one recipe (784→128→128→10, ReLU, softmax cross-entropy, Adam 1e-3,
// batch 64, reshuffled every epoch), trained with mnist-kit (`fit`, hand-written backward), with
// tfjs-layers (`model.fit`, autograd) or with jax-js (the whole step under `jit`), on the backend (tfjs)
// or device (jax-js) named in the URL. Results go to `window.__bench` for scripts/bench-browser.mjs.

import { browserCandidates, selectBackend } from '@mnist-kit/backends';
import { type Dataset, loadDatasetFromUrl, type Split, takeSubset } from '@mnist-kit/datasets';
import { evaluate } from '@mnist-kit/evaluation';
import { createMlp } from '@mnist-kit/models';
import { adam, fit, type StepEngineInfo, stepEngineSupport } from '@mnist-kit/training';
import * as tf from '@tensorflow/tfjs-core';
import { fitTiming, shuffler } from '../../../benchmarks/lib/peers.mjs';
import { defaultDataUrl, parseParams } from './urlParams';

/** What the page reports. */
export interface BenchResult {
  ok: boolean;
  impl: string;
  backend: string;
  backendInfo?: string;
  samples?: number;
  epochSeconds?: number[];
  testAccuracy?: number;
  /** mnist-kit: what ran its training steps (`History.stepEngine`). */
  stepEngine?: StepEngineInfo;
  /** jax-js on wasm: `'1 thread'` or `'pool of N'` (its worker pool). */
  variant?: string;
  error?: string;
}

/** What one implementation's training reports. */
interface TrainResult {
  epochSeconds: number[];
  testAccuracy: number;
  stepEngine?: StepEngineInfo;
  backendInfo?: string;
  variant?: string;
}

declare global {
  interface Window {
    __bench?: BenchResult;
  }
}

const out = document.getElementById('out')!;
const query = new URLSearchParams(window.location.search);
const impl = query.get('impl') ?? 'mnist-kit';
const { params } = parseParams(
  query.has('dataset') ? window.location.search : `${window.location.search}&dataset=fashion-mnist`,
  import.meta.env.BASE_URL,
);
const epochs = Number(query.get('epochs') ?? 1);
/** mnist-kit's `FitOptions.stepEngine` and `threads`; fit's defaults when absent. */
const stepEngineOption = query.get('stepEngine') ?? undefined;
const threadsOption = query.has('threads') ? Number(query.get('threads')) : undefined;
/** jax-js: `0` runs its wasm device without its worker pool. */
const jaxWorkers = query.has('jaxWorkers') ? Number(query.get('jaxWorkers')) : undefined;

function log(line: string): void {
  out.textContent = out.textContent === 'running…' ? line : `${out.textContent}\n${line}`;
}

async function trainMnistKit(train: Split, test: Split): Promise<TrainResult> {
  const model = createMlp({ hiddenSizes: [128, 128], seed: 0 });
  const optimizer = adam({ learningRate: 1e-3 });
  const epochSeconds: number[] = [];
  const history = await fit(model, train, {
    epochs,
    batchSize: params.batchSize,
    optimizer,
    ...(stepEngineOption === undefined ? {} : { stepEngine: stepEngineOption as 'auto' | 'simd' | 'tfjs' }),
    ...(threadsOption === undefined ? {} : { threads: threadsOption }),
    callbacks: { onEpochEnd: (e) => void epochSeconds.push(e.seconds) },
  });
  const result = await evaluate(model, test);
  model.dispose();
  optimizer.dispose();
  const run: TrainResult = { epochSeconds, testAccuracy: result.accuracy };
  if (history.stepEngine !== undefined) run.stepEngine = history.stepEngine;
  return run;
}

function toTensors(split: Split): { xs: tf.Tensor2D; ys: tf.Tensor2D } {
  const pixels = split.rows * split.cols;
  const xs = new Float32Array(split.count * pixels);
  for (let i = 0; i < xs.length; i++) xs[i] = split.images[i]! / 255;
  return tf.tidy(() => ({
    xs: tf.tensor2d(xs, [split.count, pixels]),
    ys: tf.oneHot(tf.tensor1d(Int32Array.from(split.labels), 'int32'), 10).toFloat() as tf.Tensor2D,
  }));
}

async function trainLayers(train: Split, test: Split): Promise<TrainResult> {
  const tfl = await import('@tensorflow/tfjs');
  const model = tfl.sequential({
    layers: [
      tfl.layers.dense({ inputShape: [784], units: 128, activation: 'relu' }),
      tfl.layers.dense({ units: 128, activation: 'relu' }),
      tfl.layers.dense({ units: 10, activation: 'softmax' }),
    ],
  });
  model.compile({ optimizer: tfl.train.adam(1e-3), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const { xs, ys } = toTensors(train);
  const { timing, callbacks } = fitTiming();
  await model.fit(xs, ys, { epochs, batchSize: params.batchSize, shuffle: true, verbose: 0, callbacks });
  tf.dispose([xs, ys]);
  const t = toTensors(test);
  const correct = tf.tidy(() =>
    tf.sum(tf.cast(tf.equal(tf.argMax(model.predict(t.xs) as tf.Tensor2D, 1), tf.argMax(t.ys, 1)), 'float32')),
  );
  const testAccuracy = (await correct.data())[0]! / test.count;
  tf.dispose([correct, t.xs, t.ys]);
  model.dispose();
  return { epochSeconds: timing.epochSeconds, testAccuracy };
}

// ------------------------------------------------------------------------------------------------ jax-js
// The same MLP in jax-js, written as benchmarks/jaxjs.mjs (and jax-js's own MNIST demo and optax) write
// it: PyTorch-style uniform(±1/√fan_in) init from jax-js's PRNG; loss = −mean(logSoftmax · oneHot); Adam
// (0.9, 0.999, 1e-8) by hand as optax's scaleByAdam (bias correction in-graph; @jax-js/optax is not on npm);
// one `jit` function does the batch gather, valueAndGrad, the Adam update and the running loss sum; every
// step is awaited (blockUntilReady, as the demo does); the loss is read once per epoch. Batches of 64,
// reshuffled every epoch (jaxjs.mjs's seeded shuffle, from benchmarks/lib/peers.mjs), the last partial
// batch included. jax-js's wasm device runs its kernels on a pool of `navigator.hardwareConcurrency`
// workers when the page is cross-origin isolated (SharedArrayBuffer), else on the page's thread.

type JaxArray = import('@jax-js/jax').Array;
type JaxParams = Record<'w1' | 'b1' | 'w2' | 'b2' | 'w3' | 'b3', JaxArray>;
type JaxAdam = { count: JaxArray; mu: JaxParams; nu: JaxParams };

async function trainJax(train: Split, test: Split, device: string): Promise<TrainResult> {
  // jax-js gives its wasm device a pool of `hardwareConcurrency` workers on shared memory whenever the page
  // has SharedArrayBuffer and Worker (it has no setting for it); `jaxWorkers=0` hides `Worker` from this
  // page (which runs nothing else) before jax-js loads (its wasm backend is created then), so that jax-js
  // runs on the page's thread with plain memory.
  if (jaxWorkers === 0) Object.defineProperty(globalThis, 'Worker', { configurable: true, value: undefined });
  const jax = await import('@jax-js/jax');
  const { blockUntilReady, jit, nn, numpy: np, random, tree, valueAndGrad } = jax;
  const wanted = device as import('@jax-js/jax').Device;
  const available = await jax.init(wanted);
  if (!available.includes(wanted))
    throw new Error(`jax-js: the ${device} device did not initialise (have: ${available})`);
  jax.defaultDevice(wanted);
  const lr = params.learningRate;
  const [b1, b2, eps] = [0.9, 0.999, 1e-8];

  function initParams(key: JaxArray): JaxParams {
    const sizes = [784, 128, 128, 10];
    const keys = random.split(key, 2 * (sizes.length - 1));
    const out: Record<string, JaxArray> = {};
    for (let l = 0; l < sizes.length - 1; l++) {
      const bound = 1 / Math.sqrt(sizes[l]!);
      const [kw, kb] = [keys.ref.slice(2 * l), keys.ref.slice(2 * l + 1)];
      out[`w${l + 1}`] = random.uniform(kw, [sizes[l]!, sizes[l + 1]!], { minval: -bound, maxval: bound });
      out[`b${l + 1}`] = random.uniform(kb, [sizes[l + 1]!], { minval: -bound, maxval: bound });
    }
    keys.dispose();
    return out as JaxParams;
  }

  const predict = (p: JaxParams, x: JaxArray): JaxArray => {
    const a1 = nn.relu(np.dot(x, p.w1).add(p.b1));
    const a2 = nn.relu(np.dot(a1, p.w2).add(p.b2));
    return np.dot(a2, p.w3).add(p.b3);
  };

  /** Mean softmax cross-entropy of the logits against integer labels. */
  const loss = (p: JaxParams, x: JaxArray, y: JaxArray): JaxArray => {
    const n = y.shape[0]!;
    return nn
      .logSoftmax(predict(p, x))
      .mul(nn.oneHot(y, 10))
      .sum()
      .mul(-1 / n);
  };

  const mapParams = (fn: (...a: JaxArray[]) => JaxArray, ...trees: JaxParams[]): JaxParams =>
    tree.map(fn, trees[0]!, ...trees.slice(1)) as JaxParams;

  /** One whole training step: gather the batch, loss and gradient, Adam, running loss sum. */
  const trainStep = jit(
    (p: JaxParams, opt: JaxAdam, lossSum: JaxArray, xAll: JaxArray, yAll: JaxArray, idx: JaxArray) => {
      const x = xAll.slice(idx.ref);
      const y = yAll.slice(idx);
      const [value, grads] = valueAndGrad(loss)(tree.ref(p), x, y) as [JaxArray, JaxParams];
      const mu = mapParams((m, g) => m!.mul(b1).add(g!.mul(1 - b1)), opt.mu, tree.ref(grads));
      const nu = mapParams((v, g) => v!.mul(b2).add(g!.ref.mul(g!).mul(1 - b2)), opt.nu, grads);
      const count = opt.count.add(1);
      const t = count.ref.astype(np.float32);
      // lr / (1 − b1^t) and 1 / (1 − b2^t), in-graph (as optax's treeBiasCorrection).
      const stepSize = np.reciprocal(np.subtract(1, np.power(b1, t.ref))).mul(lr);
      const c2 = np.reciprocal(np.subtract(1, np.power(b2, t)));
      const next = mapParams(
        (w, m, v) => w!.sub(m!.mul(stepSize.ref).div(np.sqrt(v!.mul(c2.ref)).add(eps))),
        p,
        tree.ref(mu),
        tree.ref(nu),
      );
      stepSize.dispose();
      c2.dispose();
      return [next, { count, mu, nu }, lossSum.add(value)] as [JaxParams, JaxAdam, JaxArray];
    },
  );

  /** Correct predictions on the test rows, in one compiled call. */
  const correctCount = jit((p: JaxParams, x: JaxArray, y: JaxArray) =>
    np.argmax(predict(p, x), 1).equal(y).astype(np.int32).sum(),
  );

  const upload = (split: Split) => {
    const pixels = new Float32Array(split.images.length);
    for (let i = 0; i < pixels.length; i++) pixels[i] = split.images[i]! / 255;
    return {
      x: np.array(pixels).reshape([split.count, split.rows * split.cols]),
      y: np.array(Int32Array.from(split.labels), { dtype: np.int32 }),
    };
  };
  const trainData = upload(train);
  // The test rows go through in chunks: one 10,000-row matmul on webgpu over SwiftShader runs so long that
  // Chromium drops the device ("Instance dropped in popErrorScope").
  const EVAL_ROWS = 1000;
  const testChunks = Array.from({ length: Math.ceil(test.count / EVAL_ROWS) }, (_, i) =>
    upload(takeRows(test, i * EVAL_ROWS, Math.min(test.count, (i + 1) * EVAL_ROWS))),
  );
  const permutation = shuffler(1);

  let p = initParams(random.key(0));
  let opt: JaxAdam = {
    count: np.array(0, { dtype: np.int32 }),
    mu: mapParams((w) => np.zerosLike(w!), tree.ref(p)),
    nu: mapParams((w) => np.zerosLike(w!), tree.ref(p)),
  };
  await blockUntilReady(p);

  const epochSeconds: number[] = [];
  const batchSize = params.batchSize;
  const steps = Math.ceil(train.count / batchSize);
  for (let epoch = 0; epoch < epochs; epoch++) {
    const started = performance.now();
    const perm = permutation(train.count);
    let lossSum = np.array(0);
    for (let i = 0; i < steps; i++) {
      const idx = np.array(perm.subarray(i * batchSize, (i + 1) * batchSize), { dtype: np.int32 });
      [p, opt, lossSum] = trainStep(p, opt, lossSum, trainData.x.ref, trainData.y.ref, idx);
      await blockUntilReady(p);
    }
    const epochLoss = (await lossSum.jsAsync()) / steps;
    epochSeconds.push((performance.now() - started) / 1000);
    log(`jax-js epoch ${epoch + 1}: loss ${epochLoss.toFixed(4)}, ${epochSeconds.at(-1)!.toFixed(2)} s`);
  }
  let correct = 0;
  for (const chunk of testChunks) correct += (await correctCount(tree.ref(p), chunk.x, chunk.y).jsAsync()) as number;
  tree.dispose([p, opt, trainData.x, trainData.y]);
  trainStep.dispose();
  correctCount.dispose();
  const backendInfo = await jaxDeviceInfo(device);
  const run: TrainResult = { epochSeconds, testAccuracy: correct / test.count, backendInfo };
  if (device === 'wasm') run.variant = backendInfo.match(/1 thread|pool of \d+/)?.[0] ?? '';
  return run;
}

/** Rows `from … to − 1` of a split (views, no copy). */
function takeRows(split: Split, from: number, to: number): Split {
  const pixels = split.rows * split.cols;
  return {
    images: split.images.subarray(from * pixels, to * pixels),
    labels: split.labels.subarray(from, to),
    count: to - from,
    rows: split.rows,
    cols: split.cols,
  };
}

/** What jax-js's device runs on, as far as the page can tell. */
async function jaxDeviceInfo(device: string): Promise<string> {
  if (device === 'wasm') {
    // As jax-js decides it (createWorkerPool): SharedArrayBuffer and Worker, then hardwareConcurrency workers.
    if (jaxWorkers === 0) return 'jax-js wasm, 1 thread (no worker pool)';
    const pool = typeof SharedArrayBuffer !== 'undefined' && crossOriginIsolated;
    const cores = navigator.hardwareConcurrency || 4;
    return pool ? `jax-js wasm, worker pool of ${cores}` : 'jax-js wasm, 1 thread (not isolated: no worker pool)';
  }
  if (device === 'webgpu') {
    const gpu = (
      navigator as unknown as { gpu?: { requestAdapter(): Promise<{ info?: Record<string, string> } | null> } }
    ).gpu;
    const info = (await gpu?.requestAdapter())?.info;
    const name = info === undefined ? '' : [info.vendor, info.architecture, info.description].filter(Boolean).join(' ');
    return `jax-js webgpu${name === '' ? '' : `, ${name}`}`;
  }
  return `jax-js ${device}`;
}

/** mnist-kit's step engine in words (as the CLI's `train` says it). */
function describeStepEngine(info: StepEngineInfo): string {
  if (info.name === 'simd') return `SIMD engine (${info.isa}), ${info.threads} thread${info.threads === 1 ? '' : 's'}`;
  return `tfjs ops on ${info.backend}${info.reason === undefined ? '' : ` (SIMD engine not used: ${info.reason})`}`;
}

async function main(): Promise<void> {
  const result: BenchResult = { ok: false, impl, backend: params.backend };
  try {
    // jax-js brings its own devices; tfjs needs no backend for it.
    const device = query.get('backend') ?? 'wasm';
    if (impl === 'jax-js') result.backend = device;
    else {
      const selection = await selectBackend({
        preference: params.backend,
        candidates: browserCandidates({ wasmPath: new URL(`${import.meta.env.BASE_URL}wasm/`, document.baseURI).href }),
      });
      result.backend = selection.name;
      if (selection.description !== undefined) result.backendInfo = selection.description;
      log(selection.message);
    }
    const dataUrl = query.get('data') ?? defaultDataUrl(params.dataset, import.meta.env.BASE_URL);
    const dataset: Dataset = await loadDatasetFromUrl({ name: params.dataset, baseUrl: dataUrl });
    const train = params.limit === undefined ? dataset.train : takeSubset(dataset.train, params.limit);
    const test = params.testLimit === undefined ? dataset.test : takeSubset(dataset.test, params.testLimit);
    result.samples = train.count;
    log(`${impl}: ${train.count} training images, batch ${params.batchSize}, ${epochs} epoch(s)`);
    if (impl === 'mnist-kit') {
      const support = stepEngineSupport();
      log(`step engine support: ${JSON.stringify(support)}; crossOriginIsolated: ${crossOriginIsolated}`);
    }
    const run =
      impl === 'layers'
        ? await trainLayers(train, test)
        : impl === 'jax-js'
          ? await trainJax(train, test, device)
          : await trainMnistKit(train, test);
    Object.assign(result, run, { ok: true });
    if (run.stepEngine !== undefined) log(`steps: ${describeStepEngine(run.stepEngine)}`);
    log(
      `epoch seconds: ${run.epochSeconds.map((s) => s.toFixed(2)).join(', ')}; test accuracy ${run.testAccuracy.toFixed(4)}`,
    );
  } catch (error) {
    result.error = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    log(`failed: ${result.error}`);
  }
  window.__bench = result;
}

void main();
