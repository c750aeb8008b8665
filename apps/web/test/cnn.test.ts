// End-to-end, in headless Debian Chromium: the CNN in the web demo — chosen in the Train form (by keyboard),
// trained one short epoch on tfjs ops, its first convolution's filters in the weights grid, its feature maps in
// the activations panel, a drawn digit predicted, saved in IndexedDB and restored; and a CNN loaded from a URL
// and from one .safetensors file. Run alone with `pnpm vitest run test/cnn.test.ts` after `pnpm vite build`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import '@tensorflow/tfjs-backend-cpu';
import { createCnn, modelToSafetensors, toArtifacts } from '@mnist-kit/models';
import * as tf from '@tensorflow/tfjs-core';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { downloadHandler } from '../src/modelIo';
import { drawStroke, RESULTS, serveApp, testAccuracy, text, waitForText } from './pageHelpers';

const FIXTURE = '?data=/data/fixture/';

/** A small untrained CNN (conv 4-8 k5 → dense 32 → 10) as "Download" writes it, and as one .safetensors file. */
let cnnFiles: { dir: string; safetensors: string };
const app = serveApp('cnn', async (tmp) => {
  await tf.setBackend('cpu');
  const dir = join(tmp, 'cnn-model');
  mkdirSync(dir, { recursive: true });
  const model = createCnn({ filters: [4, 8], denseSizes: [32], seed: 11 });
  const blobs: [string, Blob][] = [];
  await downloadHandler((name, blob) => blobs.push([name, blob])).save!(await toArtifacts(model));
  for (const [name, blob] of blobs) writeFileSync(join(dir, name), new Uint8Array(await blob.arrayBuffer()));
  const safetensors = join(tmp, 'small-cnn.safetensors');
  writeFileSync(safetensors, await modelToSafetensors(model));
  model.dispose();
  cnnFiles = { dir, safetensors };
  return { '/cnn-model/': dir };
});

/** The titles of the activations panel's layers (hidden ones, the flatten, included). */
function layerTitles(page: Page): Promise<string[]> {
  return page.getByTestId('activations').locator('.act-layer h3').allTextContents();
}

