import { writeIdxDataset } from './idx';
import { mulberry32 } from './random';

/** A generated split, shaped like `@mnist-kit/datasets`' `Split`. */
export interface SyntheticSplit {
  images: Uint8Array;
  labels: Uint8Array;
  count: number;
  rows: number;
  cols: number;
}

/**
 * The one recipe of every synthetic split: image `i` gets the class `labelOf(i)`, and `paint` draws that
 * class's pattern (its own place in the image, seeded noise) into the image's bytes.
 */
function makeSplit(
  count: number,
  rows: number,
  cols: number,
  labelOf: (i: number) => number,
  paint: (image: Uint8Array, label: number) => void,
): SyntheticSplit {
  const size = rows * cols;
  const images = new Uint8Array(count * size);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const label = labelOf(i);
    labels[i] = label;
    paint(images.subarray(i * size, (i + 1) * size), label);
  }
  return { images, labels, count, rows, cols };
}

/**
 * A small learnable split: `count` images of `rows × cols` bytes, labels cycling over `classes`; class k
 * is a bright band of pixels at its own position (pixels `k·band … (k+1)·band − 1`), over seeded noise.
 */
export function syntheticSplit(count: number, { rows = 4, cols = 4, classes = 3, seed = 7 } = {}): SyntheticSplit {
  const random = mulberry32(seed);
  const band = Math.max(1, Math.floor((rows * cols) / classes));
  return makeSplit(
    count,
    rows,
    cols,
    (i) => i % classes,
    (image, label) => {
      for (let p = 0; p < image.length; p++) {
        const on = p >= label * band && p < (label + 1) * band;
        const noise = Math.fround(random() * 2 - 1);
        image[p] = Math.max(0, Math.min(255, Math.round((on ? 170 : 40) + noise * 60)));
      }
    },
  );
}

/** Class k's 5×5 glyph: a 3×3 quadrant from k's bits, mirrored left-right and top-bottom (centred mass). */
function glyph(k: number): number[][] {
  const bits = (k * 37 + 11) % 128;
  const quadrant = [
    [bits & 1, (bits >> 1) & 1, 1],
    [(bits >> 2) & 1, (bits >> 3) & 1, (bits >> 4) & 1],
    [1, (bits >> 5) & 1, (bits >> 6) & 1],
  ];
  return Array.from({ length: 5 }, (_, r) =>
    Array.from({ length: 5 }, (_, c) => quadrant[r < 3 ? r : 4 - r]![c < 3 ? c : 4 - c]!),
  );
}

/**
 * An MNIST-style 28×28 split of 10 classes: class k is a distinct symmetric glyph scaled to fill the
 * 20×20 box centred in 28×28 (so digit preprocessing leaves it in place), ink 180–255 drawn from
 * `random`, background 0. Labels cycle 0…9.
 */
export function glyphSplit(count: number, random: () => number): SyntheticSplit {
  const glyphs = Array.from({ length: 10 }, (_, k) => glyph(k));
  return makeSplit(
    count,
    28,
    28,
    (i) => i % 10,
    (image, label) => {
      for (let r = 0; r < 20; r++)
        for (let c = 0; c < 20; c++) {
          if (glyphs[label]![Math.floor(r / 4)]![Math.floor(c / 4)]) {
            image[(r + 4) * 28 + c + 4] = 180 + Math.floor(random() * 76);
          }
        }
    },
  );
}

/**
 * A 28×28 split of 10 classes with seeded labels in shuffled order: class k is a bright 6×6 block at
 * slot k (five columns, two rows, jittered by ±1 px) over dim noise.
 */
export function blockSplit(count: number, seed = 1): SyntheticSplit {
  const random = mulberry32(seed);
  return makeSplit(
    count,
    28,
    28,
    () => Math.floor(random() * 10),
    (image, label) => {
      for (let p = 0; p < image.length; p++) image[p] = Math.floor(random() * 50);
      const x0 = 2 + (label % 5) * 5 + Math.floor(random() * 3) - 1;
      const y0 = 5 + Math.floor(label / 5) * 11 + Math.floor(random() * 3) - 1;
      for (let y = y0; y < y0 + 6; y++) {
        for (let x = x0; x < x0 + 6; x++) image[y * 28 + x] = 200 + Math.floor(random() * 55);
      }
    },
  );
}

/**
 * Writes a small, learnable MNIST-format dataset of {@link glyphSplit} images into `dir` as the four
 * `.gz` files: `trainCount` then `testCount` images from one seeded stream.
 */
export function writeSyntheticDataset(dir: string, trainCount = 600, testCount = 200, seed = 1): void {
  const random = mulberry32(seed);
  const train = glyphSplit(trainCount, random);
  writeIdxDataset(dir, { train, test: glyphSplit(testCount, random) });
}
