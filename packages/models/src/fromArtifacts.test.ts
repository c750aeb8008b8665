import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type EditableArtifacts,
  editableArtifacts,
  expectInvalidFormat,
  expectSameModel,
  expectSamePredictions,
  expectSequential,
  stockArtifacts,
} from '../test/helpers';
import { createMlp } from './createMlp';
import { fromArtifacts } from './fromArtifacts';
import type { ModelError } from './ModelError';
import { toArtifacts } from './toArtifacts';
import type { Activation } from './types';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const ACTIVATIONS: Activation[] = ['relu', 'tanh', 'sigmoid', 'gelu'];

const SMALL = { inputSize: 6, hiddenSizes: [5, 4], outputSize: 3, dropout: 0.25, seed: 1 };
/** Artifacts of a small model, deep-copied so a test can edit them. */
const smallArtifacts = () => editableArtifacts(createMlp(SMALL));

const expectInvalid = (artifacts: unknown, message: RegExp) => expectInvalidFormat(fromArtifacts, artifacts, message);

describe('toArtifacts / fromArtifacts', () => {
  it('writes a tfjs-layers Sequential topology with a float32 manifest and our metadata', async () => {
    const model = createMlp({ seed: 3, dropout: 0.2 });
    const a = await toArtifacts(model);
    expect(a.convertedBy).toBeNull();
    expect(a.generatedBy).toMatch(/@mnist-kit\/models/);
    const topology = expectSequential(a, [
      ['Dense', 'dense_1'],
      ['Dropout', 'dropout_1'],
      ['Dense', 'dense_2'],
      ['Dropout', 'dropout_2'],
      ['Dense', 'dense_3'],
    ]);
    expect(topology.config.layers[0]!.config.batch_input_shape).toEqual([null, 784]);
    expect(topology.config.layers[4]!.config.activation).toBe('softmax');
    expect(a.weightSpecs!.map((s) => [s.name, s.shape, s.dtype])).toEqual([
      ['dense_1/kernel', [784, 128], 'float32'],
      ['dense_1/bias', [128], 'float32'],
      ['dense_2/kernel', [128, 128], 'float32'],
      ['dense_2/bias', [128], 'float32'],
      ['dense_3/kernel', [128, 10], 'float32'],
      ['dense_3/bias', [10], 'float32'],
    ]);
    expect((a.weightData as ArrayBuffer).byteLength).toBe(118_282 * 4);
    expect((a.userDefinedMetadata as EditableArtifacts['userDefinedMetadata']).mnistKit).toEqual({
      formatVersion: 1,
      kind: 'mlp',
      inputSize: 784,
      hiddenSizes: [128, 128],
      outputSize: 10,
      activation: 'relu',
      dropout: 0.2,
      init: 'pytorch',
      seed: 3,
      pixelScaling: { normalize: 'unit', mean: 0.1307, std: 0.3081 },
      classNames: null,
      preprocessing: 'digit',
      paramCount: 118_282,
    });
    model.dispose();
  });

  for (const activation of ACTIVATIONS) {
    it(`stock tf.loadLayersModel predicts like our predict (${activation})`, async () => {
      const model = createMlp({ activation, seed: 21, dropout: 0.1 });
      const stock = await tf.loadLayersModel(tf.io.fromMemory(await toArtifacts(model)));
      expectSamePredictions(model, stock, tf.randomUniform([16, 784], 0, 1, 'float32', 5), 1e-5);
      stock.dispose();
      model.dispose();
    });
  }

  it('round-trips exactly: same config, same weights', async () => {
    const model = createMlp({ activation: 'gelu', init: 'he', seed: 77, dropout: 0.4, hiddenSizes: [32, 16] });
    const loaded = fromArtifacts(await toArtifacts(model));
    expectSameModel(loaded, model);
    expect(loaded.paramCount).toBe(model.paramCount);
    loaded.dispose();
    model.dispose();
  });

  it('records the class names and preprocessing of its data, and refuses bad ones', async () => {
    const model = createMlp({ ...SMALL, classNames: ['cat', 'dog', 'bird'], preprocessing: 'resize' });
    const loaded = fromArtifacts(await toArtifacts(model));
    expect(loaded.config).toMatchObject({ classNames: ['cat', 'dog', 'bird'], preprocessing: 'resize' });
    expect(Object.isFrozen(loaded.config.classNames)).toBe(true);
    loaded.dispose();
    model.dispose();

    const options = (o: object) => () => createMlp({ ...SMALL, ...o });
    expect(options({ classNames: ['cat', 'dog'] })).toThrow(/classNames names 2 classes for 3 outputs/);
    expect(options({ classNames: ['cat', 'cat', 'dog'] })).toThrow(/classNames has duplicates/);
    expect(options({ classNames: ['cat', '', 'dog'] })).toThrow(/classNames must be an array of non-empty strings/);
    expect(options({ preprocessing: 'crop' })).toThrow(/preprocessing must be one of digit, resize \(got "crop"\)/);

    const badNames = await smallArtifacts();
    badNames.userDefinedMetadata.mnistKit.classNames = [1, 2, 3];
    await expectInvalid(badNames, /mnistKit.classNames must be an array of non-empty strings/);
    const badMode = await smallArtifacts();
    badMode.userDefinedMetadata.mnistKit.preprocessing = 'crop';
    await expectInvalid(badMode, /mnistKit.preprocessing must be one of digit, resize/);
  });

  it('loads a stock tf.sequential MLP (Dense + Dropout, default layer names)', async () => {
    // Built as a user would: Dense(12, tanh, inputShape [8]), Dropout(0.3), Dense(6, tanh), Dropout(0.3), Dense(4, softmax).
    const shape = { inputSize: 8, hiddenSizes: [12, 6], outputSize: 4, activation: 'tanh', dropout: 0.3 } as const;
    const hidden = shape.hiddenSizes.flatMap((units, i) => [
      tf.layers.dense({ units, activation: shape.activation, ...(i === 0 ? { inputShape: [shape.inputSize] } : {}) }),
      tf.layers.dropout({ rate: shape.dropout }),
    ]);
    const stock = tf.sequential({
      layers: [...hidden, tf.layers.dense({ units: shape.outputSize, activation: 'softmax' })],
    });
    const model = fromArtifacts(await stockArtifacts(stock));
    expect(model.config).toMatchObject({ ...shape, seed: null });
    expectSamePredictions(model, stock, tf.randomUniform([5, 8], -1, 1, 'float32', 2), 1e-6);
    stock.dispose();
    model.dispose();
  });

  it('rejects a stock model that does not fit the MLP shape', async () => {
    const linearHidden = tf.sequential({
      layers: [tf.layers.dense({ units: 4, inputShape: [3] }), tf.layers.dense({ units: 2, activation: 'softmax' })],
    });
    await expectInvalid(await stockArtifacts(linearHidden), /unknown activation "linear"/);
    linearHidden.dispose();
    const conv = tf.sequential({
      layers: [tf.layers.flatten({ inputShape: [2, 2] }), tf.layers.dense({ units: 2, activation: 'softmax' })],
    });
    await expectInvalid(await stockArtifacts(conv), /unsupported layer class "Flatten"/);
    conv.dispose();
  });

  it('rejects malformed artifacts with ModelError saying what is wrong', async () => {
    await expectInvalid(null, /not an object/);
    await expectInvalid({ ...(await smallArtifacts()), format: 'graph-model' }, /format is "graph-model"/);
    await expectInvalid({ ...(await smallArtifacts()), modelTopology: undefined }, /modelTopology is missing/);
    await expectInvalid({ ...(await smallArtifacts()), weightData: undefined }, /weight data is missing/);
    await expectInvalid({ ...(await smallArtifacts()), weightSpecs: undefined }, /weights manifest is missing/);

    const wrongBytes = await smallArtifacts();
    wrongBytes.weightData = (wrongBytes.weightData as ArrayBuffer).slice(0, 40);
    await expectInvalid(wrongBytes, /weight data has 40 bytes, but the manifest describes 296/);

    const unknownClass = await smallArtifacts();
    unknownClass.modelTopology.config.layers[1]!.class_name = 'Conv2D';
    await expectInvalid(unknownClass, /unsupported layer class "Conv2D"/);

    const unknownActivation = await smallArtifacts();
    unknownActivation.modelTopology.config.layers[0]!.config.activation = 'swish';
    await expectInvalid(unknownActivation, /unknown activation "swish"/);

    const wrongShape = await smallArtifacts();
    wrongShape.weightSpecs[2]!.shape = [4, 5];
    await expectInvalid(wrongShape, /weight "dense_2\/kernel" has shape \[4,5\], expected \[5,4\]/);

    const brokenChain = await smallArtifacts();
    brokenChain.modelTopology.config.layers[2]!.config.units = 7;
    await expectInvalid(brokenChain, /dense_2\/kernel" has shape \[5,4\], expected \[5,7\]/);

    const missingWeight = await smallArtifacts();
    missingWeight.weightSpecs.splice(1, 1);
    await expectInvalid(missingWeight, /"dense_1\/bias" is missing/);

    const wrongDtype = await smallArtifacts();
    wrongDtype.weightSpecs[0]!.dtype = 'int32';
    await expectInvalid(wrongDtype, /dtype "int32" is not float32/);

    const noInputShape = await smallArtifacts();
    delete noInputShape.modelTopology.config.layers[0]!.config.batch_input_shape;
    await expectInvalid(noInputShape, /no batch_input_shape/);

    const badMeta = await smallArtifacts();
    badMeta.userDefinedMetadata.mnistKit.hiddenSizes = [5, 5];
    await expectInvalid(badMeta, /mnistKit.hiddenSizes \[5,5\] disagrees/);

    const newer = await smallArtifacts();
    newer.userDefinedMetadata.mnistKit.formatVersion = 2;
    await expectInvalid(newer, /newer @mnist-kit\/models/);

    const notSequential = await smallArtifacts();
    notSequential.modelTopology.class_name = 'Model';
    await expectInvalid(notSequential, /expected "Sequential"/);
  });

  it('lists several problems at once', async () => {
    const a = await smallArtifacts();
    a.modelTopology.config.layers[0]!.config.activation = 'swish';
    a.modelTopology.config.layers[1]!.config.rate = 2;
    try {
      fromArtifacts(a);
      expect.unreachable();
    } catch (e) {
      expect((e as ModelError).issues.length).toBeGreaterThanOrEqual(2);
    }
  });

  it('refuses to save a disposed model', async () => {
    const model = createMlp({ seed: 1 });
    model.dispose();
    await expect(toArtifacts(model)).rejects.toMatchObject({ code: 'DISPOSED' });
  });
});
