import { describeBackends } from '@mnist-kit/test-utils/backends';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { relError } from '../../test/helpers';
import { type ConvBlockLayout, cnnLayout } from './cnnLayout';
import {
  conv2dFilterGrad,
  conv2dInputGrad,
  convGradientPlan,
  type FilterGradMethod,
  type InputGradMethod,
  maxPoolReluGrad,
  type PoolGradMethod,
} from './convGradients';

/** One conv block's layout for an input `[h, w, c]`. */
function blockFor(h: number, w: number, c: number, filters: number, k: number, padding: 'valid' | 'same', pool = 2) {
  return cnnLayout({ inputShape: [h, w, c], filters: [filters], kernelSize: [k], padding, poolSize: pool })
    .blocks[0] as ConvBlockLayout;
}

const CASES = [
  { name: '28×28×1 → 8, k5 valid', h: 28, w: 28, c: 1, f: 8, k: 5, padding: 'valid' as const },
  { name: '12×12×8 → 16, k5 valid', h: 12, w: 12, c: 8, f: 16, k: 5, padding: 'valid' as const },
  { name: '9×7×3 → 4, k3 same', h: 9, w: 7, c: 3, f: 4, k: 3, padding: 'same' as const },
  {
    name: '8×8×2 → 3, k4 same (even kernel: asymmetric padding)',
    h: 8,
    w: 8,
    c: 2,
    f: 3,
    k: 4,
    padding: 'same' as const,
  },
];

/** Autograd's gradients of Σ(dy · conv2d(x, kernel)) w.r.t. x and kernel — on the cpu backend, which has every gradient kernel. */
async function autogradConv(x: tf.Tensor4D, kernel: tf.Tensor4D, dy: tf.Tensor4D, padding: 'valid' | 'same') {
  const backend = tf.getBackend();
  await tf.setBackend('cpu');
  const [dx, dw] = tf.tidy(() =>
    tf.grads((a: tf.Tensor, b: tf.Tensor) =>
      tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, padding), dy)),
    )([x, kernel]),
  ) as [tf.Tensor, tf.Tensor];
  const out = { dx: Array.from(dx.dataSync()), dw: Array.from(dw.dataSync()) };
  tf.dispose([dx, dw]);
  await tf.setBackend(backend);
  return out;
}

