import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cnnWithDataFields,
  DEFAULT_CNN_CONFIG,
  type EditableArtifacts,
  editableArtifacts,
  expectInvalidFormat,
  expectSequential,
  maxAbsDiff,
  stockArtifacts,
} from '../test/helpers';
import { createCnn } from './createCnn';
import { createMlp } from './createMlp';
import { fromArtifacts } from './fromArtifacts';
import { loadModel } from './loadModel';
import type { ModelError } from './ModelError';
import { modelFromArtifacts } from './modelFromArtifacts';
import { loadMlpFromDir } from './node/loadMlpFromDir';
import { loadModelFromDir } from './node/loadModelFromDir';
import { saveModelToDir } from './node/saveModelToDir';
import { saveModel } from './saveModel';
import { toArtifacts } from './toArtifacts';
import type { Cnn, CnnOptions } from './types';

let root: string;
beforeAll(async () => {
  await tf.setBackend('cpu');
  root = await mkdtemp(join(tmpdir(), 'mnist-kit-cnn-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Artifacts of a small CNN, deep-copied so a test can edit them. */
const smallArtifacts = (options: CnnOptions = {}) =>
  editableArtifacts(
    createCnn({
      inputShape: [12, 12, 1],
      filters: [3, 4],
      kernelSize: 3,
      denseSizes: [6],
      outputSize: 5,
      dropout: 0.25,
      seed: 1,
      ...options,
    }),
  );

const expectInvalid = (artifacts: unknown, message: RegExp) =>
  expectInvalidFormat(modelFromArtifacts, artifacts, message);

function expectSameWeights(a: Cnn, b: Cnn) {
  expect(Object.keys(a.params)).toEqual(Object.keys(b.params));
  for (const name of Object.keys(a.params)) {
    expect(Array.from(a.params[name]!.dataSync()), name).toEqual(Array.from(b.params[name]!.dataSync()));
  }
}

const RECIPES: [string, CnnOptions][] = [
  ['the default', {}],
  [
    'dropouts, same padding, two dense layers',
    { padding: 'same', kernelSize: [3, 5], denseSizes: [32, 16], dropout: 0.2, convDropout: 0.1 },
  ],
  [
    'no pooling, no hidden dense, 2 channels',
    { inputShape: [9, 9, 2], filters: [3], kernelSize: 3, poolSize: 1, denseSizes: [] },
  ],
  [
    '3×3 pooling dropping a remainder',
    { inputShape: [13, 13, 1], filters: [4, 6], kernelSize: 4, padding: 'same', poolSize: 3 },
  ],
];

describe('a CNN in the tfjs-layers format', () => {
  it('writes Reshape, Conv2D, MaxPooling2D, Dropout, Flatten and Dense layers, a float32 manifest and our metadata', async () => {
    const model = createCnn({ seed: 3, dropout: 0.5, convDropout: 0.25 });
    const a = await toArtifacts(model);
    const topology = expectSequential(a, [
      ['Reshape', 'reshape'],
      ['Conv2D', 'conv2d_1'],
      ['MaxPooling2D', 'max_pooling2d_1'],
      ['Dropout', 'dropout_conv_1'],
      ['Conv2D', 'conv2d_2'],
      ['MaxPooling2D', 'max_pooling2d_2'],
      ['Dropout', 'dropout_conv_2'],
      ['Flatten', 'flatten'],
      ['Dense', 'dense_1'],
      ['Dropout', 'dropout_1'],
      ['Dense', 'dense_2'],
    ]);
    expect(topology.config.layers[0]!.config).toMatchObject({
      batch_input_shape: [null, 784],
      target_shape: [28, 28, 1],
    });
    expect(topology.config.layers[1]!.config).toMatchObject({
      filters: 8,
      kernel_size: [5, 5],
      strides: [1, 1],
      padding: 'valid',
      activation: 'relu',
    });
    expect(topology.config.layers.at(-1)!.config.activation).toBe('softmax');
    expect(a.weightSpecs!.map((s) => [s.name, s.shape])).toEqual(
      Object.entries(model.params).map(([name, v]) => [name, v.shape]),
    );
    expect((a.weightData as ArrayBuffer).byteLength).toBe(37_610 * 4);
    expect((a.userDefinedMetadata as EditableArtifacts['userDefinedMetadata']).mnistKit).toEqual({
      formatVersion: 1,
      kind: 'cnn',
      ...DEFAULT_CNN_CONFIG,
      dropout: 0.5,
      convDropout: 0.25,
      seed: 3,
      paramCount: 37_610,
    });
    model.dispose();
  });

  for (const [name, options] of RECIPES) {
    it(`round-trips exactly and stock tf.loadLayersModel predicts the same to 1e-5 (${name})`, async () => {
      const model = cnnWithDataFields(options, 21);
      const artifacts = await toArtifacts(model);
      const loaded = modelFromArtifacts(artifacts) as Cnn;
      expect(loaded.kind).toBe('cnn');
      expect(loaded.config).toEqual(model.config);
      expectSameWeights(loaded, model);
      const stock = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
      const x = tf.randomUniform([6, model.config.inputSize], 0, 1, 'float32', 5);
      const ours = model.predict(x);
      const theirs = stock.predict(x) as tf.Tensor;
      expect(maxAbsDiff(ours, theirs)).toBeLessThan(1e-5);
      tf.dispose([x, ours, theirs]);
      stock.dispose();
      loaded.dispose();
      model.dispose();
    });
  }

  it("loads a stock tfjs CNN (the tfjs MNIST example's shape: NHWC input, no hidden Dense, tfjs' default names)", async () => {
    const stock = tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [28, 28, 1], kernelSize: 5, filters: 8, activation: 'relu' }),
        tf.layers.maxPooling2d({ poolSize: [2, 2], strides: [2, 2] }),
        tf.layers.conv2d({ kernelSize: 5, filters: 16, activation: 'relu' }),
        tf.layers.maxPooling2d({ poolSize: [2, 2], strides: [2, 2] }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 10, activation: 'softmax' }),
      ],
    });
    const model = modelFromArtifacts(await stockArtifacts(stock)) as Cnn;
    expect(model.config).toMatchObject({
      inputShape: [28, 28, 1],
      filters: [8, 16],
      kernelSize: [5, 5],
      padding: 'valid',
      poolSize: 2,
      denseSizes: [],
      outputSize: 10,
      init: 'glorot',
      seed: null,
    });
    const x = tf.randomUniform([3, 784], 0, 1, 'float32', 2);
    const a = model.predict(x);
    const b = stock.predict(tf.reshape(x, [3, 28, 28, 1])) as tf.Tensor;
    expect(maxAbsDiff(a, b)).toBeLessThan(1e-5);
    tf.dispose([x, a, b]);
    stock.dispose();
    model.dispose();
  });

  it('fromArtifacts (MLPs only) refuses a CNN and says what reads it; modelFromArtifacts reads an MLP too', async () => {
    const cnn = await smallArtifacts();
    expect(() => fromArtifacts(cnn)).toThrow(/unsupported layer class "Reshape".*a CNN loads with modelFromArtifacts/);
    const mlp = createMlp({ seed: 1, hiddenSizes: [4], inputSize: 6, outputSize: 3 });
    const again = modelFromArtifacts(await toArtifacts(mlp));
    expect(again.kind).toBe('mlp');
    expect(again.config).toEqual(mlp.config);
    again.dispose();
    mlp.dispose();
  });

  it('rejects malformed CNN artifacts with ModelError saying what is wrong', async () => {
    const edit = async (change: (a: EditableArtifacts) => void) => {
      const a = await smallArtifacts();
      change(a);
      return a;
    };
    const layer = (a: EditableArtifacts, i: number) => a.modelTopology.config.layers[i]!;
    // layers: 0 Reshape, 1 Conv2D, 2 MaxPooling2D, 3 Conv2D, 4 MaxPooling2D, 5 Flatten, 6 Dense, 7 Dropout, 8 Dense
    await expectInvalid(
      await edit((a) => {
        a.weightSpecs[0]!.shape = [3, 3, 1, 4];
      }),
      /weight "conv2d_1\/kernel" has shape \[3,3,1,4\], expected \[3,3,1,3\]/,
    );
    await expectInvalid(
      await edit((a) => {
        a.weightData = (a.weightData as ArrayBuffer).slice(0, 100);
      }),
      /weight data has 100 bytes, but the manifest describes/,
    );
    await expectInvalid(
      await edit((a) => {
        layer(a, 1).config.strides = [2, 2];
      }),
      /strides \[2,2\] are not supported \(stride 1 only\)/,
    );
    await expectInvalid(
      await edit((a) => {
        layer(a, 3).config.activation = 'tanh';
      }),
      /activation "tanh" is not supported \(Conv2D layers use relu\)/,
    );
    await expectInvalid(
      await edit((a) => {
        a.modelTopology.config.layers.splice(5, 1);
      }),
      /a Dense layer before the Flatten is not supported/,
    );
    await expectInvalid(
      await edit((a) => {
        layer(a, 2).config.pool_size = [3, 3];
        layer(a, 2).config.strides = [3, 3];
      }),
      /pool sizes \[3,2\] differ/,
    );
    await expectInvalid(
      await edit((a) => {
        layer(a, 0).config.target_shape = [10, 10, 1];
      }),
      /target_shape \[10,10,1\] does not hold the 144 input features/,
    );
    await expectInvalid(
      await edit((a) => {
        layer(a, 1).config.kernel_size = [13, 13];
      }),
      /does not make a CNN: conv block 1: a 13×13 kernel does not fit its 12×12 input/,
    );
    await expectInvalid(
      await edit((a) => {
        a.userDefinedMetadata.mnistKit.filters = [3, 5];
      }),
      /mnistKit.filters \[3,5\] disagrees with the topology \(\[3,4\]\)/,
    );
    await expectInvalid(
      await edit((a) => {
        a.userDefinedMetadata.mnistKit.kind = 'mlp';
      }),
      /mnistKit.kind "mlp" disagrees with the topology/,
    );
    await expectInvalid(
      await edit((a) => {
        layer(a, 3).class_name = 'DepthwiseConv2D';
      }),
      /unsupported layer class "DepthwiseConv2D"/,
    );
    // An MLP file that claims to be a CNN.
    const mlp = createMlp({ seed: 1, hiddenSizes: [4], inputSize: 6, outputSize: 3 });
    const mlpArtifacts = structuredClone(await toArtifacts(mlp)) as EditableArtifacts;
    mlpArtifacts.userDefinedMetadata.mnistKit.kind = 'cnn';
    await expectInvalid(mlpArtifacts, /the model has no Conv2D layer/);
    mlp.dispose();
  });

  it('lists several problems at once', async () => {
    const a = await smallArtifacts();
    a.modelTopology.config.layers[1]!.config.strides = [2, 2];
    a.modelTopology.config.layers[3]!.config.padding = 'causal';
    try {
      modelFromArtifacts(a);
      expect.unreachable();
    } catch (e) {
      expect((e as ModelError).issues.length).toBeGreaterThanOrEqual(2);
    }
  });
});

