import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ModelJson, maxAbsDiff } from '../../test/helpers';
import { createMlp } from '../createMlp';
import { loadMlpFromDir } from './loadMlpFromDir';
import { saveMlpToDir } from './saveMlpToDir';

let root: string;
let n = 0;
const fresh = () => join(root, `m${n++}`);

beforeAll(async () => {
  await tf.setBackend('cpu');
  root = await mkdtemp(join(tmpdir(), 'mnist-kit-models-'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A saved small model in a fresh directory. */
async function savedDir() {
  const dir = fresh();
  const model = createMlp({ inputSize: 6, hiddenSizes: [5], outputSize: 3, seed: 2 });
  await saveMlpToDir(model, dir);
  model.dispose();
  return dir;
}

describe('saveMlpToDir / loadMlpFromDir', () => {
  it('writes model.json + weights.bin and loads them back identically', async () => {
    const dir = fresh();
    const model = createMlp({ seed: 31, dropout: 0.2, activation: 'gelu' });
    const result = await saveMlpToDir(model, dir);
    expect(result.weightBytes).toBe(118_282 * 4);
    expect((await readdir(dir)).sort()).toEqual(['model.json', 'weights.bin']);
    const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
    expect(json.format).toBe('layers-model');
    expect(json.convertedBy).toBeNull();
    expect(json.weightsManifest).toHaveLength(1);
    expect(json.weightsManifest[0].paths).toEqual(['weights.bin']);
    expect(json.userDefinedMetadata.mnistKit.activation).toBe('gelu');

    const loaded = await loadMlpFromDir(dir);
    expect(loaded.config).toEqual(model.config);
    const x = tf.randomUniform([8, 784], 0, 1, 'float32', 4);
    const a = model.predict(x);
    const b = loaded.predict(x);
    expect(maxAbsDiff(a, b)).toBe(0);

    // The files load in stock tfjs-layers too.
    const stock = await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: json.modelTopology,
        weightSpecs: json.weightsManifest[0].weights,
        weightData: new Uint8Array(await readFile(join(dir, 'weights.bin'))).buffer,
      }),
    );
    const c = stock.predict(x) as tf.Tensor;
    expect(maxAbsDiff(a, c)).toBeLessThan(1e-5);
    tf.dispose([x, a, b, c]);
    stock.dispose();
    loaded.dispose();
    model.dispose();
  });

  it('overwrites an existing model', async () => {
    const dir = await savedDir();
    const model = createMlp({ inputSize: 6, hiddenSizes: [9], outputSize: 3, seed: 3 });
    await saveMlpToDir(model, dir);
    const loaded = await loadMlpFromDir(dir);
    expect(loaded.config.hiddenSizes).toEqual([9]);
    expect((await readdir(dir)).sort()).toEqual(['model.json', 'weights.bin']);
    loaded.dispose();
    model.dispose();
  });

  it('rejects a missing directory, model.json or weights file', async () => {
    await expect(loadMlpFromDir(join(root, 'nope'))).rejects.toMatchObject({
      name: 'ModelError',
      code: 'NOT_FOUND',
      message: expect.stringMatching(/model.json not found/),
    });
    const dir = await savedDir();
    await rm(join(dir, 'weights.bin'));
    await expect(loadMlpFromDir(dir)).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringMatching(/weights file "weights.bin"/),
    });
  });

  it('rejects a model.json that is not JSON or has the wrong structure', async () => {
    const dir = await savedDir();
    await writeFile(join(dir, 'model.json'), '<html>oops</html>');
    await expect(loadMlpFromDir(dir)).rejects.toMatchObject({ code: 'INVALID_FORMAT', message: /not valid JSON/ });
    await writeFile(join(dir, 'model.json'), '[1, 2]');
    await expect(loadMlpFromDir(dir)).rejects.toMatchObject({ code: 'INVALID_FORMAT', message: /not a JSON object/ });
    await writeFile(join(dir, 'model.json'), '{"modelTopology": {}}');
    await expect(loadMlpFromDir(dir)).rejects.toMatchObject({ code: 'INVALID_FORMAT', message: /weightsManifest/ });
    await writeFile(
      join(dir, 'model.json'),
      JSON.stringify({ modelTopology: {}, weightsManifest: [{ paths: ['../../etc/passwd'], weights: [] }] }),
    );
    await expect(loadMlpFromDir(dir)).rejects.toMatchObject({ code: 'INVALID_FORMAT', message: /not a relative/ });
  });

  it('rejects weights of the wrong byte length', async () => {
    const dir = await savedDir();
    const bytes = await readFile(join(dir, 'weights.bin'));
    await writeFile(join(dir, 'weights.bin'), bytes.subarray(0, bytes.length - 4));
    await expect(loadMlpFromDir(dir)).rejects.toMatchObject({
      code: 'INVALID_FORMAT',
      message: expect.stringMatching(/weight data has 208 bytes, but the manifest describes 212/),
    });
  });

  it('rejects unknown layer classes, activations and wrong shapes in model.json', async () => {
    const dir = await savedDir();
    const original = await readFile(join(dir, 'model.json'), 'utf8');
    const edit = async (change: (json: ModelJson) => void) => {
      const json = JSON.parse(original) as ModelJson;
      change(json);
      await writeFile(join(dir, 'model.json'), JSON.stringify(json));
      return loadMlpFromDir(dir);
    };
    await expect(edit((j) => (j.modelTopology.config.layers[0]!.class_name = 'LSTM'))).rejects.toMatchObject({
      code: 'INVALID_FORMAT',
      message: /unsupported layer class "LSTM"/,
    });
    await expect(edit((j) => (j.modelTopology.config.layers[0]!.config.activation = 'elu'))).rejects.toMatchObject({
      code: 'INVALID_FORMAT',
      message: /unknown activation "elu"/,
    });
    await expect(edit((j) => (j.weightsManifest[0]!.weights[0]!.shape = [5, 6]))).rejects.toMatchObject({
      code: 'INVALID_FORMAT',
      message: /has shape \[5,6\], expected \[6,5\]/,
    });
  });

  it('loads a model saved in a subdirectory path that does not exist yet', async () => {
    const dir = join(fresh(), 'a', 'b');
    const model = createMlp({ inputSize: 2, hiddenSizes: [], outputSize: 2, seed: 1 });
    await saveMlpToDir(model, dir);
    const loaded = await loadMlpFromDir(dir);
    expect(loaded.paramCount).toBe(6);
    loaded.dispose();
    model.dispose();
  });
});
