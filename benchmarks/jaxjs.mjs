#!/usr/bin/env node

// Peer: the same MLP in jax-js (https://github.com/ekzhang/jax-js), written the way its own MNIST demo
// (website/src/routes/mnist) and optax examples write it, with the whole training step under `jit`.
//
//   node --experimental-wasm-relaxed-simd benchmarks/jaxjs.mjs --data-dir DIR [--epochs 10] [--batch-size 64] [--lr 0.001] [--seed 1]
//
// 784 → 128 → 128 → 10, ReLU, PyTorch-style uniform(±1/√fan_in) init from jax-js's PRNG; softmax
// cross-entropy (logSoftmax · oneHot, as the demo's loss); Adam(lr, 0.9, 0.999, 1e-8) written out as
// @jax-js/optax's scaleByAdam does it (bias correction in-graph, so it compiles; optax itself is not on
// npm); batch 64, reshuffled every epoch, the last partial batch included (as PyTorch's DataLoader).
// One jit-compiled function does the batch gather, forward, valueAndGrad, the Adam update and the running
// loss sum; the loop waits for every step (blockUntilReady, as the demo does) and reads the loss once per
// epoch. Device: wasm, jax-js's CPU backend — single-threaded in Node (its worker pool needs the Web
// `Worker` global, which Node lacks). Node < 22 needs --experimental-wasm-relaxed-simd for jax-js's FMA
// (f32x4.relaxed_madd) matmul kernels; jax-js probes for it and runs without it otherwise.
// Prints one JSON line on stdout (the shape pytorch_mnist.py prints).

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { blockUntilReady, defaultDevice, init, jit, nn, numpy as np, random, tree, valueAndGrad } from '@jax-js/jax';
import { peerFlags } from './lib/args.mjs';
import { loadSplit } from './lib/idx.mjs';
import { shuffler } from './lib/peers.mjs';

const args = peerFlags({ seed: '0' });
const { epochs, batchSize, lr } = args;
const seed = Number(args.seed);
const [b1, b2, eps] = [0.9, 0.999, 1e-8];

// jax-js's own probe for relaxed SIMD (a module using f32x4.relaxed_madd): true when its FMA kernels run.
const RELAXED_MADD_PROBE = '0061736d0100000001080160037b7b7b017b030201000a0d010b00200020012002fd85020b';
const relaxedSimd = WebAssembly.validate(Buffer.from(RELAXED_MADD_PROBE, 'hex'));
const jaxjsVersion = JSON.parse(
  readFileSync(join(dirname(createRequire(import.meta.url).resolve('@jax-js/jax')), '..', 'package.json'), 'utf8'),
).version;

const devices = await init('wasm');
if (!devices.includes('wasm')) throw new Error(`jax-js: the wasm device did not initialise (have: ${devices})`);
defaultDevice('wasm');

// ---------------------------------------------------------------------------------------------
// Model, loss, optimizer.

function initParams(key) {
  const sizes = [784, 128, 128, 10];
  const keys = random.split(key, 2 * (sizes.length - 1));
  const params = {};
  for (let l = 0; l < sizes.length - 1; l++) {
    const bound = 1 / Math.sqrt(sizes[l]);
    const [kw, kb] = [keys.ref.slice(2 * l), keys.ref.slice(2 * l + 1)];
    params[`w${l + 1}`] = random.uniform(kw, [sizes[l], sizes[l + 1]], { minval: -bound, maxval: bound });
    params[`b${l + 1}`] = random.uniform(kb, [sizes[l + 1]], { minval: -bound, maxval: bound });
  }
  keys.dispose();
  return params;
}

function predict(params, x) {
  const a1 = nn.relu(np.dot(x, params.w1).add(params.b1));
  const a2 = nn.relu(np.dot(a1, params.w2).add(params.b2));
  return np.dot(a2, params.w3).add(params.b3);
}

/** Mean softmax cross-entropy of the logits against integer labels. */
function loss(params, x, y) {
  const n = y.shape[0];
  return nn
    .logSoftmax(predict(params, x))
    .mul(nn.oneHot(y, 10))
    .sum()
    .mul(-1 / n);
}

function adamInit(params) {
  return {
    count: np.array(0, { dtype: np.int32 }),
    mu: tree.map((p) => np.zerosLike(p), tree.ref(params)),
    nu: tree.map((p) => np.zerosLike(p), params),
  };
}

