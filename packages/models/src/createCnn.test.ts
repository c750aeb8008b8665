import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CNN_CONFIG, expectSeededWeights, expectWithinBound, paramValues, torchBounds } from '../test/helpers';
import { createCnn } from './createCnn';
import { ModelError } from './ModelError';
import type { CnnOptions, Model } from './types';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function issuesOf(options: CnnOptions): readonly string[] {
  try {
    createCnn(options);
  } catch (e) {
    expect(e).toBeInstanceOf(ModelError);
    expect((e as ModelError).code).toBe('INVALID_OPTIONS');
    return (e as ModelError).issues;
  }
  throw new Error('createCnn accepted the options');
}

describe('createCnn', () => {
  it('builds the default: conv 8@5×5 → pool → conv 16@5×5 → pool → dense 128 → 10, 37,610 parameters', () => {
    const model = createCnn({ seed: 1 });
    expect(model.kind).toBe('cnn');
    expect(model.paramCount).toBe(37_610);
    expect(Object.entries(model.params).map(([k, v]) => [k, v.shape])).toEqual([
      ['conv2d_1/kernel', [5, 5, 1, 8]],
      ['conv2d_1/bias', [8]],
      ['conv2d_2/kernel', [5, 5, 8, 16]],
      ['conv2d_2/bias', [16]],
      ['dense_1/kernel', [256, 128]],
      ['dense_1/bias', [128]],
      ['dense_2/kernel', [128, 10]],
      ['dense_2/bias', [10]],
    ]);
    for (const v of Object.values(model.params)) {
      expect(v).toBeInstanceOf(tf.Variable);
      expect(v.trainable).toBe(true);
    }
    expect(model.config).toEqual({ ...DEFAULT_CNN_CONFIG, seed: 1 });
    expect(model.pixelScaling).toEqual(model.config.pixelScaling);
    // Structurally a TrainableModel (params, forward with keep, backward) and a Model.
    const asModel: Model = model;
    expect(asModel.kind).toBe('cnn');
    expect(model.backward).toBeTypeOf('function');
    expect('architecture' in model).toBe(false);
    model.dispose();
  });

  it('rejects bad options with every problem listed', () => {
    expect(
      issuesOf({
        inputShape: [28, 28] as never,
        filters: [8, 0],
        kernelSize: 2.5,
        padding: 'full' as never,
        poolSize: 0,
        denseSizes: [-1],
        outputSize: 0,
        dropout: 1,
        convDropout: -0.1,
        init: 'zeros' as never,
        seed: 1.5,
        pixelScaling: { normalize: 'nope' as never },
      }),
    ).toHaveLength(12);
    expect(issuesOf({ filters: [] })).toEqual([
      'filters must be a non-empty array of positive integers, one per conv block (got [])',
    ]);
    expect(issuesOf({ filters: [4, 8], kernelSize: [3, 3, 3] })[0]).toMatch(/lists 3 sizes for 2 conv blocks/);
    // The maps must not vanish.
    expect(issuesOf({ filters: [4, 8, 16] })[0]).toMatch(/conv block 3: a 5×5 kernel does not fit its 4×4 input/);
    expect(issuesOf({ inputShape: [5, 5, 1], filters: [4], kernelSize: 5 })[0]).toMatch(
      /conv block 1: a 2×2 pooling window does not fit its 1×1 feature map/,
    );
    expect(() => createCnn({ filters: [4, 8, 16], padding: 'same' })).not.toThrow();
  });

  it('records a drawn seed when none is given; a seed gives the same weights, another seed others', () => {
    const a = createCnn({ filters: [2], kernelSize: 3, denseSizes: [] });
    expect(Number.isSafeInteger(a.config.seed)).toBe(true);
    expectSeededWeights(a, createCnn(a.config), createCnn({ ...a.config, seed: a.config.seed! + 1 }));
  });

  it('pytorch init: conv and dense kernels and biases ~ U(±1/√fan_in), fan_in of a conv = k² · inChannels', () => {
    const model = createCnn({ seed: 3 });
    for (const [name, bound] of torchBounds({ conv2d_1: 25, conv2d_2: 200, dense_1: 256, dense_2: 128 })) {
      expectWithinBound(paramValues(model, `${name}/kernel`), bound, 0.9);
      const bias = paramValues(model, `${name}/bias`);
      expectWithinBound(bias, bound);
      expect(bias.some((v) => v !== 0)).toBe(true);
    }
    const he = createCnn({ seed: 3, init: 'he' });
    expect(paramValues(he, 'conv2d_2/bias').every((v) => v === 0)).toBe(true);
    expectWithinBound(paramValues(he, 'conv2d_2/kernel'), Math.sqrt(6 / 200), 0.95);
    model.dispose();
    he.dispose();
  });

  it('forward takes flat [B, 784] or NHWC [B, 28, 28, 1] inputs and gives [B, 10]; predict gives probabilities', () => {
    const model = createCnn({ seed: 9 });
    const x = tf.randomUniform([4, 784], 0, 1, 'float32', 1);
    const logits = model.forward(x);
    expect(logits.shape).toEqual([4, 10]);
    const nhwc = model.forward(tf.reshape(x, [4, 28, 28, 1]));
    expect(Array.from(nhwc.dataSync())).toEqual(Array.from(logits.dataSync()));
    const probs = model.predict(x);
    for (const s of probs.sum(1).dataSync()) expect(s).toBeCloseTo(1, 5);
    expect(() => model.forward(tf.zeros([4, 783]))).toThrow(
      expect.objectContaining({
        code: 'INVALID_INPUT',
        message: expect.stringMatching(/\[batch, 784\] or \[batch, 28, 28, 1\]/),
      }),
    );
    expect(() => model.forward(tf.zeros([4, 28, 28, 3]))).toThrow(ModelError);
    tf.dispose([x, logits, nhwc, probs]);
    model.dispose();
  });

  it('output shapes for other recipes: same padding keeps the map size, pooling floors it', () => {
    const same = createCnn({ filters: [4, 8], kernelSize: 3, padding: 'same', denseSizes: [], seed: 1 });
    // 28 → 28 → 14 → 14 → 7: the flatten has 7·7·8 features.
    expect(same.params['dense_1/kernel']!.shape).toEqual([392, 10]);
    const odd = createCnn({
      inputShape: [13, 11, 3],
      filters: [2],
      kernelSize: 4,
      poolSize: 3,
      denseSizes: [],
      seed: 1,
    });
    // 13×11 → (valid 4×4) 10×8 → (3×3 pool) 3×2: 3·2·2 = 12 features.
    expect(odd.params['dense_1/kernel']!.shape).toEqual([12, 10]);
    const y = odd.forward(tf.zeros([2, 13 * 11 * 3]));
    expect(y.shape).toEqual([2, 10]);
    tf.dispose(y);
    same.dispose();
    odd.dispose();
  });

  it('dropout only in training; a pass seed fixes the masks', () => {
    const model = createCnn({ seed: 2, dropout: 0.5, convDropout: 0.3 });
    const x = tf.randomUniform([8, 784], 0, 1, 'float32', 3);
    const a = model.forward(x);
    const b = model.forward(x, { seed: 1 });
    const t1 = model.forward(x, { training: true, seed: 11 });
    const t2 = model.forward(x, { training: true, seed: 11 });
    const t3 = model.forward(x, { training: true, seed: 12 });
    const diff = (p: tf.Tensor, q: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(p, q))).dataSync()[0]!);
    expect(diff(a, b)).toBe(0);
    expect(diff(t1, t2)).toBe(0);
    expect(diff(t1, t3)).toBeGreaterThan(0);
    expect(diff(t1, a)).toBeGreaterThan(0);
    tf.dispose([x, a, b, t1, t2, t3]);
    model.dispose();
  });

  it('summary lists the layers like PyTorch, with output shapes and parameter counts', () => {
    const text = createCnn({ seed: 1, dropout: 0.2, convDropout: 0.1 }).summary();
    expect(text).toContain('Cnn(');
    expect(text).toMatch(
      /\(conv2d_1\): Conv2d\(1, 8, kernel_size=\(5, 5\), stride=\(1, 1\)\)\s+\[B, 24, 24, 8\]\s+208/,
    );
    expect(text).toMatch(/\(max_pooling2d_1\): MaxPool2d\(kernel_size=2, stride=2\)\s+\[B, 12, 12, 8\]/);
    expect(text).toMatch(/\(conv2d_2\): Conv2d\(8, 16, .*\[B, 8, 8, 16\]\s+3,216/);
    expect(text).toContain('(dropout_conv_1): Dropout(p=0.1)');
    expect(text).toMatch(/\(flatten\): Flatten\(start_dim=1\)\s+\[B, 256\]/);
    expect(text).toMatch(/\(dense_1\): Linear\(in_features=256, out_features=128, bias=True\)\s+\[B, 128\]\s+32,896/);
    expect(text).toContain('(dropout_1): Dropout(p=0.2)');
    expect(text).toContain('Total params: 37,610');
    const same = createCnn({ padding: 'same', kernelSize: 3, seed: 1 }).summary();
    expect(same).toContain('Conv2d(1, 8, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))');
  });

  it('trace: every layer in inference mode, ending in the logits and probabilities predict gives', () => {
    const model = createCnn({ seed: 4, dropout: 0.5 });
    const x = tf.randomUniform([2, 784], 0, 1, 'float32', 5);
    const trace = model.trace(x);
    expect(trace.layers.map((l) => [l.name, l.kind, l.activation, l.output.shape])).toEqual([
      ['conv2d_1', 'conv2d', 'relu', [2, 24, 24, 8]],
      ['max_pooling2d_1', 'pool', 'linear', [2, 12, 12, 8]],
      ['conv2d_2', 'conv2d', 'relu', [2, 8, 8, 16]],
      ['max_pooling2d_2', 'pool', 'linear', [2, 4, 4, 16]],
      ['flatten', 'flatten', 'linear', [2, 256]],
      ['dense_1', 'dense', 'relu', [2, 128]],
      ['dense_2', 'dense', 'linear', [2, 10]],
    ]);
    const probs = model.predict(x);
    const gap = tf.tidy(() => tf.max(tf.abs(tf.sub(trace.probabilities, probs))).dataSync()[0]!);
    expect(gap).toBeLessThan(1e-6);
    expect(() => model.trace(tf.zeros([1, 10]))).toThrow(/trace expects inputs/);
    tf.dispose([x, probs, trace as unknown as tf.TensorContainer]);
    model.dispose();
  });

  it('dispose frees the variables and the model refuses further use; several models coexist', () => {
    const before = tf.memory().numTensors;
    const a = createCnn({ seed: 1 });
    const b = createCnn({ seed: 1 });
    expect(tf.memory().numTensors).toBe(before + 16);
    expect(a.params['conv2d_1/kernel']!.name).not.toBe(b.params['conv2d_1/kernel']!.name);
    a.dispose();
    b.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(a.isDisposed).toBe(true);
    expect(() => a.forward(tf.zeros([1, 784]))).toThrow(expect.objectContaining({ code: 'DISPOSED' }));
    a.dispose();
  });
});
