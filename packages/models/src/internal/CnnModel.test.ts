import { describeBackends } from '@mnist-kit/test-utils/backends';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { batch, crossEntropy, expectLeakFree, expectRefusals, explicitGrads, relError } from '../../test/helpers';
import { createCnn } from '../createCnn';
import { ModelError } from '../ModelError';
import type { Cnn, CnnOptions } from '../types';
import { cnnLayout } from './cnnLayout';
import { layerSeed } from './prng';

/**
 * An independent forward pass with plain differentiable ops (conv2d + add + relu + maxPool + reshape + matMul,
 * no fused kernels), for autograd. With `training`, the dropout masks are drawn as the model draws them
 * (same seeds), so both see the same network.
 */
function referenceLogits(model: Cnn, x: tf.Tensor, opts: { training?: boolean; seed?: number } = {}): tf.Tensor {
  const { inputShape, padding, poolSize, convDropout, dropout } = model.config;
  const layout = cnnLayout(model.config);
  const p = model.params;
  const mask = (shape: number[], rate: number, layer: number) =>
    tf.mul(tf.step(tf.randomUniform(shape, -rate, 1 - rate, 'float32', layerSeed(opts.seed!, layer))), 1 / (1 - rate));
  let a = tf.reshape(x, [x.shape[0]!, ...inputShape]) as tf.Tensor4D;
  layout.blocks.forEach((_, i) => {
    const z = tf.add(tf.conv2d(a, p[`conv2d_${i + 1}/kernel`] as tf.Tensor4D, 1, padding), p[`conv2d_${i + 1}/bias`]!);
    let out = tf.relu(z) as tf.Tensor4D;
    if (poolSize > 1) out = tf.maxPool(out, poolSize, poolSize, 'valid');
    if (opts.training && convDropout > 0) out = tf.mul(out, mask(out.shape, convDropout, i));
    a = out;
  });
  let h = tf.reshape(a, [x.shape[0]!, layout.flatSize]);
  const n = layout.dense.length;
  for (let i = 1; i <= n; i++) {
    const z = tf.add(tf.matMul(h, p[`dense_${i}/kernel`] as tf.Tensor2D), p[`dense_${i}/bias`]!);
    if (i === n) return z;
    h = tf.relu(z);
    if (opts.training && dropout > 0) h = tf.mul(h, mask(h.shape, dropout, layout.blocks.length + i - 1));
  }
  throw new Error('unreachable');
}

/** Gradients by tfjs autograd on the cpu backend (wasm has no Conv2DBackpropFilter), as host arrays keyed like params. */
async function autogradGrads(model: Cnn, x: tf.Tensor, y: tf.Tensor, opts: { training?: boolean; seed?: number } = {}) {
  const backend = tf.getBackend();
  await tf.setBackend('cpu');
  const out = tf.tidy(() => {
    const { grads } = tf.variableGrads(
      () => crossEntropy(referenceLogits(model, x, opts), y),
      Object.values(model.params),
    );
    return Object.fromEntries(Object.entries(model.params).map(([k, v]) => [k, Array.from(grads[v.name]!.dataSync())]));
  });
  await tf.setBackend(backend);
  return out;
}

/** Gradients by our backward pass (inside the caller's tidy). */

const CONFIGS: { name: string; options: CnnOptions; training?: boolean }[] = [
  { name: 'the default (8, 16 filters, 5×5 valid, pool 2, dense 128)', options: {} },
  {
    name: "'same' padding, per-block kernels 3 and 5, two dense layers, both dropouts (training)",
    options: {
      filters: [6, 8],
      kernelSize: [3, 5],
      padding: 'same',
      denseSizes: [32, 16],
      dropout: 0.3,
      convDropout: 0.25,
    },
    training: true,
  },
  {
    name: 'one block without pooling, 2-channel 10×10 input, no hidden dense layer',
    options: { inputShape: [10, 10, 2], filters: [3], kernelSize: 3, poolSize: 1, denseSizes: [], outputSize: 4 },
  },
  {
    name: "an even kernel with 'same' padding and 3×3 pooling that drops a remainder row and column",
    options: { inputShape: [13, 13, 1], filters: [4, 6], kernelSize: 4, padding: 'same', poolSize: 3, denseSizes: [5] },
  },
  {
    name: 'three blocks, he init',
    options: { filters: [4, 8, 8], kernelSize: 3, padding: 'same', init: 'he', denseSizes: [16] },
  },
];