describeBackends(['cpu', 'wasm'], (backend) => {
  describe('convolution gradients', () => {
    for (const c of CASES) {
      const methods: FilterGradMethod[] = tf.getKernel('Conv2DBackpropFilter', backend) ? ['kernel', 'conv'] : ['conv'];
      const inputMethods: InputGradMethod[] = ['kernel', 'conv'];
      it(`${c.name}: every method matches autograd (relative error < 1e-5)`, async () => {
        const block = blockFor(c.h, c.w, c.c, c.f, c.k, c.padding);
        const x = tf.randomUniform([3, c.h, c.w, c.c], -1, 1, 'float32', 1) as tf.Tensor4D;
        const kernel = tf.randomUniform([c.k, c.k, c.c, c.f], -0.5, 0.5, 'float32', 2) as tf.Tensor4D;
        const dy = tf.randomUniform([3, block.convHeight, block.convWidth, c.f], -1, 1, 'float32', 3) as tf.Tensor4D;
        const ref = await autogradConv(x, kernel, dy, c.padding);
        for (const method of methods) {
          const dw = tf.tidy(() => conv2dFilterGrad(x, dy, block, method));
          expect(dw.shape).toEqual([c.k, c.k, c.c, c.f]);
          expect(relError(dw, tf.tensor(ref.dw)), `filter ${method}`).toBeLessThan(1e-5);
          dw.dispose();
        }
        for (const method of inputMethods) {
          const dx = tf.tidy(() => conv2dInputGrad(dy, kernel, block, method));
          expect(dx.shape).toEqual([3, c.h, c.w, c.c]);
          expect(relError(dx, tf.tensor(ref.dx)), `input ${method}`).toBeLessThan(1e-5);
          dx.dispose();
        }
        tf.dispose([x, kernel, dy]);
      });
    }
  });

  describe('ReLU → MaxPool gradient', () => {
    // wasm's MaxPoolGrad sends a tied window's gradient to its *last* maximum (`x >= max`; cpu, tfjs-node and
    // autograd's reference use the first), so the plan never uses it there (see the test below).
    const methods: PoolGradMethod[] = backend === 'wasm' ? ['host', 'ops'] : ['host', 'kernel', 'ops'];
    for (const [h, w, pool] of [
      [24, 24, 2],
      [7, 9, 2],
      [13, 11, 3],
    ] as const) {
      it(`${h}×${w}, window ${pool}: every method matches autograd, ties and zero windows included`, async () => {
        // Quantised values: many equal maxima (the first one takes the gradient) and all-zero ReLU windows.
        const z = tf.tidy(() => tf.round(tf.randomUniform([2, h, w, 5], -2, 3, 'float32', 4)) as tf.Tensor4D);
        const y = tf.relu(z);
        const pooled = tf.maxPool(y, pool, pool, 'valid');
        const dp = tf.randomUniform(pooled.shape, -1, 1, 'float32', 5) as tf.Tensor4D;
        const saved = tf.getBackend();
        await tf.setBackend('cpu');
        const ref = tf.tidy(() =>
          Array.from(
            tf
              .grad((a: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(tf.relu(a as tf.Tensor4D), pool, pool, 'valid'), dp)))(z)
              .dataSync(),
          ),
        );
        await tf.setBackend(saved);
        const ties = tf.tidy(
          () => tf.sum(tf.cast(tf.equal(y, tf.maxPool(y, 1, 1, 'valid')), 'float32')).dataSync()[0]!,
        );
        expect(ties).toBeGreaterThan(0);
        for (const method of methods) {
          const before = tf.memory().numTensors;
          const dz = tf.tidy(() => maxPoolReluGrad(dp, y, pooled, pool, method));
          expect(tf.memory().numTensors, `${method} leaves one tensor`).toBe(before + 1);
          expect(dz.shape).toEqual([2, h, w, 5]);
          // Exactly the same numbers (±0 alike).
          const got = dz.dataSync();
          const wrong = ref.flatMap((v, i) => (got[i] === v ? [] : [`${i}: ${got[i]} vs ${v}`]));
          expect(wrong, method).toEqual([]);
          dz.dispose();
        }
        tf.dispose([z, y, pooled, dp]);
      });
    }

    if (backend === 'wasm') {
      it("tfjs' MaxPoolGrad kernel on wasm breaks ties towards the last maximum (why the plan does not use it)", () => {
        const y = tf.tensor4d([1, 1, 1, 1], [1, 2, 2, 1]);
        const pooled = tf.maxPool(y, 2, 2, 'valid');
        const dp = tf.tensor4d([1], [1, 1, 1, 1]);
        expect(Array.from(maxPoolReluGrad(dp, y, pooled, 2, 'kernel').dataSync())).toEqual([0, 0, 0, 1]);
        expect(Array.from(maxPoolReluGrad(dp, y, pooled, 2, 'host').dataSync())).toEqual([1, 0, 0, 0]);
        expect(Array.from(maxPoolReluGrad(dp, y, pooled, 2, 'ops').dataSync())).toEqual([1, 0, 0, 0]);
        tf.dispose([y, pooled, dp]);
      });
    }

    it('without pooling (window 1) it is the ReLU derivative alone', () => {
      const z = tf.randomUniform([2, 4, 4, 3], -1, 1, 'float32', 6) as tf.Tensor4D;
      const y = tf.relu(z);
      const dp = tf.randomUniform([2, 4, 4, 3], -1, 1, 'float32', 7) as tf.Tensor4D;
      const dz = maxPoolReluGrad(dp, y, y, 1, 'host');
      expect(relError(dz, tf.mul(dp, tf.step(z)))).toBe(0);
      tf.dispose([z, y, dp, dz]);
    });
  });
});

describe('convGradientPlan', () => {
  it('picks, per backend, the fastest method and falls back where a tfjs kernel is missing', async () => {
    await import('@tensorflow/tfjs-backend-wasm');
    // wasm has no Conv2DBackpropFilter, and its Conv2DBackpropInput is slower than its Conv2D.
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeUndefined();
    expect(convGradientPlan('wasm')).toEqual({ filter: 'conv', input: 'conv', pool: 'host' });
    expect(convGradientPlan('cpu')).toEqual({ filter: 'conv', input: 'kernel', pool: 'host' });
    // A backend with no registered kernels at all (an unknown name) gets the op fallbacks.
    expect(convGradientPlan('no-such-backend')).toEqual({ filter: 'conv', input: 'conv', pool: 'ops' });
  });
});