describe('saveModel / loadModel and the folder helpers with a CNN', () => {
  it('round-trips through any IOHandler', async () => {
    const model = createCnn({ seed: 12, filters: [4], kernelSize: 3, denseSizes: [8] });
    let saved: tf.io.ModelArtifacts | undefined;
    await saveModel(
      model,
      tf.io.withSaveHandler(async (artifacts) => {
        saved = artifacts;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    const loaded = (await loadModel(tf.io.fromMemory(saved!))) as Cnn;
    expect(loaded.config).toEqual(model.config);
    expectSameWeights(loaded, model);
    await expect(loadModel({})).rejects.toMatchObject({ code: 'NO_HANDLER', message: /passed to loadModel/ });
    loaded.dispose();
    model.dispose();
  });

  it('saveModelToDir writes model.json + weights.bin; loadModelFromDir and stock tfjs read them; loadMlpFromDir refuses', async () => {
    const dir = join(root, 'cnn');
    const model = createCnn({ seed: 31, dropout: 0.2 });
    const result = await saveModelToDir(model, dir);
    expect(result.weightBytes).toBe(37_610 * 4);
    const loaded = await loadModelFromDir(dir);
    expect(loaded.kind).toBe('cnn');
    expect(loaded.config).toEqual(model.config);
    const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
    const stock = await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: json.modelTopology,
        weightSpecs: json.weightsManifest[0].weights,
        weightData: new Uint8Array(await readFile(join(dir, 'weights.bin'))).buffer,
      }),
    );
    const x = tf.randomUniform([4, 784], 0, 1, 'float32', 4);
    const [a, b, c] = [model.predict(x), loaded.predict(x), stock.predict(x) as tf.Tensor];
    expect(maxAbsDiff(a, b)).toBe(0);
    expect(maxAbsDiff(a, c)).toBeLessThan(1e-5);
    await expect(loadMlpFromDir(dir)).rejects.toMatchObject({ code: 'INVALID_FORMAT', message: /a CNN loads with/ });
    // A truncated weights file is refused with the byte counts.
    await writeFile(join(dir, 'weights.bin'), new Uint8Array(40));
    await expect(loadModelFromDir(dir)).rejects.toMatchObject({
      code: 'INVALID_FORMAT',
      message: /weight data has 40 bytes, but the manifest describes 150440/,
    });
    tf.dispose([x, a, b, c]);
    stock.dispose();
    loaded.dispose();
    model.dispose();
  });
});
