#!/usr/bin/env node
// Baseline: the same MLP written the way a TensorFlow.js user would, with tfjs-layers `model.fit`.
//
//   node benchmarks/layersFit.mjs --data-dir DIR --backend wasm|cpu|tensorflow|tensorflow-gpu [--epochs 10] [--batch-size 64] [--lr 0.001]
//
// Dense 128 relu → Dense 128 relu → Dense 10 softmax (glorot init), Adam(lr), categorical
// cross-entropy on one-hot labels, shuffle: true, pixels scaled to [0, 1]. Prints one JSON line
// on stdout: per-epoch seconds (onEpochBegin → onEpochEnd), samples/s, test accuracy
// (model.evaluate), time from process start to the first training step, peak RSS.
import { peerFlags } from './lib/args.mjs';
import { loadSplit } from './lib/idx.mjs';
import { loadTfjs, testMetrics, timedFit } from './lib/tfjs.mjs';

const args = peerFlags({ backend: 'wasm' });
const { epochs, batchSize, lr } = args;
const { tf, log } = await loadTfjs(args.backend);

const train = loadSplit(args['data-dir'], 'train');
const test = loadSplit(args['data-dir'], 'test');
const inputSize = train.rows * train.cols;
const xTrain = tf.tensor2d(train.pixels, [train.count, inputSize]);
const yTrain = tf.oneHot(tf.tensor1d(train.labels, 'int32'), 10).toFloat();
const xTest = tf.tensor2d(test.pixels, [test.count, inputSize]);
const yTest = tf.oneHot(tf.tensor1d(test.labels, 'int32'), 10).toFloat();

const model = tf.sequential({
  layers: [
    tf.layers.dense({ inputShape: [inputSize], units: 128, activation: 'relu' }),
    tf.layers.dense({ units: 128, activation: 'relu' }),
    tf.layers.dense({ units: 10, activation: 'softmax' }),
  ],
});
model.compile({ optimizer: tf.train.adam(lr), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });

const fitted = await timedFit(model, xTrain, yTrain, { epochs, batchSize });
const { epochSeconds, epochLoss, firstStepSeconds, trainSeconds } = fitted;
const { testLoss, testAccuracy } = await testMetrics(model, xTest, yTest);

const result = {
  impl: 'layers-fit',
  backend: args.backend,
  tfBackend: tf.getBackend(),
  wasmSimd: args.backend === 'wasm' ? tf.env().getBool('WASM_HAS_SIMD_SUPPORT') : undefined,
  wasmThreads: args.backend === 'wasm' ? tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT') : undefined,
  tfjsVersion: tf.version.tfjs,
  epochs,
  batchSize,
  learningRate: lr,
  trainCount: train.count,
  testCount: test.count,
  epochSeconds,
  trainLoss: epochLoss,
  trainSeconds,
  samplesPerSecond: trainSeconds > 0 ? (train.count * epochs) / trainSeconds : 0,
  firstStepSeconds,
  testLoss,
  testAccuracy,
  finalTrainAccuracy: fitted.history.history.acc?.at(-1),
  peakRssMB: process.resourceUsage().maxRSS / 1024,
};
log(JSON.stringify(result));
