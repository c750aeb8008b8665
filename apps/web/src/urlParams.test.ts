import { describe, expect, it } from 'vitest';
import { DEFAULT_PARAMS, defaultDataUrl, parseHiddenSizes, parseParams, toSearch } from './urlParams';

describe('parseParams', () => {
  it('fills in defaults for an empty query', () => {
    const { params, errors } = parseParams('');
    expect(errors).toEqual([]);
    expect(params).toEqual({ ...DEFAULT_PARAMS, dataUrl: '/data/mnist/' });
  });

  it('reads every documented parameter', () => {
    const { params, errors } = parseParams(
      '?dataset=fashion-mnist&data=https://example.org/fm/&backend=wasm&epochs=3&batchSize=32&lr=0.01&model=cnn&hidden=256,64&limit=1000&testLimit=200&autostart=1',
    );
    expect(errors).toEqual([]);
    expect(params).toEqual({
      dataset: 'fashion-mnist',
      dataUrl: 'https://example.org/fm/',
      backend: 'wasm',
      epochs: 3,
      batchSize: 32,
      learningRate: 0.01,
      model: 'cnn',
      hidden: [256, 64],
      limit: 1000,
      testLimit: 200,
      autostart: true,
    });
  });

  it('derives the default data URL from the dataset and the base path', () => {
    expect(parseParams('?dataset=kmnist').params.dataUrl).toBe('/data/kmnist/');
    expect(parseParams('?dataset=kmnist', '/demo/').params.dataUrl).toBe('/demo/data/kmnist/');
    expect(defaultDataUrl('mnist', '/demo')).toBe('/demo/data/mnist/');
  });

  it('reports each bad value and keeps its default', () => {
    const { params, errors } = parseParams(
      '?dataset=cifar&backend=tpu&epochs=0&batchSize=2.5&lr=-1&model=rnn&hidden=12,x&limit=-3&testLimit=abc&autostart=maybe',
    );
    expect(params).toEqual({ ...DEFAULT_PARAMS, dataUrl: '/data/mnist/' });
    expect(errors).toHaveLength(10);
    expect(errors[0]).toMatch(/dataset: "cifar" is not one of mnist, fashion-mnist, kmnist/);
    expect(errors.join('\n')).toMatch(/backend: "tpu"/);
    expect(errors.join('\n')).toMatch(/model: "rnn" is not one of mlp, cnn; using mlp/);
    expect(errors.join('\n')).toMatch(/epochs: "0" is not an integer from 1/);
  });

  it('accepts autostart spellings and an empty hidden list', () => {
    expect(parseParams('?autostart=true').params.autostart).toBe(true);
    expect(parseParams('?autostart=0').params.autostart).toBe(false);
    expect(parseParams('?autostart').params.autostart).toBe(true);
    expect(parseParams('?hidden=').params.hidden).toEqual([]);
  });

  it('takes a URLSearchParams too', () => {
    expect(parseParams(new URLSearchParams({ epochs: '7' })).params.epochs).toBe(7);
  });
});

describe('parseHiddenSizes', () => {
  it('parses comma lists with spaces', () => {
    expect(parseHiddenSizes(' 128, 64 ,32')).toEqual([128, 64, 32]);
  });
  it('rejects zero, decimals, junk and too many layers', () => {
    expect(parseHiddenSizes('0')).toBeUndefined();
    expect(parseHiddenSizes('1.5')).toBeUndefined();
    expect(parseHiddenSizes('1e3')).toBeUndefined();
    expect(parseHiddenSizes('128,,128')).toBeUndefined();
    expect(parseHiddenSizes('5000')).toBeUndefined();
    expect(parseHiddenSizes(Array(9).fill('8').join(','))).toBeUndefined();
  });
});

describe('toSearch', () => {
  it('round-trips through parseParams, leaving defaults out', () => {
    const { params } = parseParams('?dataset=kmnist&backend=cpu&epochs=2&hidden=64&limit=500&lr=0.005&model=cnn');
    const search = toSearch(params);
    expect(search).toBe('?dataset=kmnist&backend=cpu&epochs=2&lr=0.005&model=cnn&hidden=64&limit=500');
    expect(parseParams(search).params).toEqual(params);
    expect(toSearch(parseParams('').params)).toBe('');
  });
});