describe('the CNN in the web demo', () => {
  it('chosen by keyboard, trains one short epoch; conv filters, feature maps, a drawn digit predicted, saved and restored', async () => {
    const { page, errors } = await app.openPage(
      `${app.server.url}/${FIXTURE}&backend=wasm&epochs=1&batchSize=32&lr=0.005&limit=1500&testLimit=300`,
    );
    await waitForText(page, 'dataset-status', /^ready/);
    // The model select is labelled and works from the keyboard; the MLP's fields switch off for the CNN.
    const select = page.getByRole('combobox', { name: /^Model/ });
    expect(await select.getAttribute('data-testid')).toBe('model-kind');
    expect(await select.inputValue()).toBe('mlp');
    expect(await page.locator('#hidden').isDisabled()).toBe(false);
    await select.focus();
    await page.keyboard.press('ArrowDown');
    expect(await select.inputValue()).toBe('cnn');
    await expect.poll(() => page.locator('#hidden').isDisabled()).toBe(true);
    expect(await page.locator('#activation').isDisabled()).toBe(true);
    expect(await text(page, 'model-note')).toMatch(/^CNN: conv 8 → max-pool → conv 16 .*do not apply/);
    await expect.poll(() => new URL(page.url()).searchParams.get('model')).toBe('cnn');

    await page.getByTestId('train-button').click();
    const accuracy = await testAccuracy(page, 90_000);
    expect(accuracy).toBeGreaterThan(0.2);
    expect(await text(page, 'epoch-status')).toBe('done: epoch 1/1');
    expect(await text(page, 'step-engine')).toBe('steps: tfjs ops on wasm');
    expect(await text(page, 'model-status')).toBe(
      'Model trained in this browser: conv 8-16 k5 → dense 128 → 10, 37,610 parameters.',
    );
    // After the run the form is back, the CNN still chosen, the MLP's fields still off.
    expect(await select.isDisabled()).toBe(false);
    expect(await page.locator('#hidden').isDisabled()).toBe(true);

    // The weights grid: the first convolution's 8 filters as 5×5 tiles.
    const weights = page.locator('#weights-canvas');
    await expect.poll(() => weights.isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await weights.getAttribute('data-kind')).toBe('filter');
    expect(await weights.evaluate((c: HTMLCanvasElement) => [c.width, c.height])).toEqual([8 * 6 - 1, 5]);
    expect(await page.locator('#weights-caption').textContent()).toMatch(
      /^Each of the 8 filters of conv2d_1, the first convolution: its 5×5 kernel/,
    );
    expect(await weights.getAttribute('aria-label')).toBe('filters 1–8 of conv2d_1/kernel as 5×5 images');

    // The activations panel: every conv and pool layer as feature maps, one tile per channel.
    await expect.poll(() => layerTitles(page), { timeout: 15_000 }).toHaveLength(7);
    expect(await layerTitles(page)).toEqual([
      expect.stringMatching(/^conv2d_1 · 8 maps of 24×24 · \d+ active$/),
      'max_pooling2d_1 · 8 maps of 12×12',
      expect.stringMatching(/^conv2d_2 · 16 maps of 8×8 · \d+ active$/),
      'max_pooling2d_2 · 16 maps of 4×4',
      'flatten · 256 units',
      expect.stringMatching(/^dense_1 · 128 units · \d+ active$/),
      'dense_2 · 10 units',
    ]);
    const maps = page.getByTestId('activations').locator('canvas.act-maps');
    // conv2d_1 before and after its ReLU, max_pooling2d_1, conv2d_2 before and after, max_pooling2d_2: 8 tiles a row.
    const sizes = await maps.evaluateAll((cs) => (cs as HTMLCanvasElement[]).map((c) => [c.width, c.height]));
    expect(sizes).toEqual([
      [8 * 25 - 1, 24],
      [8 * 25 - 1, 24],
      [8 * 13 - 1, 12],
      [8 * 9 - 1, 2 * 9 - 1],
      [8 * 9 - 1, 2 * 9 - 1],
      [8 * 5 - 1, 2 * 5 - 1],
    ]);
    // The maps show something: more than one colour in conv2d_1's output.
    const colours = await maps.nth(1).evaluate((c: HTMLCanvasElement) => {
      const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      const seen = new Set<number>();
      for (let i = 0; i < data.length; i += 4) seen.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
      return seen.size;
    });
    expect(colours).toBeGreaterThan(3);

    // Draw a digit: the CNN predicts it, and the activations follow the drawing.
    await drawStroke(page);
    await waitForText(page, 'prediction', /^\d$/, 15_000);
    expect(await text(page, 'predict-source')).toBe('Input: your drawing');
    await expect.poll(() => page.locator('#activations-source').textContent()).toBe('Input: your drawing.');
    await page.screenshot({ path: join(RESULTS, 'cnn.png'), fullPage: true });

    // Saved in IndexedDB, the CNN comes back on the next visit.
    await page.getByTestId('save-model-button').click();
    await waitForText(page, 'model-status', /Saved in this browser/);
    await page.reload();
    await waitForText(
      page,
      'model-status',
      /^Model saved in this browser \(IndexedDB\): conv 8-16 k5 → dense 128 → 10, 37,610 parameters\.$/,
    );
    expect(await testAccuracy(page)).toBeCloseTo(accuracy, 4);
    expect(await page.locator('#weights-canvas').getAttribute('data-kind')).toBe('filter');
    expect(errors).toEqual([]);
  });

  it('a CNN loads from a model.json URL and from one .safetensors file, and predicts', async () => {
    const { page, errors } = await app.openPage(`${app.server.url}/${FIXTURE}&backend=cpu&testLimit=100`);
    await waitForText(page, 'dataset-status', /^ready/);
    const url = `${app.server.url}/cnn-model/model.json`;
    await page.locator('#model-url').fill(url);
    await page.locator('#model-url').press('Enter');
    expect(await waitForText(page, 'model-status', /^Model loaded from /)).toBe(
      `Model loaded from ${url}: conv 4-8 k5 → dense 32 → 10, 5,370 parameters.`,
    );
    await testAccuracy(page);
    await drawStroke(page);
    await waitForText(page, 'prediction', /^\d$/, 15_000);
    await page.getByTestId('model-file-input').setInputFiles([cnnFiles.safetensors]);
    await waitForText(
      page,
      'model-status',
      /^Model loaded from small-cnn\.safetensors: conv 4-8 k5 → dense 32 → 10, [\d,]+ parameters\.$/,
    );
    await waitForText(page, 'prediction', /^\d$/, 15_000);
    await expect.poll(() => layerTitles(page)).toHaveLength(7);
    expect(errors).toEqual([]);
  });
});
