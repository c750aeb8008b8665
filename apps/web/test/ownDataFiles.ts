// Your own data for the end-to-end tests, written to disk: folders of PNG images per class (encoded with pngjs,
// the encoder the datasets' own tests use) and Kaggle "Digit Recognizer" CSVs, good and bad in one way each.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DigitImage } from '@mnist-kit/datasets';
import { prng, syntheticSplit } from './fixtureData';

/** What is used of pngjs' `PNG` (resolved through @mnist-kit/datasets, whose dependency it is). */
interface PngClass {
  new (options: { width: number; height: number }): { data: Buffer };
  sync: {
    write(png: { data: Buffer }, options: { colorType: number }): Buffer;
    read(bytes: Buffer): { data: Buffer; width: number; height: number };
  };
}
const { PNG } = createRequire(fileURLToPath(new URL('../../../packages/datasets/package.json', import.meta.url)))(
  'pngjs',
) as {
  PNG: PngClass;
};

/** The classes of the shapes folder, in the order the datasets number them (Python's `sorted()`). */
export const SHAPES = ['circle', 'cross', 'square'] as const;

/** PNG bytes of a `width × height` gray image, `value(x, y)` → 0…255 (stored as RGB, as a photo would be). */
export function pngBytes(width: number, height: number, value: (x: number, y: number) => number): Uint8Array {
  const png = new PNG({ width, height });
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = Math.max(0, Math.min(255, Math.round(value(x, y))));
      png.data.set([v, v, v, 255], (y * width + x) * 4);
    }
  }
  return new Uint8Array(PNG.sync.write(png, { colorType: 2 }));
}

/** RGBA pixels of PNG bytes, decoded by pngjs (as the CLI's `decodeImage` does). */
export function decodePng(bytes: Uint8Array): DigitImage {
  const png = PNG.sync.read(Buffer.from(bytes));
  return { data: new Uint8Array(png.data), width: png.width, height: png.height, channels: 4 };
}

/** A 40 × 40 picture of `shape` — dark ink on a light, noisy background, moved by up to ±2 px — as PNG bytes. */
export function shapePng(shape: (typeof SHAPES)[number], seed: number): Uint8Array {
  const rand = prng(seed);
  const dx = Math.floor(rand() * 5) - 2;
  const dy = Math.floor(rand() * 5) - 2;
  return pngBytes(40, 40, (x, y) => {
    const u = x - 20 - dx;
    const v = y - 20 - dy;
    const r = Math.hypot(u, v);
    const ink =
      shape === 'circle'
        ? r > 9 && r < 13
        : shape === 'cross'
          ? (Math.abs(u) < 3 || Math.abs(v) < 3) && Math.abs(u) < 13 && Math.abs(v) < 13
          : Math.abs(u) < 10 && Math.abs(v) < 10;
    return ink ? 20 + rand() * 30 : 225 + rand() * 30;
  });
}

/** Writes `files` (path under `dir` → bytes or text), creating folders; `null` makes an empty folder. */
export function writeTree(dir: string, files: Readonly<Record<string, Uint8Array | string | null>>): string {
  for (const [path, content] of Object.entries(files)) {
    if (content === null) {
      mkdirSync(join(dir, path), { recursive: true });
      continue;
    }
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

/** `train/<shape>/<nnn>.png` for each of {@link SHAPES}, `perClass` each, and `test/…` with `test` each when given. */
export function shapeFiles(perClass: number, test = 0): Record<string, Uint8Array> {
  const files: Record<string, Uint8Array> = {};
  SHAPES.forEach((shape, k) => {
    for (let i = 0; i < perClass; i++)
      files[`train/${shape}/${String(i).padStart(3, '0')}.png`] = shapePng(shape, k * 1000 + i);
    for (let i = 0; i < test; i++)
      files[`test/${shape}/${String(i).padStart(3, '0')}.png`] = shapePng(shape, k * 1000 + 500 + i);
  });
  return files;
}

/** A Kaggle "Digit Recognizer" CSV (`label,pixel0,…,pixel783`) of the synthetic MNIST-like split (classes 0 … 9). */
export function digitCsv(rows: number, seed: number): string {
  const split = syntheticSplit(rows, seed);
  const lines = [['label', ...Array.from({ length: 784 }, (_, i) => `pixel${i}`)].join(',')];
  for (let r = 0; r < rows; r++) {
    lines.push([split.labels[r]!, ...split.images.subarray(r * 784, (r + 1) * 784)].join(','));
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Writes the own-data fixtures into `dir`: `shapes/` (100 PNGs per shape in train/ only: 10 % held out),
 * `shapes-split/` (with test/), `kaggle/` (train.csv + test.csv), and one bad folder per failure — `empty-class/`
 * (an empty class folder), `no-images/` (a class folder holding only a text file), `corrupt/` (a cut-off PNG),
 * `not-png/` (text named .png), `mismatch/` (test/ with other classes), `ragged/train.csv` (a row short of a value
 * on line 3) and `photos/` (no dataset at all).
 */
export function writeOwnData(dir: string): void {
  writeTree(join(dir, 'shapes'), shapeFiles(100));
  writeTree(join(dir, 'shapes-split'), shapeFiles(20, 5));
  writeTree(join(dir, 'kaggle'), { 'train.csv': digitCsv(600, 3), 'test.csv': digitCsv(100, 4) });
  const few = shapeFiles(3);
  const circles = Object.fromEntries(Object.entries(few).filter(([path]) => path.startsWith('train/circle/')));
  writeTree(join(dir, 'empty-class'), { ...circles, 'train/square': null });
  writeTree(join(dir, 'no-images'), { ...circles, 'train/square/notes.txt': 'no images here' });
  const corrupt = { ...few };
  corrupt['train/square/002.png'] = few['train/square/002.png']!.subarray(0, 200);
  writeTree(join(dir, 'corrupt'), corrupt);
  writeTree(join(dir, 'not-png'), { ...few, 'train/circle/001.png': 'this is text, not a PNG' });
  writeTree(join(dir, 'mismatch'), {
    'train/a/1.png': few['train/circle/000.png']!,
    'train/b/1.png': few['train/cross/000.png']!,
    'test/a/1.png': few['train/circle/001.png']!,
    'test/c/1.png': few['train/square/001.png']!,
  });
  const lines = digitCsv(5, 5).split('\n');
  lines[2] = lines[2]!.slice(0, lines[2]!.lastIndexOf(','));
  writeTree(join(dir, 'ragged'), { 'train.csv': lines.join('\n') });
  writeTree(join(dir, 'photos'), { 'a.txt': 'hello', 'b/c.txt': 'world' });
}
