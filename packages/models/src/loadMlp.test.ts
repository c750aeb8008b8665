import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectSameModel } from '../test/helpers';
import { createMlp } from './createMlp';
import { loadMlp } from './loadMlp';
import { ModelError } from './ModelError';
import { saveMlpToDir } from './node/saveMlpToDir';
import { saveMlp } from './saveMlp';

let dir: string;
let server: Server;
let base: string;

beforeAll(async () => {
  await tf.setBackend('cpu');
  dir = await mkdtemp(join(tmpdir(), 'mnist-kit-models-http-'));
  server = createServer(async (req, res) => {
    if (req.url === '/bad/model.json') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{ not json');
      return;
    }
    try {
      const body = await readFile(join(dir, req.url!.replace(/^\/model\//, '')));
      res.writeHead(200).end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

describe('saveMlp / loadMlp', () => {
  it('round-trips through any IOHandler', async () => {
    const model = createMlp({ seed: 12, activation: 'sigmoid', hiddenSizes: [16] });
    let saved: tf.io.ModelArtifacts | undefined;
    const result = await saveMlp(
      model,
      tf.io.withSaveHandler(async (artifacts) => {
        saved = artifacts;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    expect(result.modelArtifactsInfo.modelTopologyType).toBe('JSON');
    const loaded = await loadMlp(tf.io.fromMemory(saved!));
    expectSameModel(loaded, model);
    loaded.dispose();
    model.dispose();
  });

  it('loads over http(s) via tf.io', async () => {
    const model = createMlp({ seed: 5, hiddenSizes: [8], inputSize: 10, outputSize: 3 });
    await saveMlpToDir(model, dir);
    const loaded = await loadMlp(`${base}/model/model.json`);
    expect(loaded.config).toEqual(model.config);
    loaded.dispose();
    model.dispose();
  });

  it('reports load failures as ModelError', async () => {
    await expect(loadMlp(`${base}/bad/model.json`)).rejects.toMatchObject({
      name: 'ModelError',
      code: 'IO_FAILED',
      message: expect.stringMatching(/parse model JSON/),
    });
    await expect(loadMlp(`${base}/missing/model.json`)).rejects.toBeInstanceOf(ModelError);
    await expect(loadMlp('file:///nowhere/model.json')).rejects.toMatchObject({ code: 'NO_HANDLER' });
    await expect(loadMlp({})).rejects.toMatchObject({ code: 'NO_HANDLER' });
    const failing: tf.io.IOHandler = {
      load: async () => {
        throw new Error('disk on fire');
      },
    };
    await expect(loadMlp(failing)).rejects.toMatchObject({ code: 'IO_FAILED', message: /disk on fire/ });
  });

  it('reports save failures as ModelError', async () => {
    const model = createMlp({ seed: 1, hiddenSizes: [4], inputSize: 3, outputSize: 2 });
    await expect(saveMlp(model, 'nowhere://x')).rejects.toMatchObject({ code: 'NO_HANDLER' });
    const failing = tf.io.withSaveHandler(async () => {
      throw new Error('quota exceeded');
    });
    await expect(saveMlp(model, failing)).rejects.toMatchObject({ code: 'IO_FAILED', message: /quota exceeded/ });
    model.dispose();
  });
});