/** One whole training step: gather the batch, loss and gradient, Adam, running loss sum. */
const trainStep = jit((params, opt, lossSum, xAll, yAll, idx) => {
  const x = xAll.slice(idx.ref);
  const y = yAll.slice(idx);
  const [value, grads] = valueAndGrad(loss)(tree.ref(params), x, y);
  const mu = tree.map((m, g) => m.mul(b1).add(g.mul(1 - b1)), opt.mu, tree.ref(grads));
  const nu = tree.map((v, g) => v.mul(b2).add(g.ref.mul(g).mul(1 - b2)), opt.nu, grads);
  const count = opt.count.add(1);
  const t = count.ref.astype(np.float32);
  // lr / (1 − b1^t) and 1 / (1 − b2^t), in-graph (as optax's treeBiasCorrection).
  const stepSize = np.reciprocal(np.subtract(1, np.power(b1, t.ref))).mul(lr);
  const c2 = np.reciprocal(np.subtract(1, np.power(b2, t)));
  const next = tree.map(
    (p, m, v) => p.sub(m.mul(stepSize.ref).div(np.sqrt(v.mul(c2.ref)).add(eps))),
    params,
    tree.ref(mu),
    tree.ref(nu),
  );
  stepSize.dispose();
  c2.dispose();
  return [next, { count, mu, nu }, lossSum.add(value)];
});

/** Test loss and correct-prediction count in one compiled call. */
const evaluate = jit((params, x, y) => {
  const logits = predict(params, x);
  const n = y.shape[0];
  const testLoss = nn
    .logSoftmax(logits.ref)
    .mul(nn.oneHot(y.ref, 10))
    .sum()
    .mul(-1 / n);
  const correct = np.argmax(logits, 1).equal(y).astype(np.int32).sum();
  return [testLoss, correct];
});

// ---------------------------------------------------------------------------------------------
// Data: the whole split uploaded once as float32 [N, 784] in [0, 1] and int32 labels.

const train = loadSplit(args['data-dir'], 'train');
const test = loadSplit(args['data-dir'], 'test');
const inputSize = train.rows * train.cols;
const xTrain = np.array(train.pixels).reshape([train.count, inputSize]);
const yTrain = np.array(Int32Array.from(train.labels), { dtype: np.int32 });
const xTest = np.array(test.pixels).reshape([test.count, inputSize]);
const yTest = np.array(Int32Array.from(test.labels), { dtype: np.int32 });

// Seeded Fisher–Yates shuffle (mulberry32), a fresh permutation every epoch.
const permutation = shuffler(seed * 2654435761 + 1);

// ---------------------------------------------------------------------------------------------
// Train.

let params = initParams(random.key(seed));
let opt = adamInit(tree.ref(params));
await blockUntilReady(params);

const epochSeconds = [];
const trainLoss = [];
let firstStepSeconds;
const batches = Math.ceil(train.count / batchSize);
for (let epoch = 0; epoch < epochs; epoch++) {
  const start = performance.now();
  const perm = permutation(train.count);
  let lossSum = np.array(0);
  for (let i = 0; i < batches; i++) {
    const idx = np.array(perm.subarray(i * batchSize, (i + 1) * batchSize), { dtype: np.int32 });
    [params, opt, lossSum] = trainStep(params, opt, lossSum, xTrain.ref, yTrain.ref, idx);
    // As jax-js's MNIST demo does: wait for every step. jax-js queues work lazily; without this wait the
    // queue piles up and the same loop runs ~4× slower with growing memory (measured on the dev machine).
    await blockUntilReady(params);
    // performance.now() counts from performance.timeOrigin, i.e. process start.
    if (firstStepSeconds === undefined) firstStepSeconds = performance.now() / 1000;
  }
  const epochLoss = await lossSum.jsAsync(); // waits for the epoch's last step
  epochSeconds.push((performance.now() - start) / 1000);
  trainLoss.push(epochLoss / batches);
}

const [testLossT, correctT] = evaluate(tree.ref(params), xTest.ref, yTest.ref);
const testLoss = await testLossT.jsAsync();
const correct = await correctT.jsAsync();
const trainSeconds = epochSeconds.reduce((a, b) => a + b, 0);
tree.dispose([params, opt, xTrain, yTrain, xTest, yTest]);

console.log(
  JSON.stringify({
    impl: 'jax-js',
    backend: 'wasm',
    jaxjsVersion,
    relaxedSimd,
    nodeVersion: process.version,
    epochs,
    batchSize,
    learningRate: lr,
    seed,
    trainCount: train.count,
    testCount: test.count,
    epochSeconds,
    trainLoss,
    trainSeconds,
    samplesPerSecond: trainSeconds > 0 ? (train.count * epochs) / trainSeconds : 0,
    firstStepSeconds,
    testLoss,
    testAccuracy: correct / test.count,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
  }),
);
