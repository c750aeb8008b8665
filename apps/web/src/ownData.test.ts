// The page's own-data helpers: how your data is described (data.ts), whether its classes are digits and what a
// model's outputs are called on it (state.ts), and which bytes are an image (imageFile.ts).
import { csvDataset, type Dataset, DatasetError } from '@mnist-kit/datasets';
import { describe, expect, it } from 'vitest';
import { syntheticSplit } from '../test/fixtureData';
import { describeOwnData, keptDataNote, ownDataErrorMessage } from './data';
import { imageFormat } from './imageFile';
import { createStore, drawsDigits, outputNames } from './state';
import { parseParams } from './urlParams';

const own = (classNames: string[], heldOutTest?: number): Dataset => ({
  name: 'shapes',
  train: syntheticSplit(270),
  test: syntheticSplit(30),
  source: 'files',
  classNames,
  layout: 'image-folder',
  ...(heldOutTest === undefined ? {} : { heldOutTest }),
});

describe('describeOwnData / ownDataErrorMessage', () => {
  it('says where from, the classes, the counts and the hold-out', () => {
    expect(describeOwnData(own(['circle', 'square', 'triangle'], 30), 'your folder shapes')).toBe(
      'ready: your folder shapes: 3 classes (circle, square, triangle), 270 train / 30 test images, 28×28; ' +
        '10 % of train held out as test (30 images)',
    );
    const letters = own(Array.from({ length: 26 }, (_, i) => String.fromCharCode(97 + i)));
    expect(describeOwnData(letters, 'your folder abc')).toBe(
      'ready: your folder abc: 26 classes (a, b, c, d, e, …), 270 train / 30 test images, 28×28',
    );
    expect(keptDataNote(own(['a', 'b']))).toBe(
      'Still using the shapes data loaded before (270 train / 30 test images).',
    );
  });

  it('a failed load is one line: what was loaded, the error without its period', () => {
    const error = new DatasetError(
      'EMPTY_CLASS',
      'shapes/train/b holds no images (.png, .jpg, .jpeg): every class folder needs at least one.',
    );
    expect(ownDataErrorMessage(error, 'your folder shapes')).toBe(
      'Could not load your folder shapes: shapes/train/b holds no images (.png, .jpg, .jpeg): every class folder needs at least one.',
    );
  });
});

describe('drawsDigits / outputNames', () => {
  const state = (query: string, dataset?: Dataset) => ({ ...createStore(parseParams(query).params).state, dataset });

  it('drawing is for MNIST and for your own data whose classes are the digits', () => {
    expect(drawsDigits(state(''))).toBe(true);
    expect(drawsDigits(state('?dataset=fashion-mnist'))).toBe(false);
    const mnist = { name: 'mnist', train: syntheticSplit(10), test: syntheticSplit(10), source: 'url' } as const;
    expect(drawsDigits(state('?dataset=kmnist', mnist))).toBe(true);
    expect(drawsDigits(state('', own(['circle', 'square'])))).toBe(false);
    const header = `label,${Array.from({ length: 784 }, (_, i) => `pixel${i}`).join(',')}`;
    const rows = Array.from({ length: 20 }, (_, r) => [r % 10, ...new Array(784).fill(0)].join(','));
    expect(drawsDigits(state('', csvDataset({ train: [header, ...rows].join('\n') })))).toBe(true);
    expect(drawsDigits(state('', own(['0', '1', '10'])))).toBe(false);
  });

  it('names each output of a model: the data’s classes, then the outputs beyond them by number', () => {
    expect(outputNames(state('', own(['circle', 'square', 'triangle'])), 5)).toEqual([
      'circle',
      'square',
      'triangle',
      '3',
      '4',
    ]);
    expect(outputNames(state('?dataset=fashion-mnist'), 10)[9]).toBe('Ankle boot');
  });
});

describe('imageFormat', () => {
  it('tells PNG and JPEG from their first bytes, not their names', () => {
    expect(imageFormat(Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a))).toBe('PNG');
    expect(imageFormat(Uint8Array.of(0xff, 0xd8, 0xff, 0xe0))).toBe('JPEG');
    expect(imageFormat(new TextEncoder().encode('GIF89a'))).toBeUndefined();
    expect(imageFormat(Uint8Array.of(0x89, 0x50))).toBeUndefined();
  });
});
