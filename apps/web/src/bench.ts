// Benchmark page (bench.html): one recipe (784→128→128→10, ReLU, Adam 1e-3, batch 64), trained either
// with mnist-kit (`fit`, hand-written backward) or with tfjs-layers (`model.fit`, autograd), on the
// backend named in the URL. Results go to `window.__bench` for scripts/bench-browser.mjs.
import { type Dataset, loadDatasetFromUrl, type Split, takeSubset } from '@mnist-kit/datasets';
import { evaluate } from '@mnist-kit/evaluation';
import { createMlp } from '@mnist-kit/models';
import { adam, fit, selectBackend } from '@mnist-kit/training';
import * as tf from '@tensorflow/tfjs-core';
import { browserCandidates } from './backends';
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
  error?: string;
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

function log(line: string): void {
  out.textContent = out.textContent === 'running…' ? line : `${out.textContent}\n${line}`;
}

async function trainMnistKit(train: Split, test: Split): Promise<{ epochSeconds: number[]; testAccuracy: number }> {
  const model = createMlp({ hiddenSizes: [128, 128], seed: 0 });
  const optimizer = adam({ learningRate: 1e-3 });
  const epochSeconds: number[] = [];
  await fit(model, train, {
    epochs,
    batchSize: params.batchSize,
    optimizer,
    callbacks: { onEpochEnd: (e) => void epochSeconds.push(e.seconds) },
  });
  const result = await evaluate(model, test);
  model.dispose();
  optimizer.dispose();
  return { epochSeconds, testAccuracy: result.accuracy };
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

async function trainLayers(train: Split, test: Split): Promise<{ epochSeconds: number[]; testAccuracy: number }> {
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
  const epochSeconds: number[] = [];
  let started = performance.now();
  await model.fit(xs, ys, {
    epochs,
    batchSize: params.batchSize,
    shuffle: true,
    verbose: 0,
    callbacks: {
      onEpochBegin: async () => {
        started = performance.now();
      },
      onEpochEnd: async () => {
        epochSeconds.push((performance.now() - started) / 1000);
      },
    },
  });
  tf.dispose([xs, ys]);
  const t = toTensors(test);
  const correct = tf.tidy(() =>
    tf.sum(tf.cast(tf.equal(tf.argMax(model.predict(t.xs) as tf.Tensor2D, 1), tf.argMax(t.ys, 1)), 'float32')),
  );
  const testAccuracy = (await correct.data())[0]! / test.count;
  tf.dispose([correct, t.xs, t.ys]);
  model.dispose();
  return { epochSeconds, testAccuracy };
}

async function main(): Promise<void> {
  const result: BenchResult = { ok: false, impl, backend: params.backend };
  try {
    const selection = await selectBackend({
      preference: params.backend,
      candidates: browserCandidates({ wasmPath: `${import.meta.env.BASE_URL}wasm/` }),
    });
    result.backend = selection.name;
    if (selection.description !== undefined) result.backendInfo = selection.description;
    log(selection.message);
    const dataUrl = query.get('data') ?? defaultDataUrl(params.dataset, import.meta.env.BASE_URL);
    const dataset: Dataset = await loadDatasetFromUrl({ name: params.dataset, baseUrl: dataUrl });
    const train = params.limit === undefined ? dataset.train : takeSubset(dataset.train, params.limit);
    const test = params.testLimit === undefined ? dataset.test : takeSubset(dataset.test, params.testLimit);
    result.samples = train.count;
    log(`${impl}: ${train.count} training images, batch ${params.batchSize}, ${epochs} epoch(s)`);
    const run = impl === 'layers' ? await trainLayers(train, test) : await trainMnistKit(train, test);
    Object.assign(result, run, { ok: true });
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
