import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createMlp } from './createMlp';
import { encodeSafetensors } from './encodeSafetensors';
import { mlpFromSafetensors, mlpToSafetensors, tutorialLayerNames } from './mlpSafetensors';
import { parseSafetensors } from './parseSafetensors';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A raw safetensors file from a header object and data bytes (for malformed cases). */
function raw(header: unknown, data = new Uint8Array(0), lengthOverride?: bigint): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.byteLength + data.byteLength);
  new DataView(out.buffer).setBigUint64(0, lengthOverride ?? BigInt(json.byteLength), true);
  out.set(json, 8);
  out.set(data, 8 + json.byteLength);
  return out;
}

describe('safetensors', () => {
  it('round-trips an MLP under the tutorial names and PyTorch layouts, predicting the same', async () => {
    const classNames = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
    const model = createMlp({
      seed: 4,
      pixelScaling: { normalize: 'standardize' },
      classNames,
      preprocessing: 'resize',
    });
    const bytes = await mlpToSafetensors(model);
    const { tensors, metadata } = parseSafetensors(bytes);
    expect([...tensors.keys()]).toEqual([
      'input_layer.weight',
      'input_layer.bias',
      'hidden_layer.weight',
      'hidden_layer.bias',
      'output_layer.weight',
      'output_layer.bias',
    ]);
    expect(tensors.get('input_layer.weight')!.shape).toEqual([128, 784]);
    // PyTorch's [out, in] is the transpose of tfjs' [in, out] kernel.
    const kernel = model.params['dense_1/kernel']!.dataSync();
    expect(tensors.get('input_layer.weight')!.values[3 * 784 + 5]).toBe(kernel[5 * 128 + 3]);
    expect(metadata.format).toBe('pt');
    expect(JSON.parse(metadata.mnist_kit!)).toMatchObject({
      hiddenSizes: [128, 128],
      pixelScaling: { normalize: 'standardize' },
    });
    const again = mlpFromSafetensors(bytes);
    expect(again.config).toEqual({ ...model.config, seed: null });
    expect(again.config).toMatchObject({ classNames, preprocessing: 'resize' });
    // A plain state_dict says nothing about its classes: the options can.
    const plain = encodeSafetensors([...tensors], { format: 'pt' });
    const named = mlpFromSafetensors(plain, { classNames, preprocessing: 'resize' });
    expect(named.config).toMatchObject({ classNames, preprocessing: 'resize' });
    expect(mlpFromSafetensors(plain).config).toMatchObject({ classNames: null, preprocessing: 'digit' });
    named.dispose();
    const x = tf.randomUniform([3, 784], 0, 1, 'float32', 1);
    expect(again.predict(x).arraySync()).toEqual(model.predict(x).arraySync());
    tf.dispose([x]);
    model.dispose();
    again.dispose();
  });

  it('infers an MLP from a state_dict without metadata: tutorial names or a numbered nn.Sequential', () => {
    const linear = (out: number, inp: number) => ({ shape: [out, inp], values: new Float32Array(out * inp).fill(0.5) });
    const bias = (out: number) => ({ shape: [out], values: new Float32Array(out) });
    const tutorial = encodeSafetensors([
      ['input_layer.weight', linear(6, 4)],
      ['input_layer.bias', bias(6)],
      ['hidden_layer.weight', linear(5, 6)],
      ['hidden_layer.bias', bias(5)],
      ['output_layer.weight', linear(3, 5)],
      ['output_layer.bias', bias(3)],
    ]);
    expect(mlpFromSafetensors(tutorial).config).toMatchObject({
      inputSize: 4,
      hiddenSizes: [6, 5],
      outputSize: 3,
      activation: 'relu',
    });
    const sequential = encodeSafetensors([
      ['1.weight', linear(6, 4)],
      ['1.bias', bias(6)],
      ['3.weight', linear(3, 6)],
      ['3.bias', bias(3)],
    ]);
    expect(
      mlpFromSafetensors(sequential, { pixelScaling: { normalize: 'standardize', mean: 0.5, std: 0.5 } }).config,
    ).toMatchObject({
      inputSize: 4,
      hiddenSizes: [6],
      outputSize: 3,
      pixelScaling: { normalize: 'standardize', mean: 0.5, std: 0.5 },
    });
    expect(tutorialLayerNames(5)).toEqual([
      'input_layer',
      'hidden_layer_1',
      'hidden_layer_2',
      'hidden_layer_3',
      'output_layer',
    ]);
  });

  it.each([
    ['too short', new Uint8Array(5), /fewer than the 8/],
    ['a header length past the file', raw({}, new Uint8Array(0), 1n << 40n), /header length .* runs past the file/],
    [
      'a header that is not JSON',
      (() => {
        const b = raw({ a: 1 });
        b[9] = 0x7b;
        b[10] = 0x7b;
        return b;
      })(),
      /not UTF-8 JSON/,
    ],
    [
      'an unknown dtype',
      raw({ w: { dtype: 'I64', shape: [1], data_offsets: [0, 8] } }, new Uint8Array(8)),
      /dtype "I64"/,
    ],
    [
      'a negative dimension',
      raw({ w: { dtype: 'F32', shape: [-1], data_offsets: [0, 4] } }, new Uint8Array(4)),
      /shape \[-1\]/,
    ],
    [
      'bytes outside the data',
      raw({ w: { dtype: 'F32', shape: [4], data_offsets: [0, 16] } }, new Uint8Array(8)),
      /outside the 8 data bytes/,
    ],
    [
      'a size that does not match the shape',
      raw({ w: { dtype: 'F32', shape: [3], data_offsets: [0, 8] } }, new Uint8Array(8)),
      /needs 12/,
    ],
    [
      'overlapping tensors',
      raw(
        {
          a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] },
          b: { dtype: 'F32', shape: [2], data_offsets: [4, 12] },
        },
        new Uint8Array(12),
      ),
      /overlap/,
    ],
    [
      'a huge claimed shape (no allocation)',
      raw({ w: { dtype: 'F32', shape: [1e9, 1e9], data_offsets: [0, 4] } }, new Uint8Array(4)),
      /needs/,
    ],
  ])('refuses a malformed file: %s', (_label, bytes, message) => {
    expect(() => parseSafetensors(bytes, 'm.safetensors')).toThrow(message);
  });

  it('refuses tensors that are not an MLP, saying which', () => {
    const t = (shape: number[]) => ({ shape, values: new Float32Array(shape.reduce((a, b) => a * b, 1)) });
    const chainBroken = encodeSafetensors([
      ['input_layer.weight', t([6, 4])],
      ['input_layer.bias', t([6])],
      ['output_layer.weight', t([3, 7])],
      ['output_layer.bias', t([3])],
    ]);
    expect(() => mlpFromSafetensors(chainBroken)).toThrow(
      /output_layer.weight takes 7 inputs, but input_layer gives 6/,
    );
    const noBias = encodeSafetensors([
      ['input_layer.weight', t([6, 4])],
      ['output_layer.weight', t([3, 6])],
      ['output_layer.bias', t([3])],
    ]);
    expect(() => mlpFromSafetensors(noBias)).toThrow(/input_layer.bias must be \[6\], and it is missing/);
    const conv = encodeSafetensors([
      ['conv1.weight', t([6, 1, 5, 5])],
      ['conv1.bias', t([6])],
    ]);
    expect(() => mlpFromSafetensors(conv)).toThrow(/neither the tutorial's NeuralNet/);
  });
});
