import { describe, expect, it } from 'vitest';
import { DATA_FILES as DATA } from '../test/fixtureData';
import { baseName, checkDataSlot, checkModelSlot, fileKind, listAnd } from './fileSlots';

const named = (...names: string[]) => names.map((name) => ({ name }));

describe('file names', () => {
  it('takes the last path segment', () => {
    expect(baseName('C:\\x\\model.json')).toBe('model.json');
    expect(baseName('a/b/weights.bin')).toBe('weights.bin');
  });
  it('tells model files, dataset files and others apart', () => {
    expect(fileKind('model.json', DATA)).toBe('model-json');
    expect(fileKind('weights (1).BIN', DATA)).toBe('model-weights');
    expect(fileKind('t10k-labels.idx1-ubyte', DATA)).toBe('dataset');
    expect(fileKind('emnist-train-images-idx3-ubyte.gz', DATA)).toBe('dataset');
    expect(fileKind('notes.txt', DATA)).toBe('other');
  });
  it('lists with "and"', () => {
    expect([listAnd([]), listAnd(['a']), listAnd(['a', 'b']), listAnd(['a', 'b', 'c'])]).toEqual([
      '',
      'a',
      'a and b',
      'a, b and c',
    ]);
  });
});

describe('checkDataSlot', () => {
  it('accepts the four files (any accepted name, extras ignored)', () => {
    expect(checkDataSlot(named(...DATA), 'mnist', DATA)).toBeUndefined();
    const raw = ['train-images.idx3-ubyte', 'train-labels-idx1-ubyte', ...DATA.slice(2), 'README.txt'];
    expect(checkDataSlot(named(...raw), 'mnist', DATA)).toBeUndefined();
  });
  it('sends model files to the Model section', () => {
    expect(checkDataSlot(named('model.json', 'weights.bin'), 'fashion-mnist', DATA)).toBe(
      'model files go in the Model section (model.json, weights.bin); the Data slot takes the four fashion-mnist ' +
        'files (train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz)',
    );
  });
  it('names what is missing and what was given', () => {
    const message = checkDataSlot(named(DATA[0]!, DATA[2]!), 'mnist', DATA)!;
    expect(message).toMatch(/^missing train-labels-idx1-ubyte\.gz and t10k-labels-idx1-ubyte\.gz: the Data slot takes/);
    expect(message).toMatch(/at once; got train-images-idx3-ubyte\.gz, t10k-images-idx3-ubyte\.gz$/);
  });
  it('refuses one file given twice under two names', () => {
    expect(checkDataSlot(named(...DATA, 'train-images-idx3-ubyte'), 'mnist', DATA)).toMatch(
      /^train-images-idx3-ubyte\.gz and train-images-idx3-ubyte are both train-images-idx3-ubyte\.gz: .*one of each$/,
    );
  });
});

describe('checkModelSlot', () => {
  it('accepts one .json (the weights are checked against its manifest later)', () => {
    expect(checkModelSlot(named('model.json', 'weights.bin'), DATA)).toBeUndefined();
    expect(checkModelSlot(named('model.json'), DATA)).toBeUndefined();
    expect(checkModelSlot(named('model.safetensors'), DATA)).toBeUndefined();
    expect(checkModelSlot(named('model.safetensors', 'model.json'), DATA)).toBe(
      'a .safetensors model comes alone (one file), not with model.json',
    );
  });
  it('says what is wrong otherwise', () => {
    expect(checkModelSlot(named('a.json', 'b.json'), DATA)).toBe(
      'pick one model.json with its weights file, not a.json and b.json',
    );
    expect(checkModelSlot(named(DATA[0]!, DATA[1]!), DATA)).toBe(
      'dataset files go in the Data section (all four at once); the Model slot takes model.json + weights.bin, or one .safetensors file',
    );
    expect(checkModelSlot(named('weights.bin'), DATA)).toBe(
      'model.json is missing: pick or drop it together with the weights file',
    );
    expect(checkModelSlot(named('photo.png'), DATA)).toBe(
      'model.json is missing: the Model slot takes model.json + weights.bin, or one .safetensors file, not photo.png',
    );
  });
});
