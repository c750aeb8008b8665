// Self-test page (selftest.html): runs mnist-kit's Adam, loss, an MLP's backward pass and a few
// training steps on the backend named in the URL and on the cpu reference, and reports whether they
// agree, plus which kernels a step ran (so a fused kernel silently falling back to the op path shows). Results go to
// `window.__selftest` for the end-to-end tests.
import { createCnn, createMlp } from '@mnist-kit/models';
import { adam, fit, softmaxCrossEntropy } from '@mnist-kit/training';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { browserCandidates, selectBackend } from '@mnist-kit/backends';
import { compareArrays, type SelfTestCheck, syntheticSplit } from './selfTestChecks';

/** What the page reports. */
export interface SelfTestResult {
  backend: string;
  ok: boolean;
  checks: SelfTestCheck[];
  /** Kernel names one Adam step ran on the backend. */
  adamKernels: string[];
  /** Kernel names one softmax cross-entropy value-and-gradient ran on the backend. */
  lossKernels: string[];
  /** Kernel names one MLP backward pass ran on the backend. */
  backwardKernels: string[];
  error?: string;
}

declare global {
  interface Window {
    __selftest?: SelfTestResult;
  }
}

const SHAPES: Record<string, number[]> = {
  'dense_1/kernel': [784, 128],
  'dense_1/bias': [128],
  'dense_2/kernel': [128, 128],
  'dense_2/bias': [128],
  'dense_3/kernel': [128, 10],
  'dense_3/bias': [10],
};

/** Five Adam steps from a seeded state on the active backend: the parameters after them. */
async function adamRun(weightDecay: number, decoupled: boolean): Promise<Record<string, Float32Array>> {
  const params: Record<string, tf.Variable> = {};
  Object.entries(SHAPES).forEach(([name, shape], i) => {
    params[name] = tf.variable(tf.randomUniform(shape, -1, 1, 'float32', i + 1));
  });
  // A large rate, so that a slightly wrong update shows well above float32 rounding.
  const optimizer = adam({ learningRate: 0.05, weightDecay, decoupled });
  for (let step = 0; step < 5; step++) {
    const grads = tf.tidy(() => {
      const g: Record<string, tf.Tensor> = {};
      Object.entries(SHAPES).forEach(([name, shape], i) => {
        g[name] = tf.randomNormal(shape, 0, 1, 'float32', 100 * (step + 1) + i);
      });
      return g;
    });
    optimizer.step(params, grads);
    tf.dispose(Object.values(grads));
  }
  const out: Record<string, Float32Array> = {};
  for (const [name, v] of Object.entries(params)) out[name] = (await v.data()) as Float32Array;
  tf.dispose(Object.values(params));
  optimizer.dispose();
  return out;
}

/** Softmax cross-entropy (value, gradient, correct count) for sparse and one-hot labels, incl. extreme logits. */
async function lossRun(): Promise<Record<string, Float32Array>> {
  const out: Record<string, Float32Array> = {};
  const loss = softmaxCrossEntropy({ labelSmoothing: 0.1 });
  const logits = tf.tidy(() =>
    tf.concat([
      tf.randomNormal([62, 10], 0, 3, 'float32', 7),
      tf.tensor2d([
        [1e4, -1e4, 0, 0, 0, 0, 0, 0, 0, 0],
        [-1e4, 1e4, 0, 0, 0, 0, 0, 0, 0, 0],
      ]),
    ]),
  );
  const sparse = tf.tensor1d(
    Array.from({ length: 64 }, (_, i) => (i * 7) % 10),
    'int32',
  );
  const dense = tf.cast(tf.oneHot(sparse, 10), 'float32');
  for (const [name, labels] of [
    ['sparse', sparse],
    ['one-hot', dense],
  ] as const) {
    const { value, grad, correct } = loss.valueAndGrad(logits, labels);
    out[`${name} loss`] = (await value.data()) as Float32Array;
    out[`${name} grad`] = (await grad.data()) as Float32Array;
    out[`${name} correct`] = correct === undefined ? new Float32Array() : ((await correct.data()) as Float32Array);
    tf.dispose([value, grad, correct]);
  }
  tf.dispose([logits, sparse, dense]);
  return out;
}

/**
 * One forward and backward pass of two MLPs (the recipe's at batch 64, and odd widths at an odd batch, which
 * leave padding in packed textures) and of two small CNNs (with and without pooling): every parameter's
 * gradient, from a fixed gradient of the logits.
 */
async function backwardRun(): Promise<Record<string, Float32Array>> {
  const out: Record<string, Float32Array> = {};
  const models = [
    ['mlp', 64, () => createMlp({ hiddenSizes: [128, 128], seed: 4 })],
    ['mlp', 37, () => createMlp({ hiddenSizes: [31, 17], seed: 4 })],
    ['cnn', 5, () => createCnn({ filters: [3, 5], kernelSize: 3, denseSizes: [13], seed: 4 })],
    ['cnn, no pooling', 3, () => createCnn({ filters: [3], kernelSize: 5, poolSize: 1, denseSizes: [7], seed: 4 })],
  ] as const;
  for (const [kind, batch, create] of models) {
    const model = create();
    const grads = tf.tidy(() => {
      model.forward(tf.randomUniform([batch, 784], 0, 1, 'float32', 11), { training: true, keep: true });
      return model.backward(tf.randomNormal([batch, 10], 0, 1, 'float32', 12));
    });
    for (const [name, g] of Object.entries(grads))
      out[`${kind}, batch ${batch}: ${name}`] = (await g.data()) as Float32Array;
    tf.dispose(Object.values(grads));
    model.dispose();
  }
  return out;
}

