import '@tensorflow/tfjs-backend-cpu';
import { createCnn, createMlp } from '@mnist-kit/models';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { canTrace, traceInput } from './activations';
import { predictPixels } from './predict';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('traceInput', () => {
  it('reads every layer of one input back, with the probabilities predict gives; frees every tensor', async () => {
    const model = createMlp({ hiddenSizes: [16, 8], seed: 2, pixelScaling: { normalize: 'standardize' } });
    const pixels = Uint8Array.from({ length: 784 }, (_, i) => (i * 37) % 256);
    const before = tf.memory().numTensors;
    const traced = await traceInput(model, pixels);
    expect(tf.memory().numTensors).toBe(before);
    expect(traced.layers.map((l) => [l.name, l.kind, l.activation, l.shape])).toEqual([
      ['dense_1', 'dense', 'relu', [16]],
      ['dense_2', 'dense', 'relu', [8]],
      ['dense_3', 'dense', 'linear', [10]],
    ]);
    expect(traced.layers[0]!.output.every((v) => v >= 0)).toBe(true);
    expect(traced.logits).toEqual(traced.layers[2]!.output);
    const predicted = await predictPixels(model, pixels);
    for (const [k, p] of predicted.probabilities.entries()) expect(traced.probabilities[k]).toBeCloseTo(p, 6);
    expect(canTrace(model)).toBe(true);
    expect(canTrace({})).toBe(false);
    expect(canTrace(undefined)).toBe(false);
    model.dispose();
  });
});

describe('traceInput of a CNN', () => {
  it('conv and pool layers come back as [height, width, channels] feature maps', async () => {
    const model = createCnn({ filters: [4], denseSizes: [], seed: 1 });
    const pixels = Uint8Array.from({ length: 784 }, (_, i) => (i * 11) % 256);
    const traced = await traceInput(model, pixels);
    const conv = traced.layers.find((l) => l.kind === 'conv2d')!;
    expect(conv.shape).toHaveLength(3);
    expect(conv.shape[2]).toBe(4);
    expect(conv.output.length).toBe(conv.shape[0]! * conv.shape[1]! * 4);
    expect(traced.layers.at(-1)!.shape).toEqual([10]);
    const predicted = await predictPixels(model, pixels);
    for (const [k, p] of predicted.probabilities.entries()) expect(traced.probabilities[k]).toBeCloseTo(p, 5);
    model.dispose();
  });
});
