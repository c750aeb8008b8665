import { createMlp } from '@mnist-kit/models';
import { maxRelativeDiff, randomArray, syntheticSplit } from '@mnist-kit/test-utils';
import { describeBackends } from '@mnist-kit/test-utils/backends';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { adam } from '../../adam';
import { fit } from '../../fit';
import { softmaxCrossEntropy } from '../../softmaxCrossEntropy';
import { ensureFusedKernels, setFusedKernelsEnabled } from './registerFusedKernels';

// The webgpu kernels against the cpu backend, on Node's WebGPU (Dawn; SwiftShader in CI). Skipped where
// no WebGPU adapter exists — unless `.ci/run` says webgpu works here (MNIST_KIT_REQUIRE_BACKENDS).
afterAll(() => setFusedKernelsEnabled(true));

async function on<T>(backend: 'cpu' | 'webgpu', run: () => Promise<T>): Promise<T> {
  if (backend === 'cpu') await import('@tensorflow/tfjs-backend-cpu');
  await tf.setBackend(backend);
  return run();
}

/** Five Adam steps from a fixed start; the final parameters. */
async function adamSteps(options: Parameters<typeof adam>[0]): Promise<Float32Array[]> {
  const params = {
    w: tf.variable(tf.tensor2d(randomArray(37 * 13, 1), [37, 13])),
    b: tf.variable(tf.tensor1d(randomArray(13, 2))),
  };
  const optimizer = adam(options);
  for (let s = 0; s < 5; s++) {
    const grads = { w: tf.tensor2d(randomArray(37 * 13, 10 + s), [37, 13]), b: tf.tensor1d(randomArray(13, 20 + s)) };
    optimizer.step(params, grads);
    tf.dispose(Object.values(grads));
  }
  const out = [(await params.w.data()) as Float32Array, (await params.b.data()) as Float32Array];
  optimizer.dispose();
  tf.dispose(Object.values(params));
  return out;
}

async function loss(labelsOf: () => tf.Tensor, scale: number, smoothing: number) {
  return tf.tidy(() => {
    const logits = tf.mul(tf.tensor2d(randomArray(24 * 10, 3), [24, 10]), scale);
    return softmaxCrossEntropy({ labelSmoothing: smoothing }).valueAndGrad(logits, labelsOf());
  });
}

describeBackends(['webgpu'], () => {
  describe('fused kernels', () => {
    it.for([
      ['plain', {}],
      ['L2 weight decay', { weightDecay: 0.1 }],
      ['AdamW', { weightDecay: 0.1, decoupled: true, learningRate: 0.01 }],
    ] as const)('Adam (%s) matches the cpu backend', async ([, options]) => {
      setFusedKernelsEnabled(false);
      const want = await on('cpu', () => adamSteps(options));
      setFusedKernelsEnabled(true);
      const got = await on('webgpu', async () => {
        expect(ensureFusedKernels()).toBe(true);
        return adamSteps(options);
      });
      for (const [i, values] of got.entries()) expect(maxRelativeDiff(values, want[i]!)).toBeLessThan(1e-5);
    });

    const sparse = () =>
      tf.tensor1d(
        Array.from({ length: 24 }, (_, i) => i % 10),
        'int32',
      );
    const oneHot = () =>
      tf.tidy(() =>
        tf.cast(
          tf.oneHot(
            tf.tensor1d(
              Array.from({ length: 24 }, (_, i) => (i * 3) % 10),
              'int32',
            ),
            10,
          ),
          'float32',
        ),
      );
    it.for([
      ['sparse labels', sparse, 1, 0],
      ['one-hot labels, smoothing', oneHot, 1, 0.1],
      ['logits of ±1e4', sparse, 1e4, 0],
    ] as const)('softmax cross-entropy (%s) matches the cpu backend', async ([, labels, scale, smoothing]) => {
      setFusedKernelsEnabled(false);
      const want = await on('cpu', async () => {
        const r = await loss(labels, scale, smoothing);
        const out = { grad: await r.grad.data(), value: (await r.value.data())[0]! };
        tf.dispose([r.grad, r.value]);
        return out;
      });
      setFusedKernelsEnabled(true);
      const got = await on('webgpu', async () => {
        const before = tf.memory().numTensors;
        let r: Awaited<ReturnType<typeof loss>> | undefined;
        const profile = await tf.profile(async () => {
          r = await loss(labels, scale, smoothing);
          return [];
        });
        expect(profile.kernelNames).toContain('MnistKitSoftmaxCrossEntropy');
        if (r === undefined) throw new Error('no result');
        const out = {
          grad: await r.grad.data(),
          value: (await r.value.data())[0]!,
          correct: (await r.correct!.data())[0]!,
        };
        tf.dispose([r.grad, r.value, r.correct!]);
        expect(tf.memory().numTensors).toBe(before);
        return out;
      });
      expect(maxRelativeDiff(got.grad, want.grad)).toBeLessThan(1e-5);
      expect(Math.abs(got.value - want.value) / Math.max(1, Math.abs(want.value))).toBeLessThan(1e-5);
      expect(Number.isInteger(got.correct)).toBe(true);
    });

    it('trains the recipe for a few steps on webgpu with the losses of the cpu backend', async () => {
      const data = syntheticSplit(256, { rows: 28, cols: 28, classes: 10 });
      const train = async () => {
        const model = createMlp({ seed: 3 });
        const history = await fit(model, data, { epochs: 2, batchSize: 64, optimizer: adam(), stepEngine: 'tfjs' });
        model.dispose();
        return history.epochs.map((e) => e.trainLoss);
      };
      const cpu = await on('cpu', train);
      const gpu = await on('webgpu', train);
      expect(maxRelativeDiff(gpu, cpu)).toBeLessThan(1e-4);
    });
  });
});
