import '@tensorflow/tfjs-backend-cpu';
import { createMlp, loadMlp } from '@mnist-kit/models';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkModelShape, describeModel, downloadHandler } from './modelIo';

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
  it('rejects (and disposes) a model of another shape', () => {
    const model = createMlp({ inputSize: 20, hiddenSizes: [], outputSize: 3, seed: 0 });
    expect(() => checkModelShape(model)).toThrow(/maps 20 inputs to 3 classes/);
    expect(model.isDisposed).toBe(true);
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
