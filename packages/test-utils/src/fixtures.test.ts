import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import {
  blockSplit,
  cliFlags,
  entryImports,
  glyphSplit,
  idxBytes,
  MNIST_FILE_NAMES,
  maxRelativeDiff,
  mulberry32,
  randomArray,
  relativeL2Error,
  syntheticSplit,
  writeIdxDataset,
} from './index';

describe('mulberry32 and randomArray', () => {
  it('give the same sequence for a seed, in [0, 1) and [-bound, bound)', () => {
    const a = mulberry32(3);
    const b = mulberry32(3);
    const first = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(first);
    expect(first.every((v) => v >= 0 && v < 1)).toBe(true);
    expect(new Set(first).size).toBe(1000);
    const values = randomArray(1000, 3, 0.5);
    expect(Array.from(values)).toEqual(first.map((v) => Math.fround((v * 2 - 1) * 0.5)));
    expect(Array.from(randomArray(5, 4))).not.toEqual(Array.from(randomArray(5, 3)));
  });
});

describe('IDX files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mnist-kit-test-utils-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('idxBytes writes the magic number, the dimensions (big-endian) and the bytes', () => {
    const bytes = idxBytes('images', [7, 8, 9, 10, 11, 12], [1, 2, 3]);
    const view = new DataView(bytes.buffer);
    expect([0, 4, 8, 12].map((o) => view.getUint32(o))).toEqual([2051, 1, 2, 3]);
    expect(Array.from(bytes.subarray(16))).toEqual([7, 8, 9, 10, 11, 12]);
    expect(new DataView(idxBytes('labels', [1], [1]).buffer).getUint32(0)).toBe(2049);
  });

  it('writeIdxDataset writes the four gzipped files of two splits', () => {
    const train = syntheticSplit(12);
    const test = syntheticSplit(6, { seed: 2 });
    writeIdxDataset(dir, { train, test });
    const read = (key: keyof typeof MNIST_FILE_NAMES) => gunzipSync(readFileSync(join(dir, MNIST_FILE_NAMES[key])));
    expect(read('trainImages').subarray(16)).toEqual(Buffer.from(train.images));
    expect(read('trainLabels').subarray(8)).toEqual(Buffer.from(train.labels));
    expect(read('testImages').readUInt32BE(4)).toBe(6);
    expect(read('testLabels').subarray(8)).toEqual(Buffer.from(test.labels));
  });
});

describe('synthetic splits', () => {
  it('syntheticSplit: class k is brightest in its own band', () => {
    const split = syntheticSplit(30, { rows: 3, cols: 4, classes: 3 });
    expect(split).toMatchObject({ count: 30, rows: 3, cols: 4 });
    for (let i = 0; i < split.count; i++) {
      const image = Array.from(split.images.subarray(i * 12, (i + 1) * 12));
      const bandMeans = [0, 1, 2].map((k) => image.slice(k * 4, k * 4 + 4).reduce((s, v) => s + v, 0) / 4);
      expect(split.labels[i]).toBe(i % 3);
      expect(bandMeans.indexOf(Math.max(...bandMeans))).toBe(i % 3);
    }
  });

  it('glyphSplit: symmetric glyphs inside the centred 20×20 box; blockSplit: seeded labels 0…9', () => {
    const glyphs = glyphSplit(20, mulberry32(1));
    const misplaced: string[] = [];
    for (let i = 0; i < 20; i++) {
      const ink = (r: number, c: number) => glyphs.images[i * 784 + r * 28 + c]! > 0;
      for (let r = 0; r < 28; r++)
        for (let c = 0; c < 28; c++) {
          const inBox = r >= 4 && r < 24 && c >= 4 && c < 24;
          if (inBox ? ink(r, c) !== ink(27 - r, 27 - c) : ink(r, c)) misplaced.push(`${i}: ${r},${c}`);
        }
    }
    expect(misplaced).toEqual([]);
    expect(glyphs.labels.slice(0, 12)).toEqual(Uint8Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1]));
    const blocks = blockSplit(200, 5);
    expect(blocks.images).toEqual(blockSplit(200, 5).images);
    expect(new Set(blocks.labels)).toEqual(new Set([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
  });
});

describe('numeric helpers', () => {
  it('maxRelativeDiff and relativeL2Error are relative to the reference, and refuse other lengths', () => {
    expect(maxRelativeDiff([1, 2.5], [1, 2])).toBe(0.25);
    expect(relativeL2Error([3, 4], [0, 0])).toBe(5e12);
    expect(relativeL2Error([3, 0], [3, 4])).toBe(4 / 5);
    expect(() => maxRelativeDiff([1], [1, 2])).toThrow(/length 1 vs 2/);
  });
});

describe('entryImports', () => {
  it('follows relative imports and lists packages that are not allowed, and files in the forbidden folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mnist-kit-entry-'));
    try {
      mkdirSync(join(dir, 'node'));
      writeFileSync(join(dir, 'entry.ts'), "export * from './core';\nimport data from '../package.json';\n");
      writeFileSync(join(dir, 'core.ts'), "import * as tf from 'allowed';\nexport { x } from './node/x';\n");
      writeFileSync(join(dir, 'node', 'x.ts'), "import { readFileSync } from 'node:fs';\nconst y = import('./y');\n");
      writeFileSync(join(dir, 'node', 'y.ts'), '');
      const { files, bad } = entryImports(join(dir, 'entry.ts'), {
        allowed: ['allowed'],
        forbiddenDir: join(dir, 'node'),
      });
      expect([...files].map((f) => f.slice(dir.length + 1))).toEqual(['entry.ts', 'core.ts', 'node/x.ts', 'node/y.ts']);
      expect(bad).toEqual([
        `${join(dir, 'core.ts')} → ./node/x`,
        `${join(dir, 'node', 'x.ts')} → node:fs`,
        `${join(dir, 'node', 'x.ts')} → ./y`,
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('cliFlags', () => {
  it('writes each key as --name, then its value; true is a bare flag, a list repeats it, false is left out', () => {
    expect(
      cliFlags({ epochs: 2, json: true, quiet: false, out: undefined, mirror: ['a', 'b'], 'data-dir': 'd' }),
    ).toEqual(['--epochs', '2', '--json', '--mirror', 'a', '--mirror', 'b', '--data-dir', 'd']);
  });
});
