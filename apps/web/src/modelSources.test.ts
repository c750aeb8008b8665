import '@tensorflow/tfjs-backend-cpu';
import { createMlp, fromArtifacts, toArtifacts } from '@mnist-kit/models';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ModelLoadError } from './modelLoadErrors';
import {
  artifactsFromFiles,
  artifactsFromUrl,
  checkWeightBytes,
  expectedWeightBytes,
  looksBinary,
  looksLikeMarkup,
  readModelJson,
} from './modelSources';

const DATA = ['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz', 't10k-images-idx3-ubyte.gz'];
const HTML = '\n  <!doctype html><html><body>Not found</body></html>';
const bytes = (text: string) => new TextEncoder().encode(text);

let modelJson: string;
let weights: Uint8Array<ArrayBuffer>;
beforeAll(async () => {
  await tf.setBackend('cpu');
  const model = createMlp({ hiddenSizes: [4], seed: 1 });
  const artifacts = await toArtifacts(model);
  model.dispose();
  modelJson = JSON.stringify({
    modelTopology: artifacts.modelTopology,
    format: artifacts.format,
    userDefinedMetadata: artifacts.userDefinedMetadata,
    weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }],
  });
  weights = new Uint8Array(artifacts.weightData as ArrayBuffer);
});

const file = (name: string, body: BlobPart) => new File([body], name);
const fail = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => {
      expect(error).toBeInstanceOf(ModelLoadError);
      return (error as Error).message;
    },
  );

describe('sniffing', () => {
  it('tells markup, binary and text apart', () => {
    expect(looksLikeMarkup(bytes(HTML))).toBe(true);
    expect(looksLikeMarkup(bytes('\ufeff<html>'))).toBe(true);
    expect(looksLikeMarkup(bytes('{"a": "<b>"}'))).toBe(false);
    expect(looksBinary(new Uint8Array([1, 2, 0, 3]))).toBe(true);
    expect(looksBinary(new Uint8Array([0x1f, 0x8b, 0xff, 0xfe]))).toBe(true);
    expect(looksBinary(bytes('{"name": "möglich"}'))).toBe(false);
  });
});

