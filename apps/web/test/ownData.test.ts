// End-to-end, in headless Debian Chromium: your own data in the Data section — a folder of PNG images per class
// picked (`<input webkitdirectory>`) or dropped, Kaggle CSVs dropped — read by @mnist-kit/datasets' own-data rules
// (imageFolderDataset, csvDataset) with the browser decoding the images; its class names on the page; one short
// epoch of training on it; and bad data (an empty class folder, a corrupt PNG, a ragged CSV row, …) each one line
// while the data loaded before stays in use. Run alone with `pnpm vitest run test/ownData.test.ts` after
// `pnpm vite build`.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type Dataset, imageFolderDataset } from '@mnist-kit/datasets';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { decodePng, SHAPES, writeOwnData } from './ownDataFiles';
import { dropFiles, dropFolders, expectOneMessage, serveApp, testAccuracy, text, waitForText } from './pageHelpers';

const FIXTURE = '?data=/data/fixture/';

/** Served under /own/: the folders of ownDataFiles.ts. */
let ownDir: string;
const app = serveApp('own', (tmp) => {
  ownDir = join(tmp, 'own');
  writeOwnData(ownDir);
  return { '/own/': ownDir };
});

/** The page (fixture MNIST loaded), in a fresh context, page errors collected. */
async function openPage(query = ''): Promise<{ page: Page; errors: string[] }> {
  const opened = await app.openPage(`${app.server.url}/${FIXTURE}&backend=wasm${query}`);
  await waitForText(opened.page, 'dataset-status', /^ready: 3,000 train/);
  return opened;
}

/** Picks the folder `name` of ownDir with the folder input, as a user would in the file chooser. */
async function pickFolder(page: Page, name: string): Promise<void> {
  await page.getByTestId('data-folder').setInputFiles(join(ownDir, name));
}

/** The tree of the folder `name` of ownDir for {@link dropFolders}, files fetched from /own/. */
function servedTree(name: string, paths: readonly string[]): Record<string, string | null> {
  return Object.fromEntries(
    paths.map((path) => [`${name}/${path}`, path.endsWith('/') ? null : `/own/${name}/${path}`]),
  );
}

/** The captions of the sample grid: the class of each training image shown. */
function sampleCaptions(page: Page): Promise<string[]> {
  return page.getByTestId('sample-grid').locator('button span').allTextContents();
}

/** The dataset of the folder `name` of ownDir as the CLI reads it: the same core rules, the files decoded by pngjs. */
function nodeDataset(name: string): Promise<Dataset> {
  const root = join(ownDir, name);
  const entries = (readdirSync(root, { recursive: true }) as string[])
    .filter((path) => statSync(join(root, path)).isFile())
    .map((path) => ({ path: path.split('\\').join('/'), file: join(root, path) }));
  return imageFolderDataset({ entries, decode: async (entry) => decodePng(readFileSync(entry.file)) });
}

/** Each sample-grid image: the training row it shows and its pixels as painted (one gray byte per pixel). */
function sampleImages(page: Page): Promise<{ index: number; pixels: number[] }[]> {
  return page
    .getByTestId('sample-grid')
    .locator('button canvas')
    .evaluateAll((canvases) =>
      canvases.map((canvas) => {
        const c = canvas as HTMLCanvasElement;
        const rgba = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        const index = Number((c.parentElement as HTMLElement).dataset.index);
        return { index, pixels: Array.from({ length: rgba.length / 4 }, (_, i) => rgba[i * 4]!) };
      }),
    );
}

const shapesReady =
  'ready: your folder shapes: 3 classes (circle, cross, square), 270 train / 30 test images, 28×28; ' +
  '10 % of train held out as test (30 images)';

