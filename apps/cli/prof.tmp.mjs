import { createRequire } from 'node:module';
const require = createRequire('/work/main/apps/cli/package.json');
const tf = require('@tensorflow/tfjs-core');
const wasm = require('@tensorflow/tfjs-backend-wasm');
require('@tensorflow/tfjs-backend-cpu');
const path = require('node:path');
wasm.setWasmPaths(path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + '/');
tf.enableProdMode();
await tf.setBackend(process.argv[2] ?? 'wasm');
const { createMlp } = await import('@mnist-kit/models');
const { adam, softmaxCrossEntropy } = await import('@mnist-kit/training');
console.log('backend', tf.getBackend());
const model = createMlp({ seed: 1 });
const opt = adam();
const loss = softmaxCrossEntropy();
const B = 64;
const xs = tf.randomUniform([B, 784]);
const ys = tf.tensor1d(Array.from({ length: B }, (_, i) => i % 10), 'int32');
function step() {
  return tf.tidy(() => {
    const out = model.forward(xs, { training: true, keep: true, seed: 1 });
    const { value, grad } = loss.valueAndGrad(out, ys);
    const grads = model.backward(grad);
    opt.step(model.params, grads);
    return value;
  });
}
for (let i = 0; i < 50; i++) step().dispose();
const prof = await tf.profile(() => { step().dispose(); });
const counts = {};
for (const k of prof.kernels) counts[k.name] = (counts[k.name] ?? 0) + 1;
console.log('kernels/step', prof.kernels.length, JSON.stringify(counts));
const time = (label, fn, n = 300) => { const t = performance.now(); for (let i = 0; i < n; i++) fn(); const ms = (performance.now() - t) / n; console.log(label, ms.toFixed(3), 'ms'); };
time('full step', () => step().dispose());
time('fwd+loss+bwd', () => tf.tidy(() => { const out = model.forward(xs, { training: true, keep: true, seed: 1 }); const { grad } = loss.valueAndGrad(out, ys); model.backward(grad); }));
time('fwd', () => tf.tidy(() => { model.forward(xs, { training: true, keep: true, seed: 1 }); }));
const a = tf.randomUniform([64,128]); const b = tf.randomUniform([64,128]);
time('add small x1000', () => tf.tidy(() => { let c = a; for (let i = 0; i < 100; i++) c = tf.add(c, b); }), 30);