describeBackends(['cpu', 'wasm'], (backend) => {
  describe('Cnn backward', () => {
    for (const { name, options, training } of CONFIGS) {
      it(`matches tfjs autograd: ${name} (relative error < 1e-5)`, async () => {
        const model = createCnn({ ...options, seed: 17 });
        const { x, y } = batch(12, model.config.inputSize, model.config.outputSize);
        const opts = training ? { training: true, seed: 99 } : {};
        const ours = tf.tidy(() => {
          const g = explicitGrads(model, x, y, opts);
          expect(Object.keys(g)).toEqual(Object.keys(model.params));
          for (const [k, t] of Object.entries(g)) expect(t.shape, k).toEqual(model.params[k]!.shape);
          return Object.fromEntries(Object.entries(g).map(([k, t]) => [k, Array.from(t.dataSync())]));
        });
        const ref = await autogradGrads(model, x, y, opts);
        for (const k of Object.keys(model.params)) {
          expect(relError(tf.tensor(ours[k]!), tf.tensor(ref[k]!)), `${k} on ${backend}`).toBeLessThan(1e-5);
        }
        if (training) {
          // The masks really changed something.
          const plain = await autogradGrads(model, x, y);
          expect(relError(tf.tensor(ref['conv2d_1/kernel']!), tf.tensor(plain['conv2d_1/kernel']!))).toBeGreaterThan(
            1e-2,
          );
        }
        tf.dispose([x, y]);
        model.dispose();
      });
    }

    it('matches autograd on images with flat regions (tied maxima in the pooling windows)', async () => {
      const model = createCnn({ seed: 5 });
      // Blocky images (8×8-pixel squares of 0 or 1) and positive conv biases: many windows hold several equal
      // positive maxima, where the gradient must go to the first one, as tfjs' MaxPoolGrad on cpu does.
      for (const v of [model.params['conv2d_1/bias']!, model.params['conv2d_2/bias']!]) {
        tf.tidy(() => v.assign(tf.add(tf.abs(v), 0.05) as tf.Tensor1D));
      }
      const x = tf.tidy(() => {
        const coarse = tf.round(tf.randomUniform([8, 4, 4, 1], 0, 1, 'float32', 3));
        return tf.reshape(tf.image.resizeNearestNeighbor(coarse as tf.Tensor4D, [28, 28]), [8, 784]);
      });
      const y = batch(8, 784, 10).y;
      const ours = tf.tidy(() =>
        Object.fromEntries(Object.entries(explicitGrads(model, x, y)).map(([k, t]) => [k, Array.from(t.dataSync())])),
      );
      const ref = await autogradGrads(model, x, y);
      for (const k of Object.keys(model.params)) {
        expect(relError(tf.tensor(ours[k]!), tf.tensor(ref[k]!)), k).toBeLessThan(1e-5);
      }
      tf.dispose([x, y]);
      model.dispose();
    });

    it('agrees with central finite differences of a float64 host forward pass on a tiny CNN', () => {
      const model = createCnn({
        inputShape: [10, 10, 2],
        filters: [3, 4],
        kernelSize: [3, 2],
        padding: 'valid',
        poolSize: 2,
        denseSizes: [4],
        outputSize: 3,
        seed: 8,
      });
      const x = tf.randomUniform([3, 200], -1, 1, 'float32', 11);
      const labels = [0, 2, 1];
      const y = tf.oneHot(tf.tensor1d(labels, 'int32'), 3).toFloat();
      const grads = tf.tidy(() =>
        Object.fromEntries(Object.entries(explicitGrads(model, x, y)).map(([k, t]) => [k, Array.from(t.dataSync())])),
      );
      const weights = Object.fromEntries(
        Object.entries(model.params).map(([k, v]) => [k, Float64Array.from(v.dataSync())]),
      );
      const xs = Float64Array.from(x.dataSync());
      const eps = 1e-6;
      let worst = 0;
      for (const [name, w] of Object.entries(weights)) {
        for (let i = 0; i < w.length; i++) {
          const base = w[i]!;
          w[i] = base + eps;
          const up = hostLoss(model, weights, xs, labels);
          w[i] = base - eps;
          const down = hostLoss(model, weights, xs, labels);
          w[i] = base;
          const fd = (up - down) / (2 * eps);
          const an = grads[name]![i]!;
          worst = Math.max(worst, Math.abs(fd - an) / Math.max(1e-3, Math.abs(fd)));
          expect(Math.abs(fd - an), `${name}[${i}]: fd ${fd} vs backward ${an}`).toBeLessThan(
            1e-5 + 1e-4 * Math.abs(fd),
          );
        }
      }
      expect(worst).toBeLessThan(1e-3);
      tf.dispose([x, y]);
      model.dispose();
    });

    it('leaks no tensors across forward/backward in tidy, with and without dropout', () => {
      for (const rate of [0, 0.5]) {
        const model = createCnn({ seed: 1, dropout: rate, convDropout: rate });
        expect(Object.keys(model.params)).toHaveLength(8);
        const { x, y } = batch(4, 784, 10);
        const before = tf.memory().numTensors;
        // trace returns only tensors that the caller disposes.
        tf.dispose(model.trace(x) as unknown as tf.TensorContainer);
        expect(tf.memory().numTensors).toBe(before);
        expectLeakFree(model, x, y);
      }
    });
  });
});

