import * as tf from '@tensorflow/tfjs';
import type { Tensor, Variable } from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectSeededWeights, expectWithinBound, paramValues, torchBounds } from '../test/helpers';
import { createMlp } from './createMlp';
import { ModelError } from './ModelError';

/** Local copy of `TrainableModel` from @mnist-kit/training (structural check only). */
interface TrainableModel {
  readonly params: Record<string, Variable>;
  forward(x: Tensor, options?: { training?: boolean; keep?: boolean; seed?: number }): Tensor;
  backward?(dOutput: Tensor): Record<string, Tensor>;
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('createMlp', () => {
  it('builds the default recipe: 784 → 128 → 128 → 10, 118,282 parameters', () => {
    const model = createMlp({ seed: 1 });
    expect(model.paramCount).toBe(118_282);
    expect(Object.keys(model.params)).toEqual([
      'dense_1/kernel',
      'dense_1/bias',
      'dense_2/kernel',
      'dense_2/bias',
      'dense_3/kernel',
      'dense_3/bias',
    ]);
    expect(Object.values(model.params).map((v) => v.shape)).toEqual([
      [784, 128],
      [128],
      [128, 128],
      [128],
      [128, 10],
      [10],
    ]);
    for (const v of Object.values(model.params)) {
      expect(v).toBeInstanceOf(tf.Variable);
      expect(v.trainable).toBe(true);
    }
    expect(model.config).toEqual({
      inputSize: 784,
      hiddenSizes: [128, 128],
      outputSize: 10,
      activation: 'relu',
      dropout: 0,
      init: 'pytorch',
      seed: 1,
      pixelScaling: { normalize: 'unit', mean: 0.1307, std: 0.3081 },
      classNames: null,
      preprocessing: 'digit',
    });
    const trainable: TrainableModel = model;
    expect(trainable.backward).toBeTypeOf('function');
    model.dispose();
  });

  it('records a drawn seed when none is given', () => {
    const a = createMlp({ hiddenSizes: [5], inputSize: 3, outputSize: 2 });
    expect(Number.isSafeInteger(a.config.seed)).toBe(true);
    const b = createMlp(a.config);
    expect(b.params['dense_1/kernel']!.dataSync()).toEqual(a.params['dense_1/kernel']!.dataSync());
    a.dispose();
    b.dispose();
  });

  it('is reproducible for a seed and differs between seeds', () => {
    expectSeededWeights(createMlp({ seed: 42 }), createMlp({ seed: 42 }), createMlp({ seed: 43 }));
  });

  it('pytorch init: kernel and bias ~ U(−1/√fan_in, 1/√fan_in), filling the range', () => {
    const model = createMlp({ seed: 3 });
    for (const [name, bound] of torchBounds({ dense_1: 784, dense_2: 128, dense_3: 128 })) {
      for (const part of ['kernel', 'bias']) {
        const values = paramValues(model, `${name}/${part}`);
        expectWithinBound(values, bound, part === 'kernel' ? 0.99 : undefined);
        if (part === 'kernel') {
          const mean = values.reduce((s, v) => s + v, 0) / values.length;
          const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length;
          expect(Math.abs(mean)).toBeLessThan(bound * 0.05);
          expect(variance).toBeCloseTo(bound ** 2 / 3, 2);
        }
      }
    }
    model.dispose();
  });

  it('he and glorot init: uniform kernel bounds and zero bias', () => {
    for (const init of ['he', 'glorot'] as const) {
      const model = createMlp({ init, seed: 5, hiddenSizes: [64] });
      const bound = init === 'he' ? Math.sqrt(6 / 784) : Math.sqrt(6 / (784 + 64));
      const kernel = Array.from(model.params['dense_1/kernel']!.dataSync());
      const max = kernel.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
      expect(max).toBeLessThanOrEqual(bound * (1 + 1e-6));
      expect(max).toBeGreaterThan(bound * 0.99);
      expect(Array.from(model.params['dense_1/bias']!.dataSync()).every((v) => v === 0)).toBe(true);
      model.dispose();
    }
  });

  it('rejects bad options with every problem listed', () => {
    try {
      createMlp({ inputSize: 0, hiddenSizes: [10, -1], activation: 'swish' as never, dropout: 1, seed: 1.5 });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ModelError);
      expect((e as ModelError).code).toBe('INVALID_OPTIONS');
      expect((e as ModelError).issues).toHaveLength(5);
    }
  });

  it('forward gives [B, out] logits, predict gives probabilities, bad inputs are rejected', () => {
    const model = createMlp({ seed: 9 });
    const x = tf.randomUniform([4, 784], 0, 1, 'float32', 1);
    const logits = model.forward(x);
    expect(logits.shape).toEqual([4, 10]);
    const probs = model.predict(x);
    const sums = probs.sum(1).dataSync();
    for (const s of sums) expect(s).toBeCloseTo(1, 5);
    expect(() => model.forward(tf.zeros([4, 783]))).toThrow(ModelError);
    expect(() => model.forward(tf.zeros([784]))).toThrow(/\[batch, 784\]/);
    tf.dispose([x, logits, probs]);
    model.dispose();
  });

  it('dropout only in training; a pass seed fixes the masks; inverted scaling keeps the mean', () => {
    const model = createMlp({ seed: 2, hiddenSizes: [256], dropout: 0.5 });
    const x = tf.randomUniform([64, 784], 0, 1, 'float32', 3);
    const eval1 = model.forward(x);
    const eval2 = model.forward(x, { seed: 1 });
    expect(maxDiff(eval1, eval2)).toBe(0);
    const t1 = model.forward(x, { training: true, seed: 11 });
    const t2 = model.forward(x, { training: true, seed: 11 });
    const t3 = model.forward(x, { training: true, seed: 12 });
    expect(maxDiff(t1, t2)).toBe(0);
    expect(maxDiff(t1, t3)).toBeGreaterThan(0);
    expect(maxDiff(t1, eval1)).toBeGreaterThan(0);
    // Inverted dropout: logits are linear in the hidden layer, so their mean over many masks is the eval logits.
    const mean = tf.tidy(() => {
      const xs = x.slice([0, 0], [4, 784]);
      let sum = tf.zerosLike(model.forward(xs));
      for (let s = 0; s < 400; s++) sum = tf.add(sum, model.forward(xs, { training: true, seed: 1000 + s }));
      return tf.div(sum, 400);
    });
    const evalHead = eval1.slice([0, 0], [4, 10]);
    const scale = tf.tidy(() => tf.max(tf.abs(evalHead)).dataSync()[0]!);
    expect(maxDiff(mean, evalHead)).toBeLessThan(0.1 * scale);
    tf.dispose([mean, evalHead]);
    tf.dispose([x, eval1, eval2, t1, t2, t3]);
    model.dispose();
  });

  it('summary looks like PyTorch with shapes and counts', () => {
    const model = createMlp({ seed: 1, dropout: 0.2 });
    const text = model.summary();
    expect(text).toContain('Mlp(');
    expect(text).toContain('(dense_1): Linear(in_features=784, out_features=128, bias=True)');
    expect(text).toContain('(relu_1): ReLU()');
    expect(text).toContain('(dropout_2): Dropout(p=0.2)');
    expect(text).toContain('100,480');
    expect(text).toContain('Total params: 118,282');
    model.dispose();
  });

  it('dispose frees the variables and the model refuses further use', () => {
    const before = tf.memory().numTensors;
    const model = createMlp({ seed: 1 });
    expect(tf.memory().numTensors).toBe(before + 6);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(model.isDisposed).toBe(true);
    expect(() => model.forward(tf.zeros([1, 784]))).toThrow(expect.objectContaining({ code: 'DISPOSED' }));
    model.dispose();
  });

  it('several models coexist (unique variable names)', () => {
    const a = createMlp({ seed: 1 });
    const b = createMlp({ seed: 1 });
    expect(a.params['dense_1/kernel']!.name).not.toBe(b.params['dense_1/kernel']!.name);
    a.dispose();
    b.dispose();
  });
});

function maxDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);
}
