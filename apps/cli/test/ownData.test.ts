import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DATASETS } from '@mnist-kit/datasets';
import {
  type CliFlagValue,
  cliFlags,
  FASHION_MNIST_DIR,
  glyphSplit,
  kaggleCsv,
  mulberry32,
  runCli,
  type SyntheticSplit,
  syntheticSplit,
  writeIdxDataset,
} from '@mnist-kit/test-utils';
import { afterAll, describe, expect, it } from 'vitest';
import { digitPng, readTestSet } from './images';

// Your own data through the CLI: image folders and Kaggle CSVs trained, evaluated and predicted, the
// class names travelling from the data into the saved model and back out of eval/predict.

const work = mkdtempSync(join(tmpdir(), 'mnist-kit-own-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const cpu = ['--backend', 'cpu'];

/** `train` on the data folder `dir` with the cpu backend and `flags`. */
function trainOn(dir: string, flags: Record<string, CliFlagValue>) {
  return runCli(['train', '--data-dir', dir, ...cpu, ...cliFlags(flags)]);
}

/** Writes `split`'s images of classes `0 … names.length − 1` as `<dir>/<part>/<name>/<i>.png`. */
function writeFolder(dir: string, part: 'train' | 'test', split: SyntheticSplit, names: readonly string[]): void {
  for (let i = 0; i < split.count; i++) {
    const name = names[split.labels[i]!];
    if (name === undefined) continue;
    mkdirSync(join(dir, part, name), { recursive: true });
    writeFileSync(join(dir, part, name, `${i}.png`), digitPng(split.images, i));
  }
}

/** A Kaggle "Digit Recognizer" CSV of `split` (`label,pixel0,…` when `labeled`). */
function splitCsv(split: SyntheticSplit, labeled: boolean): string {
  return kaggleCsv(split.count, labeled ? (i) => split.labels[i]! : undefined, (i) =>
    split.images.subarray(i * 784, (i + 1) * 784),
  );
}

/** Asserts a failed command: its exit code, exactly one line on stderr matching `pattern`, no stack trace. */
function expectOneLineError(r: { code: number | null; stderr: string }, code: number, pattern: RegExp) {
  expect(r.code, r.stderr).toBe(code);
  const lines = r.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

const random = mulberry32(5);
const train = glyphSplit(600, random);
const test = glyphSplit(150, random);

describe('an image folder per class', () => {
  const names = ['alpha', 'beta', 'gamma'];
  const folder = join(work, 'shapes');
  const out = join(work, 'shapes-run');

  it('trains with one output per class folder, recording their names; eval and predict name them', async () => {
    writeFolder(folder, 'train', train, names);
    writeFolder(folder, 'test', test, names);
    const r = await trainOn(folder, { epochs: 3, lr: 0.003, seed: 1, out, json: true });
    expect(r.code, r.stderr).toBe(0);
    const metrics = JSON.parse(r.stdout);
    expect(metrics).toMatchObject({ dataset: 'shapes', layout: 'image-folder', classNames: names });
    expect(metrics.testAccuracy).toBeGreaterThan(0.9);
    const saved = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8'));
    expect(saved.userDefinedMetadata.mnistKit).toMatchObject({
      outputSize: 3,
      classNames: names,
      preprocessing: 'resize',
    });
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('gamma');

    const evaluated = await runCli(['eval', '--model', out, '--data-dir', folder, ...cpu, '--json']);
    expect(evaluated.code, evaluated.stderr).toBe(0);
    expect(JSON.parse(evaluated.stdout)).toMatchObject({ dataset: 'shapes', classNames: names });
    expect(JSON.parse(evaluated.stdout).testAccuracy).toBeCloseTo(metrics.testAccuracy, 6);

    // Test images of each class as files: predicted by their class names, read as the folder was ('resize').
    const files = [0, 1, 2].map((label) => {
      const i = Array.from(test.labels).indexOf(label);
      const file = join(work, `shape-${label}.png`);
      writeFileSync(file, digitPng(test.images, i));
      return file;
    });
    const predicted = await runCli(['predict', '--model', out, ...cpu, '--json', ...files]);
    expect(predicted.code, predicted.stderr).toBe(0);
    const result = JSON.parse(predicted.stdout);
    expect(result.preprocessing).toBe('resize');
    expect(result.predictions.map((p: { name: string }) => p.name)).toEqual(names);
  });

  it('--preprocess digit is recorded, and eval reads the folder the same way', async () => {
    const digitOut = join(work, 'shapes-digit');
    const r = await trainOn(folder, { preprocess: 'digit', epochs: 1, seed: 1, out: digitOut, json: true });
    expect(r.code, r.stderr).toBe(0);
    const saved = JSON.parse(readFileSync(join(digitOut, 'model.json'), 'utf8'));
    expect(saved.userDefinedMetadata.mnistKit.preprocessing).toBe('digit');
    const evaluated = await runCli(['eval', '--model', digitOut, '--data-dir', folder, ...cpu, '--json']);
    expect(JSON.parse(evaluated.stdout).testAccuracy).toBeCloseTo(JSON.parse(r.stdout).testAccuracy, 6);
  });

  it('eval refuses data whose classes are not the model’s, one line each', async () => {
    const other = join(work, 'other');
    writeFolder(other, 'train', train, ['alpha', 'beta', 'delta']);
    writeFolder(other, 'test', test, ['alpha', 'beta', 'delta']);
    expectOneLineError(
      await runCli(['eval', '--model', out, '--data-dir', other, ...cpu]),
      2,
      /classes of other \(alpha, beta, delta\) are not the model's \(alpha, beta, gamma\)/,
    );
    const more = join(work, 'more');
    writeFolder(more, 'train', train, ['a', 'b', 'c', 'd']);
    expectOneLineError(
      await runCli(['eval', '--model', out, '--data-dir', more, ...cpu]),
      2,
      /more has 4 classes, but the model .* has 3 outputs/,
    );
  });

  it('bad folders are one line: an empty class folder, an unreadable image', async () => {
    const empty = join(work, 'empty-class');
    writeFolder(empty, 'train', train, ['a', 'b']);
    mkdirSync(join(empty, 'train', 'c'));
    expectOneLineError(await trainOn(empty, { epochs: 1, out: join(work, 'x1') }), 1, /train\/c.*no images|empty/i);
    const broken = join(work, 'broken-image');
    writeFolder(broken, 'train', train, ['a', 'b']);
    writeFileSync(join(broken, 'train', 'b', 'note.png'), 'not a picture');
    expectOneLineError(
      await trainOn(broken, { epochs: 1, out: join(work, 'x2') }),
      1,
      /note\.png is not a PNG or JPEG/,
    );
  });
});

describe('MNIST-format IDX files of any number of classes (EMNIST-like)', () => {
  // 26 classes: `--data-dir` without `--dataset` reads any MNIST-format files, classes 0 … the largest label.
  const letters = join(work, 'letters');
  const shape = { rows: 28, cols: 28, classes: 26 };
  writeIdxDataset(letters, {
    train: syntheticSplit(780, { ...shape, seed: 3 }),
    test: syntheticSplit(260, { ...shape, seed: 4 }),
  });
  const out = join(work, 'letters-run');

  it('trains one output per label, records the classes, and eval and --resume read the folder the same way', async () => {
    const r = await trainOn(letters, { epochs: 2, 'batch-size': 32, seed: 1, out, json: true });
    expect(r.code, r.stderr).toBe(0);
    const m = JSON.parse(r.stdout);
    expect(m.dataset).toBe('letters');
    expect(m.classNames).toEqual(Array.from({ length: 26 }, (_, i) => String(i)));
    expect(m.testAccuracy).toBeGreaterThan(0.5);
    const saved = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8'));
    expect(saved.userDefinedMetadata.mnistKit.classNames).toHaveLength(26);
    const evaluated = await runCli(['eval', '--model', out, '--data-dir', letters, ...cpu, '--json']);
    expect(evaluated.code, evaluated.stderr).toBe(0);
    expect(JSON.parse(evaluated.stdout).testAccuracy).toBeCloseTo(m.testAccuracy, 6);
    const resumed = await runCli(['train', '--resume', out, '--epochs', '3', '--json']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(JSON.parse(resumed.stdout).history).toHaveLength(3);
    expectOneLineError(
      await runCli(['train', '--resume', out, '--epochs', '4', '--dataset', 'mnist']),
      2,
      /--dataset cannot change when resuming: the run in .* was started with no --dataset/,
    );
  });

  it('--dataset mnist says the folder holds labels MNIST does not have, in one line', async () => {
    expectOneLineError(
      await trainOn(letters, { dataset: 'mnist', epochs: 1, out: join(work, 'x-letters') }),
      1,
      /train-labels-idx1-ubyte\.gz: label 10 at index \d+ is out of range \(expected 0…9\)/,
    );
  });
});

describe('Kaggle "Digit Recognizer" CSVs', () => {
  const dir = join(work, 'kaggle');
  const out = join(work, 'kaggle-run');
  const submission = join(work, 'submission.csv');

  it('trains on train.csv (10 % held out as test), then predict writes test.csv’s submission', async () => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'train.csv'), splitCsv(train, true));
    const unlabeled = join(dir, 'test.csv');
    writeFileSync(unlabeled, splitCsv(test, false));
    const r = await trainOn(dir, { epochs: 3, seed: 2, out, json: true });
    expect(r.code, r.stderr).toBe(0);
    const metrics = JSON.parse(r.stdout);
    expect(metrics).toMatchObject({ layout: 'csv', heldOutTest: 60 });
    expect(metrics.classNames).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(metrics.testAccuracy).toBeGreaterThan(0.8);

    const p = await runCli(['predict', '--model', out, ...cpu, unlabeled, '--out', submission]);
    expect(p.code, p.stderr).toBe(0);
    const lines = readFileSync(submission, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('ImageId,Label');
    expect(lines).toHaveLength(test.count + 1);
    const labels = lines.slice(1).map((line, i) => {
      const [id, label] = line.split(',');
      expect(Number(id)).toBe(i + 1);
      return Number(label);
    });
    const correct = labels.filter((label, i) => label === test.labels[i]).length;
    expect(correct / test.count).toBeGreaterThan(0.8);

    // An existing submission is kept unless --force.
    writeFileSync(submission, 'mine\n');
    expectOneLineError(
      await runCli(['predict', '--model', out, ...cpu, unlabeled, '--out', submission]),
      2,
      /submission\.csv exists: pass --force/,
    );
    expect(readFileSync(submission, 'utf8')).toBe('mine\n');
    const forced = await runCli(['predict', '--model', out, ...cpu, unlabeled, '--out', submission, '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(readFileSync(submission, 'utf8').split('\n')[0]).toBe('ImageId,Label');

    // A labeled CSV also says how accurate the predictions are.
    const labeled = join(work, 'labeled.csv');
    writeFileSync(labeled, splitCsv(test, true));
    const scored = await runCli(['predict', '--model', out, ...cpu, labeled, '--out', join(work, 's2.csv'), '--json']);
    expect(scored.code, scored.stderr).toBe(0);
    expect(JSON.parse(scored.stdout).accuracy).toBeCloseTo(correct / test.count, 6);
  });

  it('bad CSVs and mixed inputs are one line', async () => {
    const ragged = join(work, 'ragged');
    mkdirSync(ragged, { recursive: true });
    const rows = splitCsv(glyphSplit(20, random), true).split('\n');
    rows[5] = rows[5]!.split(',').slice(0, 700).join(',');
    writeFileSync(join(ragged, 'train.csv'), rows.join('\n'));
    expectOneLineError(
      await trainOn(ragged, { epochs: 1, out: join(work, 'x3') }),
      1,
      /train\.csv line 6: 700 values, expected 785/,
    );
    expectOneLineError(
      await runCli(['predict', '--model', out, ...cpu, join(dir, 'test.csv'), join(work, 'shape-0.png')]),
      2,
      /one \.csv file on its own/,
    );
    expectOneLineError(
      await runCli(['predict', '--model', out, ...cpu, join(work, 'none.csv'), '--out', join(work, 's3.csv')]),
      1,
      /CSV not found: .*none\.csv/,
    );
  });
});

describe.skipIf(!existsSync(FASHION_MNIST_DIR) && process.env.MNIST_KIT_REQUIRE_FASHION !== '1')(
  'real Fashion-MNIST images as PNG folders',
  () => {
    it('trains on 600 test images written as train/<class>/*.png (+ 200 as test/), class names from the folders', async () => {
      const { images, labels } = readTestSet(FASHION_MNIST_DIR);
      // The registry's class names as folder names ('T-shirt/top' → 'T-shirt-top').
      const names = DATASETS['fashion-mnist'].classNames.map((name) => name.replace(/\//g, '-'));
      const split = (from: number, count: number): SyntheticSplit => ({
        images: images.subarray(from * 784, (from + count) * 784),
        labels: labels.subarray(from, from + count),
        count,
        rows: 28,
        cols: 28,
      });
      const dir = join(work, 'fashion-folder');
      writeFolder(dir, 'train', split(0, 600), names);
      writeFolder(dir, 'test', split(600, 200), names);
      const out = join(work, 'fashion-run');
      const r = await trainOn(dir, { epochs: 5, seed: 1, out, json: true });
      expect(r.code, r.stderr).toBe(0);
      const metrics = JSON.parse(r.stdout);
      // Folder names sort as Python's sorted() does (uppercase before lowercase; 'Ankle boot' first).
      expect(metrics.classNames).toEqual([...names].sort());
      expect(metrics).toMatchObject({ trainCount: 600, testCount: 200, layout: 'image-folder' });
      // 600 images, 5 epochs: far above chance (10 %); the full 60 000 reach ~88 %.
      expect(metrics.testAccuracy).toBeGreaterThan(0.6);
    });
  },
);