describe('readModelJson', () => {
  it('says what a file is when it is not a model.json', () => {
    const read = (body: Uint8Array | string) => () =>
      readModelJson(typeof body === 'string' ? bytes(body) : body, 'model.json');
    expect(read('')).toThrow('model.json is empty');
    expect(read(HTML)).toThrow(/^model\.json is an HTML page, not a model\.json/);
    expect(read(new Uint8Array(new Float32Array([0.5, -1, 2]).buffer))).toThrow(/^model\.json is binary data/);
    expect(read('this is not JSON {')).toThrow(/^model\.json is not JSON \(/);
    expect(read('null')).toThrow('model.json is JSON, but not a tfjs-layers model (it is null, not an object');
    expect(read('[1, 2]')).toThrow('(it is a list, not an object');
    expect(read('"x"')).toThrow('(it is a string, not an object');
    expect(read('{"hello": "world"}')).toThrow(
      'model.json is JSON, but not a tfjs-layers model (it has no "modelTopology")',
    );
    expect(read('{"modelTopology": {}}')).toThrow('(its "weightsManifest" is missing)');
    expect(read('{"modelTopology": {}, "weightsManifest": {"paths": []}}')).toThrow(
      '(its "weightsManifest" is not a list of { paths, weights } groups)',
    );
  });
  it('reads a model.json and what its manifest describes', () => {
    const json = readModelJson(bytes(modelJson), 'model.json');
    expect(expectedWeightBytes(json)).toEqual({ bytes: weights.length, values: weights.length / 4 });
  });
});

describe('checkWeightBytes', () => {
  it('refuses pages, JSON text and empty files', () => {
    expect(() => checkWeightBytes(bytes(HTML), 'weights.bin')).toThrow(
      /^weights\.bin is an HTML page, not the weights/,
    );
    expect(() => checkWeightBytes(bytes(' {"modelTopology": 1}'), 'weights.bin')).toThrow(
      /^weights\.bin is JSON text, not the binary weights/,
    );
    expect(() => checkWeightBytes(new Uint8Array(), 'weights.bin')).toThrow('weights.bin is empty');
    expect(() => checkWeightBytes(weights, 'weights.bin')).not.toThrow();
  });
});

describe('artifactsFromFiles', () => {
  it('loads model.json + weights.bin in any order, and a lone weights file under another name', async () => {
    for (const files of [
      [file('weights.bin', weights), file('model.json', modelJson)],
      [file('model.json', modelJson), file('weights (1).bin', weights)],
    ]) {
      const model = fromArtifacts(await artifactsFromFiles(files, DATA));
      expect(model.config.hiddenSizes).toEqual([4]);
      model.dispose();
    }
  });
  it('says which file is wrong and how', async () => {
    const json = file('model.json', modelJson);
    expect(await fail(artifactsFromFiles([json], DATA))).toBe(
      'weights.bin is missing: pick or drop it with model.json',
    );
    expect(await fail(artifactsFromFiles([file('weights.bin', weights)], DATA))).toMatch(/^model\.json is missing/);
    expect(await fail(artifactsFromFiles([json, file('weights.bin', weights.subarray(0, 100))], DATA))).toBe(
      `weights.bin has 100 bytes, but model.json describes ${weights.length.toLocaleString('en-US')} ` +
        `(${(weights.length / 4).toLocaleString('en-US')} weights): not the weights saved with this model.json`,
    );
    expect(await fail(artifactsFromFiles([json, file('weights.bin', modelJson)], DATA))).toMatch(
      /^weights\.bin is JSON text/,
    );
    expect(await fail(artifactsFromFiles([file('model.json', weights), file('weights.bin', weights)], DATA))).toMatch(
      /^model\.json is binary data/,
    );
    expect(await fail(artifactsFromFiles([file(DATA[0]!, 'x')], DATA))).toMatch(
      /^dataset files go in the Data section/,
    );
    expect(await fail(artifactsFromFiles([json, file('a.bin', weights), file('b.bin', weights)], DATA))).toBe(
      'model.json names weights.bin, not among the files given (a.bin, b.bin)',
    );
  });
});

describe('artifactsFromUrl', () => {
  /** A fetch answering from `routes` (URL → body, or a status), HTML fallback for anything else. */
  const fakeFetch =
    (routes: Record<string, BodyInit | number>): typeof fetch =>
    async (input) => {
      const url = String(input);
      const route = routes[url];
      if (route === 'throw') throw new TypeError('Failed to fetch');
      if (typeof route === 'number') return new Response('nope', { status: route, statusText: 'Not Found' });
      return new Response((route as BodyInit) ?? HTML, { status: 200 });
    };

  it('fetches model.json and the weights next to it, relative to the base', async () => {
    const fetchImpl = fakeFetch({ 'https://x/m/model.json': modelJson, 'https://x/m/weights.bin': weights });
    const artifacts = await artifactsFromUrl('m/model.json', { base: 'https://x/page', fetch: fetchImpl });
    const model = fromArtifacts(artifacts);
    expect(model.paramCount).toBe(weights.length / 4);
    model.dispose();
  });
  it('names the URL and the fault', async () => {
    const load = (routes: Record<string, BodyInit | number>) =>
      fail(artifactsFromUrl('https://x/m/model.json', { fetch: fakeFetch(routes) }));
    expect(await load({})).toMatch(/^https:\/\/x\/m\/model\.json is an HTML page, not a model\.json/);
    expect(await load({ 'https://x/m/model.json': 404 })).toBe(
      'https://x/m/model.json (the model.json) could not be fetched: HTTP 404 Not Found',
    );
    expect(await load({ 'https://x/m/model.json': 'throw' })).toMatch(
      /could not be fetched \(Failed to fetch; .*CORS\)/,
    );
    expect(await load({ 'https://x/m/model.json': modelJson })).toMatch(
      /^https:\/\/x\/m\/weights\.bin is an HTML page, not the weights/,
    );
    expect(await load({ 'https://x/m/model.json': weights })).toMatch(/is binary data, not a model\.json/);
    expect(await fail(artifactsFromUrl('http://[', {}))).toBe('"http://[" is not a URL');
  });
});