describe('your own data in the web demo', () => {
  it('a picked folder of PNGs per class loads, shows its class names everywhere, and trains', async () => {
    const { page, errors } = await openPage('&epochs=1&batchSize=8');
    expect(await page.locator('#draw-h').textContent()).toBe('Draw a digit');
    const started = Date.now();
    await pickFolder(page, 'shapes');
    await page.waitForFunction(
      () => document.querySelector('[data-testid="dataset-status"]')?.textContent?.startsWith('ready: your folder'),
      undefined,
      { polling: 'raf', timeout: 60_000 },
    );
    const ms = Date.now() - started;
    console.info(`[e2e] a 300-image PNG folder (40×40) loaded in ${ms} ms (pick → decoded, preprocessed, ready)`);
    expect(await text(page, 'dataset-status')).toBe(shapesReady);
    expect(await page.locator('#data-url').textContent()).toBe('from your folder shapes');

    // The browser's decoding and the core's rules give the bytes the CLI gets from the same folder.
    const expected = await nodeDataset('shapes');
    const shown = await sampleImages(page);
    expect(shown.length).toBeGreaterThan(20);
    for (const { index, pixels } of shown) {
      expect(pixels, `training image ${index}`).toEqual(
        Array.from(expected.train.images.subarray(index * 784, (index + 1) * 784)),
      );
    }
    // The sample grid labels its images with the folder's class names.
    const captions = await sampleCaptions(page);
    expect(captions.length).toBeGreaterThan(20);
    expect(new Set(captions).size).toBeGreaterThan(1);
    for (const caption of captions) expect(SHAPES).toContain(caption);
    // Shapes are not digits: no drawing, pick a test image instead.
    expect(await page.locator('#draw-h').textContent()).toBe('Pick a test image');
    expect(await page.locator('#draw-area').isHidden()).toBe(true);
    expect(await page.locator('#draw-hint').textContent()).toContain('Drawing shapes images by hand makes no sense');

    await page.getByTestId('train-button').click();
    const accuracy = await testAccuracy(page);
    expect(accuracy).toBeGreaterThan(0.5);
    expect(await text(page, 'epoch-status')).toContain('done: epoch 1/1');
    expect(await page.locator('#eval-detail').textContent()).toMatch(/^on 30 test images/);
    // The confusion matrix names its first rows and columns after the classes.
    const heads = await page
      .getByTestId('confusion-matrix')
      .locator('thead th')
      .evaluateAll((ths) => ths.map((th) => (th as HTMLElement).title));
    expect(heads.slice(1, 4)).toEqual([...SHAPES]);
    for (const caption of await page.getByTestId('misclassified').locator('.miss span').allTextContents()) {
      expect(caption).toMatch(/^true (circle|cross|square) → (circle|cross|square)/);
    }
    // A test image's prediction: its class by name, with the true class.
    await page.getByTestId('pick-test-button').click();
    await expect.poll(() => page.locator('#prediction-name').textContent()).toMatch(/^\((circle|cross|square)\)$/);
    expect(await text(page, 'predict-source')).toMatch(/true class (circle|cross|square)$/);
    const bars = await page.locator('#bars li .name').allTextContents();
    expect(bars.slice(0, 3)).toEqual(['0 circle', '1 cross', '2 square']);
    await app.screenshot(page, 'own-data-shapes');
    expect(errors).toEqual([]);
  });

  it('a dropped folder (with test/) and dropped train.csv + test.csv load; digits bring drawing back', async () => {
    const { page, errors } = await openPage();
    const paths = ['test/square/', 'train/circle/000.png', 'train/circle/001.png', 'train/cross/000.png'];
    for (const shape of SHAPES) for (let i = 0; i < 5; i++) paths.push(`test/${shape}/00${i}.png`);
    paths.push('train/square/000.png', 'train/square/.DS_Store/');
    await dropFolders(page, 'drop-zone', servedTree('shapes-split', paths));
    expect(await waitForText(page, 'dataset-status', /^ready: your folder shapes-split/)).toBe(
      'ready: your folder shapes-split: 3 classes (circle, cross, square), 4 train / 15 test images, 28×28',
    );
    expect(await page.locator('#draw-h').textContent()).toBe('Pick a test image');

    await dropFiles(page, 'drop-zone', [
      { url: '/own/kaggle/train.csv', name: 'train.csv' },
      { url: '/own/kaggle/test.csv', name: 'test.csv' },
    ]);
    expect(await waitForText(page, 'dataset-status', /^ready: your train\.csv/)).toBe(
      'ready: your train.csv + test.csv: 10 classes (0, 1, 2, 3, 4, …), 600 train / 100 test images, 28×28',
    );
    // Kaggle's classes are the digits: drawing one makes sense again.
    expect(await page.locator('#draw-h').textContent()).toBe('Draw a digit');
    expect(await page.locator('#draw-area').isHidden()).toBe(false);
    expect(errors).toEqual([]);
  });

  it('bad own data is one line each (which folder, file or line), and the data loaded before stays in use', async () => {
    const { page, errors } = await openPage();
    await pickFolder(page, 'shapes');
    await waitForText(page, 'dataset-status', /^ready: your folder shapes:/);
    const kept = / Still using the shapes data loaded before \(270 train \/ 30 test images\)\.$/;
    const classes = '\\(\\.png, \\.jpg, \\.jpeg\\): every class folder needs at least one\\.';
    const cases: [string, () => Promise<unknown>, RegExp][] = [
      [
        'an empty class folder (dropped)',
        () =>
          dropFolders(
            page,
            'drop-zone',
            servedTree('empty-class', ['train/circle/000.png', 'train/circle/001.png', 'train/square/']),
          ),
        new RegExp(`^Could not load your folder empty-class: empty-class/train/square holds no images ${classes}`),
      ],
      [
        'a class folder without images (picked: a pick sees no empty folders)',
        () => pickFolder(page, 'no-images'),
        new RegExp(`^Could not load your folder no-images: no-images/train/square holds no images ${classes}`),
      ],
      [
        'a corrupt PNG',
        () => pickFolder(page, 'corrupt'),
        /^Could not load your folder corrupt: corrupt\/train\/square\/002\.png is a corrupt PNG: [^.]+\./,
      ],
      [
        'text named .png',
        () => pickFolder(page, 'not-png'),
        /^Could not load your folder not-png: not-png\/train\/circle\/001\.png is not a PNG or JPEG image\./,
      ],
      [
        'a test split with other classes',
        () => pickFolder(page, 'mismatch'),
        /^Could not load your folder mismatch: mismatch\/test has other classes than mismatch\/train: only in train: "b"; only in test: "c"\./,
      ],
      [
        'a ragged CSV row',
        () => dropFiles(page, 'drop-zone', [{ url: '/own/ragged/train.csv', name: 'train.csv' }]),
        /^Could not load your train\.csv: train\.csv line 3: 784 values, expected 785\./,
      ],
      [
        'no dataset at all',
        () => pickFolder(page, 'photos'),
        /^Could not load mnist from the picked files: no dataset in photos: the Data slot takes the four mnist files/,
      ],
    ];
    for (const [name, act, reason] of cases) {
      await act();
      const message = await waitForText(page, 'dataset-status', reason);
      expectOneMessage(message, /Could not load/);
      expect(message, name).toMatch(kept);
      expect(await page.locator('#data-url').textContent(), name).toBe('from your folder shapes');
      expect(await page.getByTestId('train-button').isDisabled(), name).toBe(false);
      for (const caption of await sampleCaptions(page)) expect(SHAPES, name).toContain(caption);
    }
    expect(errors).toEqual([]);
  });
});