describe('Cnn backward errors', () => {
  it('throws ModelError without a kept forward pass, once its tensors are gone, or for a wrong dLogits shape', async () => {
    await tf.setBackend('cpu');
    const model = createCnn({
      inputShape: [8, 8, 1],
      filters: [2],
      kernelSize: 3,
      denseSizes: [],
      outputSize: 3,
      seed: 1,
    });
    const d = tf.zeros([2, 3]) as tf.Tensor2D;
    expectRefusals(
      model,
      () => tf.zeros([2, 64]),
      d,
      () => {
        expect(() => model.backward(d)).toThrow(ModelError);
        model.forward(tf.zeros([2, 8, 8, 1]), { keep: true });
        expect(Object.keys(model.backward(d))).toEqual(Object.keys(model.params));
      },
    );
    d.dispose();
    model.dispose();
  });
});

/** The loss of `model`'s recipe with `weights` (float64), computed on the host by plain loops (no tfjs). */
function hostLoss(model: Cnn, weights: Record<string, Float64Array>, xs: Float64Array, labels: number[]): number {
  const layout = cnnLayout(model.config);
  const [h0, w0, c0] = model.config.inputShape;
  const pool = model.config.poolSize;
  let total = 0;
  for (let n = 0; n < labels.length; n++) {
    let a = xs.subarray(n * h0 * w0 * c0, (n + 1) * h0 * w0 * c0) as Float64Array;
    layout.blocks.forEach((b, i) => {
      const kernel = weights[`conv2d_${i + 1}/kernel`]!;
      const bias = weights[`conv2d_${i + 1}/bias`]!;
      const k = b.kernelSize;
      const conv = new Float64Array(b.convHeight * b.convWidth * b.filters);
      for (let oy = 0; oy < b.convHeight; oy++)
        for (let ox = 0; ox < b.convWidth; ox++)
          for (let f = 0; f < b.filters; f++) {
            let s = bias[f]!;
            for (let ky = 0; ky < k; ky++)
              for (let kx = 0; kx < k; kx++) {
                const iy = oy + ky - b.padTop;
                const ix = ox + kx - b.padLeft;
                if (iy < 0 || ix < 0 || iy >= b.inHeight || ix >= b.inWidth) continue;
                for (let c = 0; c < b.inChannels; c++)
                  s +=
                    a[(iy * b.inWidth + ix) * b.inChannels + c]! *
                    kernel[((ky * k + kx) * b.inChannels + c) * b.filters + f]!;
              }
            conv[(oy * b.convWidth + ox) * b.filters + f] = Math.max(0, s);
          }
      const out = new Float64Array(b.outHeight * b.outWidth * b.filters);
      for (let oy = 0; oy < b.outHeight; oy++)
        for (let ox = 0; ox < b.outWidth; ox++)
          for (let f = 0; f < b.filters; f++) {
            let m = Number.NEGATIVE_INFINITY;
            for (let py = 0; py < pool; py++)
              for (let px = 0; px < pool; px++)
                m = Math.max(m, conv[((oy * pool + py) * b.convWidth + ox * pool + px) * b.filters + f]!);
            out[(oy * b.outWidth + ox) * b.filters + f] = m;
          }
      a = out;
    });
    let v: Float64Array = a;
    layout.dense.forEach(([fanIn, fanOut], i) => {
      const kernel = weights[`dense_${i + 1}/kernel`]!;
      const bias = weights[`dense_${i + 1}/bias`]!;
      const z = new Float64Array(fanOut);
      for (let o = 0; o < fanOut; o++) {
        let s = bias[o]!;
        for (let j = 0; j < fanIn; j++) s += v[j]! * kernel[j * fanOut + o]!;
        z[o] = i < layout.dense.length - 1 ? Math.max(0, s) : s;
      }
      v = z;
    });
    const m = Math.max(...v);
    const lse = m + Math.log(v.reduce((s, z) => s + Math.exp(z - m), 0));
    total -= v[labels[n]!]! - lse;
  }
  return total / labels.length;
}
