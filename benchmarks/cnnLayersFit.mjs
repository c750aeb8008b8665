#!/usr/bin/env node
// Peer: mnist-kit's CNN written the way a TensorFlow.js user would, with tfjs-layers `model.fit`.
//
//   node benchmarks/cnnLayersFit.mjs --backend wasm|cpu|tensorflow [--epochs 1] [--batch-size 64] [--lr 0.001]
//       [--filters 8,16] [--kernel-size 5] [--dense 128] [--padding valid] [--pool-size 2] [--dropout 0]
//       [--conv-dropout 0] [--limit N]
//
// tf.sequential: per conv block conv2d (relu, stride 1) → maxPooling2d [→ dropout], flatten, dense relu
// [→ dropout] per --dense width, dense 10 softmax (tfjs' default glorot init); Adam(lr), categorical
// cross-entropy on one-hot labels, shuffle: true, pixels in [0, 1] as [N, 28, 28, 1]. --limit N trains on
// the first N images (a timing of part of an epoch: tfjs' cpu backend takes seconds per step here);
// `epochSecondsFull` scales the epoch times to the whole split. Prints one JSON line on stdout; a backend
// without the kernels autograd needs (wasm has no Conv2DBackpropFilter) fails with tfjs' one-line error.
import { peerFlags } from './lib/args.mjs';
import { loadSplit } from './lib/idx.mjs';
import { loadTfjs, testMetrics, timedFit } from './lib/tfjs.mjs';

const args = peerFlags({
  backend: 'wasm',
  filters: '8,16',
  'kernel-size': '5',
  dense: '128',
  padding: 'valid',
  'pool-size': '2',
  dropout: '0',
  'conv-dropout': '0',
  limit: undefined,
});
const list = (text) => (text.trim() === '' ? [] : text.split(',').map(Number));
const filters = list(args.filters);
const kernels = list(args['kernel-size']);
const dense = list(args.dense);
const poolSize = Number(args['pool-size']);
const dropout = Number(args.dropout);
const convDropout = Number(args['conv-dropout']);
const { epochs, batchSize, lr } = args;

const { tf, log } = await loadTfjs(args.backend);

const train = loadSplit(args['data-dir'], 'train');
const test = loadSplit(args['data-dir'], 'test');
const count = args.limit === undefined ? train.count : Math.min(train.count, Number(args.limit));
const pixels = train.rows * train.cols;
const xTrain = tf.tensor4d(train.pixels.subarray(0, count * pixels), [count, train.rows, train.cols, 1]);
const yTrain = tf.oneHot(tf.tensor1d(train.labels.subarray(0, count), 'int32'), 10).toFloat();
const xTest = tf.tensor4d(test.pixels, [test.count, test.rows, test.cols, 1]);
const yTest = tf.oneHot(tf.tensor1d(test.labels, 'int32'), 10).toFloat();

const model = tf.sequential();
filters.forEach((f, i) => {
  const k = kernels.length === 1 ? kernels[0] : kernels[i];
  model.add(
    tf.layers.conv2d({
      ...(i === 0 ? { inputShape: [train.rows, train.cols, 1] } : {}),
      filters: f,
      kernelSize: k,
      strides: 1,
      padding: args.padding,
      activation: 'relu',
    }),
  );
  if (poolSize > 1) model.add(tf.layers.maxPooling2d({ poolSize, strides: poolSize }));
  if (convDropout > 0) model.add(tf.layers.dropout({ rate: convDropout }));
});
model.add(tf.layers.flatten());
for (const units of dense) {
  model.add(tf.layers.dense({ units, activation: 'relu' }));
  if (dropout > 0) model.add(tf.layers.dropout({ rate: dropout }));
}
model.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
model.compile({ optimizer: tf.train.adam(lr), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });

let fitted;
try {
  fitted = await timedFit(model, xTrain, yTrain, { epochs, batchSize });
} catch (error) {
  console.error(`layers-fit ${args.backend}: ${error.message.split('\n')[0]}`);
  process.exit(1);
}
const { epochSeconds, epochLoss, firstStepSeconds, trainSeconds } = fitted;
const { testLoss, testAccuracy } = await testMetrics(model, xTest, yTest);
log(
  JSON.stringify({
    impl: 'layers-fit-cnn',
    backend: args.backend,
    tfBackend: tf.getBackend(),
    tfjsVersion: tf.version.tfjs,
    network: { filters, kernelSize: kernels, dense, padding: args.padding, poolSize, dropout, convDropout },
    params: model.countParams(),
    epochs,
    batchSize,
    learningRate: lr,
    trainCount: count,
    testCount: test.count,
    epochSeconds,
    epochSecondsFull: epochSeconds.map((s) => (s * train.count) / count),
    trainLoss: epochLoss,
    trainSeconds,
    samplesPerSecond: trainSeconds > 0 ? (count * epochs) / trainSeconds : 0,
    firstStepSeconds,
    testLoss,
    testAccuracy,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
  }),
);
