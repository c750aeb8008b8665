import { setFlagsFromString } from 'node:v8';
import { createMlp } from '@mnist-kit/models';
import { maxRelativeDiff, randomArray } from '@mnist-kit/test-utils';
import { useCpuBackend } from '@mnist-kit/test-utils/backends';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { softmaxCrossEntropy } from '../../softmaxCrossEntropy';
import { adamStepScalars } from '../adamScalars';
import { createEngine, type EngineLayer } from './createEngine';
import { relaxedSimdSupported } from './loadEngineModule';

beforeAll(useCpuBackend);

type Activation = 'relu' | 'tanh' | 'sigmoid';

function engineLayers(sizes: number[], activation: Activation): EngineLayer[] {
  return sizes.slice(1).map((units, i) => ({
    inputs: sizes[i]!,
    units,
    activation: i === sizes.length - 2 ? 'linear' : activation,
  }));
}

/** The tfjs reference: gradients of one explicit step (forward → fused loss → backward) on cpu. */
function referenceGradients(
  model: ReturnType<typeof createMlp>,
  x: Float32Array,
  labels: Int32Array,
  rows: number,
  smoothing: number,
) {
  return tf.tidy(() => {
    const xs = tf.tensor2d(x.subarray(0, rows * model.config.inputSize), [rows, model.config.inputSize]);
    const ys = tf.tensor1d(labels.subarray(0, rows), 'int32');
    const out = model.forward(xs, { training: true, keep: true });
    const { value, grad, correct } = softmaxCrossEntropy({ labelSmoothing: smoothing }).valueAndGrad(out, ys);
    const grads = model.backward(grad);
    return {
      loss: value.dataSync()[0]!,
      correct: correct!.dataSync()[0]!,
      grads: Object.fromEntries(Object.entries(grads).map(([k, g]) => [k, g.dataSync() as Float32Array])),
    };
  });
}

describe('the training engine', () => {
  it.each([
    ['recipe 784-128-128-10 relu, batch 64', [784, 128, 128, 10], 'relu', 64, 0],
    ['odd widths 50-37-13-7 relu, batch 61', [50, 37, 13, 7], 'relu', 61, 0],
    ['tanh, label smoothing, batch 9', [30, 20, 5], 'tanh', 9, 0.1],
    ['sigmoid, three hidden layers, batch 3', [12, 9, 17, 6, 4], 'sigmoid', 3, 0],
  ] as const)(
    'computes the loss and every gradient like tfjs (%s)',
    async (_label, sizes, activation, rows, smoothing) => {
      const model = createMlp({
        inputSize: sizes[0],
        hiddenSizes: sizes.slice(1, -1),
        outputSize: sizes.at(-1),
        activation,
        seed: 3,
      });
      const engine = await createEngine({
        layers: engineLayers([...sizes], activation),
        dropout: 0,
        maxBatch: 64,
        threads: 1,
        optimizer: 'adam',
        smoothing,
      });
      try {
        const layers = sizes.length - 1;
        for (let l = 0; l < layers; l++) {
          const kernel = model.params[`dense_${l + 1}/kernel`]!.dataSync() as Float32Array;
          const bias = model.params[`dense_${l + 1}/bias`]!.dataSync() as Float32Array;
          engine.write('params', l, kernel, bias);
        }
        const x = randomArray(rows * sizes[0], 7);
        for (let i = 0; i < x.length; i++) x[i] = Math.abs(x[i]!);
        const labels = Int32Array.from({ length: rows }, (_, i) => (i * 7 + 3) % sizes.at(-1)!);
        engine.x.set(x);
        engine.labels.set(labels);
        const zeroStep = {
          kind: 'adam' as const,
          ...adamStepScalars({ beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0, decoupled: false }, 1, 0),
        };
        const got = engine.step(rows, 0, zeroStep);
        const want = referenceGradients(model, x, labels, rows, smoothing);
        expect(Math.abs(got.loss - want.loss) / want.loss).toBeLessThan(1e-5);
        expect(got.correct).toBe(want.correct);
        for (let l = 0; l < layers; l++) {
          const g = engine.read('grads', l);
          expect(maxRelativeDiff(g.kernel, want.grads[`dense_${l + 1}/kernel`]!)).toBeLessThan(1e-5);
          expect(maxRelativeDiff(g.bias, want.grads[`dense_${l + 1}/bias`]!)).toBeLessThan(1e-5);
          // A zero learning rate leaves the weights as they were.
          expect(engine.read('params', l).kernel).toEqual(model.params[`dense_${l + 1}/kernel`]!.dataSync());
        }
      } finally {
        await engine.dispose();
        model.dispose();
      }
    },
  );
});

describe('the relaxed-SIMD build', () => {
  it("runs where V8 has relaxed SIMD and gives the plain build's gradients to float tolerance", async () => {
    // Node 22+ has it on by default; on Node 20 the CLI sets this flag at start-up, as done here.
    setFlagsFromString('--experimental-wasm-relaxed-simd');
    expect(relaxedSimdSupported()).toBe(true);
    const layers = engineLayers([40, 24, 5], 'relu');
    const model = createMlp({ inputSize: 40, hiddenSizes: [24], outputSize: 5, seed: 8 });
    const x = randomArray(16 * 40, 5);
    const labels = Int32Array.from({ length: 16 }, (_, i) => i % 5);
    const zeroStep = {
      kind: 'adam' as const,
      ...adamStepScalars({ beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0, decoupled: false }, 1, 0),
    };
    const grads = [];
    for (const relaxed of [false, true]) {
      const engine = await createEngine({
        layers,
        dropout: 0,
        maxBatch: 16,
        threads: 1,
        optimizer: 'adam',
        smoothing: 0,
        relaxed,
      });
      expect(engine.isa).toBe(relaxed ? 'relaxed-simd' : 'simd');
      for (let l = 0; l < 2; l++) {
        engine.write(
          'params',
          l,
          model.params[`dense_${l + 1}/kernel`]!.dataSync() as Float32Array,
          model.params[`dense_${l + 1}/bias`]!.dataSync() as Float32Array,
        );
      }
      engine.x.set(x);
      engine.labels.set(labels);
      engine.step(16, 0, zeroStep);
      grads.push(engine.read('grads', 0).kernel);
      await engine.dispose();
    }
    expect(maxRelativeDiff(grads[1]!, grads[0]!)).toBeLessThan(1e-5);
    model.dispose();
  });
});