/** Ten training steps of the recipe on a synthetic split: the parameters after them. */
async function fitRun(): Promise<Record<string, Float32Array>> {
  const model = createMlp({ seed: 3 });
  const optimizer = adam({ learningRate: 1e-3 });
  await fit(model, syntheticSplit(640), { epochs: 1, batchSize: 64, optimizer, seed: 5 });
  const out: Record<string, Float32Array> = {};
  for (const [name, v] of Object.entries(model.params)) out[name] = (await v.data()) as Float32Array;
  model.dispose();
  optimizer.dispose();
  return out;
}

async function lossKernels(): Promise<string[]> {
  const logits = tf.randomNormal([8, 10]);
  const labels = tf.tensor1d([0, 1, 2, 3, 4, 5, 6, 7], 'int32');
  const profile = await tf.profile(() => {
    const { value, grad, correct } = softmaxCrossEntropy().valueAndGrad(logits, labels);
    return [value, grad, ...(correct ? [correct] : [])];
  });
  tf.dispose([logits, labels]);
  return [...new Set(profile.kernels.map((k) => k.name))];
}

async function backwardKernels(): Promise<string[]> {
  const model = createMlp({ hiddenSizes: [16], seed: 1 });
  const x = tf.randomUniform([8, 784]);
  const dLogits = tf.randomNormal([8, 10]);
  const profile = await tf.profile(() => {
    model.forward(x, { training: true, keep: true });
    return Object.values(model.backward(dLogits));
  });
  tf.dispose([x, dLogits]);
  model.dispose();
  return [...new Set(profile.kernels.map((k) => k.name))];
}

async function adamKernels(): Promise<string[]> {
  const params = { w: tf.variable(tf.zeros([8, 4])) };
  const optimizer = adam();
  const grads = { w: tf.ones([8, 4]) };
  optimizer.step(params, grads); // first step creates the optimizer state
  const profile = await tf.profile(() => optimizer.step(params, grads));
  tf.dispose([params.w, grads.w]);
  optimizer.dispose();
  return [...new Set(profile.kernels.map((k) => k.name))];
}

const CASES: { name: string; run: () => Promise<Record<string, Float32Array>>; tolerance: number }[] = [
  { name: 'adam', run: () => adamRun(0, false), tolerance: 1e-4 },
  { name: 'adam, L2 weight decay', run: () => adamRun(0.1, false), tolerance: 1e-4 },
  { name: 'adamw (decoupled)', run: () => adamRun(0.1, true), tolerance: 1e-4 },
  { name: 'softmax cross-entropy', run: lossRun, tolerance: 1e-5 },
  { name: 'MLP and CNN backward passes', run: backwardRun, tolerance: 1e-5 },
  { name: 'fit, 10 steps of the recipe', run: fitRun, tolerance: 1e-3 },
];

async function main(): Promise<void> {
  const preference = new URLSearchParams(window.location.search).get('backend') ?? 'webgl';
  const result: SelfTestResult = {
    backend: preference,
    ok: false,
    checks: [],
    adamKernels: [],
    lossKernels: [],
    backwardKernels: [],
  };
  const out = document.getElementById('out')!;
  try {
    const reference: Record<string, Float32Array>[] = [];
    await tf.setBackend('cpu');
    for (const c of CASES) reference.push(await c.run());
    const selection = await selectBackend({
      preference: preference as never,
      candidates: browserCandidates({ wasmPath: new URL(`${import.meta.env.BASE_URL}wasm/`, document.baseURI).href }),
    });
    result.backend = selection.name;
    for (const [i, c] of CASES.entries()) {
      result.checks.push({ name: c.name, ...compareArrays(await c.run(), reference[i]!, c.tolerance) });
    }
    result.adamKernels = await adamKernels();
    result.lossKernels = await lossKernels();
    result.backwardKernels = await backwardKernels();
    result.ok = result.checks.every((c) => c.ok);
  } catch (error) {
    result.error = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  }
  out.textContent = [
    `backend: ${result.backend}`,
    ...result.checks.map((c) => `${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}`),
    `kernels of one Adam step: ${result.adamKernels.join(', ')}`,
    `kernels of one loss and gradient: ${result.lossKernels.join(', ')}`,
    `kernels of one MLP backward pass: ${result.backwardKernels.join(', ')}`,
    result.error === undefined ? `${result.ok ? 'all checks passed' : 'some checks FAILED'}` : `error: ${result.error}`,
  ].join('\n');
  window.__selftest = result;
}

void main();
