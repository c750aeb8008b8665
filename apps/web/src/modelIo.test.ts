import '@tensorflow/tfjs-backend-cpu';
import {
  createCnn,
  createMlp,
  loadMlp,
  loadModel,
  mlpToSafetensors,
  modelToSafetensors,
  toArtifacts,
} from '@mnist-kit/models';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { DATA_FILES } from '../test/fixtureData';
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

describe('checkModelShape / describeModel of a CNN', () => {
  it("describes the conv blocks, the dense layers and the outputs: createCnn's defaults", () => {
    const cnn = createCnn({ seed: 0 });
    expect(checkModelShape(cnn)).toBe(cnn);
    expect(describeModel(cnn)).toBe('conv 8-16 k5 → dense 128 → 10, 37,610 parameters');
    cnn.dispose();
    const other = createCnn({ filters: [4, 6], kernelSize: [5, 3], padding: 'same', denseSizes: [], outputSize: 3 });
    expect(describeModel(other)).toMatch(/^conv 4-6 k5-3 same → 3, [\d,]+ parameters$/);
    other.dispose();
  });
  it('rejects (and disposes) a CNN of 784 inputs that are not one 28×28 channel', () => {
    const cnn = createCnn({ inputShape: [14, 56, 1], filters: [4], denseSizes: [], seed: 0 });
    expect(() => checkModelShape(cnn)).toThrow(/the CNN takes 14×56×1 images; this page feeds it 28×28×1/);
    expect(cnn.isDisposed).toBe(true);
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
  it('loads an MLP written by mlpToSafetensors (the CLI export), predicting the same, class names kept', async () => {
    const model = createMlp({ hiddenSizes: [16], outputSize: 3, classNames: ['a', 'b', 'c'], seed: 2 });
    const bytes = await mlpToSafetensors(model);
    const file = new File([new Uint8Array(bytes)], 'model.safetensors');
    const loaded = await loadFromFiles([file], DATA_FILES);
    expect(loaded.config).toMatchObject({ outputSize: 3, classNames: ['a', 'b', 'c'] });
    const x = tf.randomUniform([2, 784], 0, 1, 'float32', 3);
    expect(loaded.predict(x).arraySync()).toEqual(model.predict(x).arraySync());
    x.dispose();
    loaded.dispose();
    model.dispose();
    const junk = new File([new Uint8Array(16)], 'junk.safetensors');
    await expect(loadFromFiles([junk], DATA_FILES)).rejects.toThrow(/junk\.safetensors/);
  });
});

describe('a CNN through the Model slot', () => {
  /** The two files "Download" writes for `model`, as picked files. */
  async function downloaded(model: Parameters<typeof toArtifacts>[0]): Promise<File[]> {
    const saved: File[] = [];
    await downloadHandler((name, blob) => saved.push(new File([blob], name))).save!(await toArtifacts(model));
    return saved;
  }

  it('round-trips through the download handler: model.json + weights.bin load back as the same CNN', async () => {
    const cnn = createCnn({ filters: [4, 8], denseSizes: [16], outputSize: 3, classNames: ['a', 'b', 'c'], seed: 5 });
    const files = await downloaded(cnn);
    expect(files.map((f) => f.name)).toEqual(['model.json', 'weights.bin']);
    expect(files[1]!.size).toBe(cnn.paramCount * 4);
    const loaded = await loadFromFiles(files, DATA_FILES);
    expect(loaded.kind).toBe('cnn');
    expect(loaded.config).toMatchObject({
      filters: [4, 8],
      denseSizes: [16],
      outputSize: 3,
      classNames: ['a', 'b', 'c'],
    });
    expect(describeModel(loaded)).toBe(describeModel(cnn));
    const x = tf.randomUniform([2, 784], 0, 1, 'float32', 4);
    expect(loaded.predict(x).arraySync()).toEqual(cnn.predict(x).arraySync());
    // The same files through tf.io (what IndexedDB and a URL give the loader): loadModel reads either kind.
    const json = JSON.parse(await files[0]!.text()) as tf.io.ModelJSON;
    const again = await loadModel(
      tf.io.fromMemory({
        modelTopology: json.modelTopology,
        weightSpecs: json.weightsManifest[0]!.weights,
        weightData: await files[1]!.arrayBuffer(),
        format: json.format,
        userDefinedMetadata: json.userDefinedMetadata,
      }),
    );
    expect(again.kind).toBe('cnn');
    expect(again.predict(x).arraySync()).toEqual(cnn.predict(x).arraySync());
    tf.dispose(x);
    for (const m of [cnn, loaded, again]) m.dispose();
  });

  it('loads a CNN from one .safetensors file (modelToSafetensors, the PyTorch layout), predicting the same', async () => {
    const cnn = createCnn({ seed: 6 });
    const file = new File([new Uint8Array(await modelToSafetensors(cnn))], 'cnn.safetensors');
    const loaded = await loadFromFiles([file], DATA_FILES);
    expect(loaded.kind).toBe('cnn');
    expect(describeModel(loaded)).toBe('conv 8-16 k5 → dense 128 → 10, 37,610 parameters');
    const x = tf.randomUniform([3, 784], 0, 1, 'float32', 5);
    const want = cnn.predict(x).arraySync();
    const got = loaded.predict(x).arraySync();
    for (const [i, row] of want.entries()) for (const [k, p] of row.entries()) expect(got[i]![k]).toBeCloseTo(p, 6);
    tf.dispose(x);
    loaded.dispose();
    cnn.dispose();
  });
});
