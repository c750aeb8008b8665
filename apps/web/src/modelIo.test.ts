import '@tensorflow/tfjs-backend-cpu';
import { createMlp, loadMlp, mlpToSafetensors } from '@mnist-kit/models';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DatasetFileNames } from './fileSlots';
import { checkModelShape, describeModel, downloadHandler, loadFromFiles } from './modelIo';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('checkModelShape / describeModel', () => {
  it('accepts 784 → 10 and describes it', () => {
    const model = createMlp({ seed: 0 });
    expect(checkModelShape(model)).toBe(model);
    expect(describeModel(model)).toBe('784 → 128 → 128 → 10, relu, 118,282 parameters');
    model.dispose();
  });
  it('rejects (and disposes) a model of another input size; any number of classes is fine', () => {
    const model = createMlp({ inputSize: 20, hiddenSizes: [], outputSize: 3, seed: 0 });
    expect(() => checkModelShape(model)).toThrow(/maps 20 inputs to 3 classes; this page feeds it 784/);
    expect(model.isDisposed).toBe(true);
    const three = createMlp({ hiddenSizes: [], outputSize: 3, classNames: ['a', 'b', 'c'], seed: 0 });
    expect(checkModelShape(three)).toBe(three);
    three.dispose();
  });
});

describe('downloadHandler', () => {
  it('writes model.json + weights.bin, as the CLI names them, and they load back', async () => {
    const model = createMlp({ hiddenSizes: [8], seed: 3 });
    const saved: Record<string, Blob> = {};
    await downloadHandler((name, blob) => {
      saved[name] = blob;
    }).save!(await import('@mnist-kit/models').then((m) => m.toArtifacts(model)));
    expect(Object.keys(saved)).toEqual(['model.json', 'weights.bin']);
    const json = JSON.parse(await saved['model.json']!.text()) as tf.io.ModelJSON;
    expect(json.weightsManifest[0]!.paths).toEqual(['weights.bin']);
    expect(json.format).toBe('layers-model');
    const weightData = await saved['weights.bin']!.arrayBuffer();
    expect(weightData.byteLength).toBe(model.paramCount * 4);
    const loaded = await loadMlp(
      tf.io.fromMemory({
        modelTopology: json.modelTopology,
        weightSpecs: json.weightsManifest[0]!.weights,
        weightData,
        format: json.format,
        userDefinedMetadata: json.userDefinedMetadata,
      }),
    );
    expect(loaded.config.hiddenSizes).toEqual([8]);
    const x = tf.ones([1, 784]);
    expect(Array.from(loaded.predict(x).dataSync())).toEqual(Array.from(model.predict(x).dataSync()));
    tf.dispose(x);
    loaded.dispose();
    model.dispose();
  });
});

describe('loadFromFiles with a .safetensors file', () => {
  const DATA = [
    'train-images-idx3-ubyte.gz',
    'train-labels-idx1-ubyte.gz',
    't10k-images-idx3-ubyte.gz',
    't10k-labels-idx1-ubyte.gz',
  ];
  it('loads an MLP written by mlpToSafetensors (the CLI export), predicting the same, class names kept', async () => {
    const model = createMlp({ hiddenSizes: [16], outputSize: 3, classNames: ['a', 'b', 'c'], seed: 2 });
    const bytes = await mlpToSafetensors(model);
    const file = new File([new Uint8Array(bytes)], 'model.safetensors');
    const loaded = await loadFromFiles([file], DATA as unknown as DatasetFileNames);
    expect(loaded.config).toMatchObject({ outputSize: 3, classNames: ['a', 'b', 'c'] });
    const x = tf.randomUniform([2, 784], 0, 1, 'float32', 3);
    expect(loaded.predict(x).arraySync()).toEqual(model.predict(x).arraySync());
    x.dispose();
    loaded.dispose();
    model.dispose();
    const junk = new File([new Uint8Array(16)], 'junk.safetensors');
    await expect(loadFromFiles([junk], DATA as unknown as DatasetFileNames)).rejects.toThrow(/junk\.safetensors/);
  });
});
