// End-to-end: the built app (dist/, built by turbo before `test`) served by `vite preview` with the
// COOP/COEP headers, a synthetic MNIST-format dataset served under /data/fixture/, driven in headless
// Debian Chromium. Run alone with `pnpm vitest run test/e2e.test.ts` after `pnpm vite build`.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, cliFlags, runCli } from '@mnist-kit/test-utils';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { writeBadDataFolders, writeBadModelFiles, writeModelFiles } from './badFiles';
import { DATA_FILES } from './fixtureData';
import { drawStroke, dropFiles, expectOneMessage, serveApp, testAccuracy, text, waitForText } from './pageHelpers';

/** Browser backends `.ci/run` says work in this Chromium (MNIST_KIT_REQUIRE_BROWSER_BACKENDS): their cases must not skip. */
const requiredBrowserBackends = new Set(
  (process.env.MNIST_KIT_REQUIRE_BROWSER_BACKENDS ?? '').split(',').filter(Boolean),
);

/** Served under /e2e/: a good model (model/), broken model files and broken dataset folders (badFiles.ts). */
let e2eDir: string;
let goodModel: { json: string; weights: string; bytes: number };
let badModel: Record<string, string>;
const app = serveApp('e2e', async (tmp, fixtureDir) => {
  e2eDir = join(tmp, 'e2e');
  goodModel = await writeModelFiles(e2eDir);
  badModel = writeBadModelFiles(e2eDir, goodModel);
  writeBadDataFolders(e2eDir, fixtureDir);
  return { '/e2e/': e2eDir };
});

/** The page at `query` (relative to the app's URL) in a fresh context, page errors collected. */
function openPage(query: string): Promise<{ page: Page; errors: string[] }> {
  return app.openPage(`${app.server.url}/${query}`);
}

const FIXTURE = '?data=/data/fixture/';

async function expectPrediction(page: Page): Promise<void> {
  await page.waitForFunction(
    () => /^\d$/.test(document.querySelector('[data-testid="prediction"]')?.textContent ?? ''),
    undefined,
    { timeout: 15_000 },
  );
}

describe('web demo in headless Chromium', () => {
  it('loads the fixture data, cross-origin isolated, and a second visit reads it from Cache Storage', async () => {
    const { page, errors } = await openPage(`${FIXTURE}&backend=cpu`);
    await expect.poll(() => text(page, 'dataset-status'), { timeout: 30_000 }).toContain('ready');
    expect(await text(page, 'dataset-status')).toContain('3,000 train / 500 test');
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    expect(await page.locator('#platform').textContent()).toContain('crossOriginIsolated: yes');

    const dataRequests: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname.startsWith('/data/fixture/')) dataRequests.push(request.url());
    });
    await page.reload();
    await expect.poll(() => text(page, 'dataset-status'), { timeout: 30_000 }).toContain('ready');
    expect(await text(page, 'dataset-status')).toContain('from browser cache');
    expect(dataRequests).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('says how to fetch a dataset that is missing', async () => {
    const { page } = await openPage('?dataset=kmnist&backend=cpu');
    await expect.poll(() => text(page, 'dataset-status'), { timeout: 30_000 }).toContain('fetch-data --dataset kmnist');
    expect(await page.getByTestId('train-button').isDisabled()).toBe(true);
  });

  for (const backend of ['wasm', 'cpu'] as const) {
    it(`trains one epoch on ${backend} above chance, with charts, confusion matrix and gallery`, async () => {
      const { page, errors } = await openPage(
        `${FIXTURE}&backend=${backend}&epochs=1&batchSize=32&limit=1500&testLimit=300&autostart=1`,
      );
      const accuracy = await testAccuracy(page);
      expect(accuracy).toBeGreaterThan(0.2);
      expect(await text(page, 'active-backend')).toBe(backend);
      expect(await text(page, 'epoch-status')).toContain('epoch 1/1');
      expect(await page.getByTestId('loss-chart').locator('canvas').count()).toBeGreaterThan(0);
      expect(await page.getByTestId('confusion-matrix').locator('tbody tr').count()).toBe(10);
      if (backend === 'wasm') {
        // Threaded SIMD build: several threads because the page is cross-origin isolated.
        expect(await page.locator('#backend-detail').textContent()).toMatch(/threaded SIMD build, \d+ threads?/);
        expect(await page.locator('#platform').textContent()).toMatch(/wasm threads: \d+ thread/);
        // Every logical core (tfjs caps its pool at 8): 2 threads on the 2-core CI machine, not tfjs' default
        // of half the cores.
        const cores = await page.evaluate(() => navigator.hardwareConcurrency);
        const threads = Math.min(cores, 8);
        const plural = threads === 1 ? '' : 's';
        expect(await page.locator('#backend-detail').textContent()).toContain(`${threads} thread${plural}`);
        expect(await page.locator('#platform').textContent()).toContain(`wasm threads: ${threads} thread${plural}`);
        // The trainer's steps run on mnist-kit's SIMD engine, one thread per logical core.
        expect(await text(page, 'step-engine')).toMatch(
          new RegExp(`^steps: SIMD engine \\((relaxed-simd|simd)\\), ${cores} threads? on wasm$`),
        );
      }
      await app.screenshot(page, `after-training-${backend}`);
      expect(errors).toEqual([]);
    });
  }

  for (const backend of ['webgl', 'webgpu'] as const) {
    it(`initialises ${backend} and runs a few steps, or says why it cannot`, async () => {
      const { page, errors } = await openPage(
        `${FIXTURE}&backend=${backend}&epochs=1&batchSize=64&limit=400&testLimit=200&autostart=1`,
      );
      await expect.poll(() => text(page, 'active-backend'), { timeout: 60_000 }).not.toBe('…');
      const active = await text(page, 'active-backend');
      if (active !== backend) {
        // Not faked: the page must name the backend and the reason it failed — and where .ci/run says this
        // backend works here, that is a failure, not a skip.
        const notes = await text(page, 'backend-notes');
        expect(notes).toMatch(new RegExp(`${backend}`));
        expect(requiredBrowserBackends.has(backend), `${backend} must work here; the page says: ${notes}`).toBe(false);
        console.warn(`[e2e] ${backend} is unavailable in this Chromium; the page reports: ${notes}`);
        return;
      }
      const accuracy = await testAccuracy(page, 120_000);
      // Four hundred rows, one epoch: above chance (10 classes) on any working backend.
      expect(accuracy).toBeGreaterThan(0.15);
      expect(await text(page, 'epoch-status')).toContain('done: epoch 1/1');
      // The SIMD engine runs on cpu and wasm only; here the steps are tfjs ops on the GPU backend.
      expect(await text(page, 'step-engine')).toBe(`steps: tfjs ops on ${backend}`);
      console.info(`[e2e] ${backend}: ${await page.locator('#backend-detail').textContent()}, accuracy ${accuracy}`);
      expect(errors).toEqual([]);
    });
  }

  for (const backend of ['webgl', 'webgpu', 'wasm'] as const) {
    it(`self-test page: Adam, loss and training steps on ${backend} match the cpu reference, with fused kernels`, async () => {
      const { page, errors } = await openPage(`selftest.html?backend=${backend}`);
      await page.waitForFunction(() => window.__selftest !== undefined, undefined, { timeout: 120_000 });
      const result = (await page.evaluate(() => window.__selftest))!;
      if (result.backend !== backend) {
        expect(result.error ?? '').toMatch(new RegExp(backend));
        expect(requiredBrowserBackends.has(backend), `${backend} must work here: ${result.error}`).toBe(false);
        console.warn(`[e2e] ${backend} is unavailable in this Chromium: ${result.error}`);
        return;
      }
      expect(result.error).toBeUndefined();
      expect(result.checks.map((c) => c.name)).toHaveLength(6);
      for (const check of result.checks) expect(check.ok, `${check.name}: ${check.detail}`).toBe(true);
      // One fused kernel per parameter, not the ten-op path.
      expect(result.adamKernels).toEqual(['MnistKitAdamUpdate']);
      expect(result.lossKernels).toEqual(['MnistKitSoftmaxCrossEntropy']);
      // On webgl a Dense layer's ReLU and bias gradients are one pass each, not tfjs' Step + Multiply and Sum.
      const denseGradKernels = ['MnistKitReluGrad', 'MnistKitBiasGrad'];
      if (backend === 'webgl') {
        expect(result.backwardKernels).toEqual(expect.arrayContaining(denseGradKernels));
        expect(result.backwardKernels.filter((k) => k === 'Step' || k === 'Sum')).toEqual([]);
      } else expect(result.backwardKernels.filter((k) => denseGradKernels.includes(k))).toEqual([]);
      expect(await page.getByTestId('selftest-output').textContent()).toContain('all checks passed');
      expect(errors).toEqual([]);
    });
  }

  it('auto passes over a software GPU for wasm and says why', async () => {
    const { page, errors } = await openPage(`${FIXTURE}&backend=auto`);
    await expect.poll(() => text(page, 'active-backend'), { timeout: 60_000 }).not.toBe('…');
    const notes = await text(page, 'backend-notes');
    const renderer = await page.evaluate(() => {
      const gl = document.createElement('canvas').getContext('webgl2');
      const ext = gl?.getExtension('WEBGL_debug_renderer_info');
      return ext ? String(gl!.getParameter(ext.UNMASKED_RENDERER_WEBGL)) : '';
    });
    if (/swiftshader|llvmpipe/i.test(renderer)) {
      // Headless Chromium without a GPU: WebGL (and WebGPU) are SwiftShader, slower than wasm for training.
      expect(await text(page, 'active-backend')).toBe('wasm');
      expect(notes).toMatch(/webgl: skipped: software renderer \(.*SwiftShader.*\), slower than wasm/i);
    }
    expect(errors).toEqual([]);
  });

  it('Stop stops after the current step and keeps the model; Resume continues; the UI stays responsive', async () => {
    const { page, errors } = await openPage(
      `${FIXTURE}&backend=wasm&epochs=200&batchSize=32&limit=3000&testLimit=300&autostart=1`,
    );
    await expect.poll(() => text(page, 'epoch-status'), { timeout: 30_000 }).toMatch(/epoch \d+\/200 · step/);
    // While training: frames keep coming (no long freezes).
    const longestFrameGap = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          let last = performance.now();
          let worst = 0;
          const end = last + 1000;
          const tick = (now: number) => {
            worst = Math.max(worst, now - last);
            last = now;
            if (now < end) requestAnimationFrame(tick);
            else resolve(worst);
          };
          requestAnimationFrame(tick);
        }),
    );
    expect(longestFrameGap).toBeLessThan(500);

    await page.getByTestId('stop-button').click();
    await expect.poll(() => text(page, 'epoch-status'), { timeout: 15_000 }).toContain('stopped in epoch');
    const stoppedAt = await text(page, 'epoch-status');
    await page.waitForTimeout(1000);
    expect(await text(page, 'epoch-status')).toBe(stoppedAt);
    expect(await page.getByTestId('model-status').textContent()).toContain('trained in this browser');
    expect(await testAccuracy(page)).toBeGreaterThan(0.2);
    expect(await page.getByTestId('stop-button').isDisabled()).toBe(true);

    // Resume continues the same run (same epoch), then stop again.
    await page.getByTestId('resume-button').click();
    await expect.poll(() => text(page, 'epoch-status'), { timeout: 15_000 }).toMatch(/· step/);
    await page.getByTestId('stop-button').click();
    await expect.poll(() => text(page, 'epoch-status'), { timeout: 15_000 }).toContain('stopped in epoch');

    // Draw a digit: the kept model predicts.
    await drawStroke(page);
    await expectPrediction(page);

    // Save in IndexedDB; after a reload the saved model predicts.
    await page.getByTestId('save-model-button').click();
    await expect.poll(() => text(page, 'model-status')).toContain('Saved in this browser');
    await page.reload();
    await expect.poll(() => text(page, 'model-status'), { timeout: 30_000 }).toContain('saved in this browser');
    await drawStroke(page);
    await expectPrediction(page);
    await page.getByTestId('clear-button').click();
    await expect.poll(() => text(page, 'prediction')).toBe('');
    expect(errors).toEqual([]);
  });

  it('a broken model.json or weights.bin, swapped or missing files, an HTML URL each say so in one line; the model before keeps predicting and stays saved', async () => {
    const { page, errors } = await openPage(`${FIXTURE}&backend=cpu&testLimit=100`);
    await page.getByTestId('model-file-input').setInputFiles([goodModel.json, goodModel.weights]);
    await waitForText(page, 'model-status', /^Model loaded from model\.json \+ weights\.bin: 784 → 16 → 10/);
    await page.getByTestId('save-model-button').click();
    await waitForText(page, 'model-status', /Saved in this browser/);
    await drawStroke(page);
    await expectPrediction(page);

    const { json, weights } = goodModel;
    const fixture = (name: string) => join(app.fixtureDir, name);
    const fileCases: [string, string[], RegExp][] = [
      ['not JSON', [badModel.notJson!, weights], /model\.json is not JSON/],
      ['JSON, not a model', [badModel.notAModel!, weights], /model\.json is JSON, but not a tfjs-layers model/],
      [
        'weights of the wrong size',
        [json, badModel.short!],
        /weights\.bin has 1,000 bytes, but model\.json describes 50,920/,
      ],
      [
        'weights where model.json belongs',
        [badModel.binAsJson!, weights],
        /model\.json is binary data, not a model\.json/,
      ],
      [
        'model.json where the weights belong',
        [json, badModel.jsonAsWeights!],
        /weights\.bin is JSON text, not the binary weights/,
      ],
      ['no model.json', [weights], /model\.json is missing/],
      ['no weights', [json], /weights\.bin is missing/],
      [
        'dataset files',
        [fixture(DATA_FILES[0]), fixture(DATA_FILES[1])],
        /dataset files go in the Data section \(all four at once\); the Model slot takes model\.json \+ weights\.bin/,
      ],
    ];
    const stillThere =
      /Still using the model loaded from model\.json \+ weights\.bin \(784 → 16 → 10, relu, 12,730 parameters\)\.$/;
    for (const [name, files, reason] of fileCases) {
      await page.getByTestId('model-file-input').setInputFiles(files);
      const message = await waitForText(page, 'model-status', reason);
      expectOneMessage(message, /Could not load/);
      expect(message, name).toMatch(stillThere);
      expect(await page.getByTestId('model-file-input').isDisabled(), name).toBe(false);
    }
    const urlCases: [string, RegExp][] = [
      [`${app.server.url}/nowhere/model.json`, /nowhere\/model\.json is an HTML page, not a model\.json/],
      [`${app.server.url}/e2e/json-only/model.json`, /json-only\/weights\.bin is an HTML page, not the weights/],
      [`${app.server.url}/e2e/model/weights.bin`, /weights\.bin is binary data, not a model\.json/],
    ];
    for (const [url, reason] of urlCases) {
      await page.locator('#model-url').fill(url);
      await page.locator('#model-url-form button').click();
      const message = await waitForText(page, 'model-status', reason);
      expectOneMessage(message, /Could not load/);
      expect(message, url).toMatch(stillThere);
    }
    // Dataset files dropped on the model's drop zone: the same one line.
    const served = (name: string) => ({ url: `/data/fixture/${name}`, name });
    await dropFiles(page, 'model-drop-zone', DATA_FILES.map(served));
    expectOneMessage(
      await waitForText(
        page,
        'model-status',
        /dataset files go in the Data section \(all four at once\); the Model slot takes model\.json \+ weights\.bin/,
      ),
      /Could not load/,
    );

    // The model from before still predicts, and the saved copy is still found after a reload.
    await page.getByTestId('clear-button').click();
    await drawStroke(page);
    await expectPrediction(page);
    await page.reload();
    await waitForText(page, 'model-status', /^Model saved in this browser \(IndexedDB\): 784 → 16 → 10/);
    await drawStroke(page);
    await expectPrediction(page);
    // Dropping the good pair on the model's drop zone loads it.
    await dropFiles(page, 'model-drop-zone', [
      { url: '/e2e/model/weights.bin', name: 'weights.bin' },
      { url: '/e2e/model/model.json', name: 'model.json' },
    ]);
    await waitForText(page, 'model-status', /^Model loaded from weights\.bin \+ model\.json: 784 → 16 → 10/);
    expect(errors).toEqual([]);
  });

  it('a data URL answering HTML, a truncated .gz, garbage or swapped files name the file and the fault; other cached data stays', async () => {
    const { page, errors } = await openPage(`${FIXTURE}&backend=cpu`);
    await waitForText(page, 'dataset-status', /^ready/);
    const cases: [string, RegExp][] = [
      ['/e2e/data-html/', /train-images-idx3-ubyte\.gz: got an HTML page instead of the file from \/e2e\/data-html\//],
      ['/nowhere/', /train-images-idx3-ubyte\.gz: got an HTML page instead of the file from \/nowhere\//],
      [
        '/e2e/data-truncated/',
        /\/e2e\/data-truncated\/train-images-idx3-ubyte\.gz: the gzip data is corrupt or cut off/,
      ],
      ['/e2e/data-garbage/', /\/e2e\/data-garbage\/train-images-idx3-ubyte\.gz: bad IDX magic number/],
      ['/e2e/data-swapped/', /\/e2e\/data-swapped\/train-images-idx3-ubyte\.gz: expected an IDX images file/],
    ];
    for (const [url, reason] of cases) {
      await page.goto(`${app.server.url}/?data=${url}&backend=cpu`);
      const message = await waitForText(page, 'dataset-status', reason);
      expectOneMessage(message, /No mnist data|Could not load/);
      expect(await page.getByTestId('train-button').isDisabled(), url).toBe(true);
    }
    const dataRequests: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname.startsWith('/data/fixture/')) dataRequests.push(request.url());
    });
    await page.goto(`${app.server.url}/${FIXTURE}&backend=cpu`);
    await waitForText(page, 'dataset-status', /^ready: 3,000 train \/ 500 test images, 28×28 \(from browser cache\)$/);
    expect(dataRequests).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('files picked or dropped in the wrong slot say which slot takes what; the data loaded before stays in use', async () => {
    const { page, errors } = await openPage(`${FIXTURE}&backend=cpu`);
    await waitForText(page, 'dataset-status', /^ready/);
    const kept = /Still using the mnist data loaded before \(3,000 train \/ 500 test images\)\.$/;
    const fixture = (name: string) => join(app.fixtureDir, name);
    const pickCases: [string, string[], RegExp][] = [
      [
        'model files',
        [goodModel.json, goodModel.weights],
        /model files go in the Model section \(model\.json, weights\.bin\); the Data slot takes the four mnist files/,
      ],
      [
        'two images files',
        [fixture(DATA_FILES[0]), fixture(DATA_FILES[2])],
        /missing train-labels-idx1-ubyte\.gz and t10k-labels-idx1-ubyte\.gz: the Data slot takes the four mnist files/,
      ],
      [
        'a truncated file',
        [join(e2eDir, 'data-truncated', DATA_FILES[0]), ...DATA_FILES.slice(1).map(fixture)],
        /the picked files: train-images-idx3-ubyte\.gz: the gzip data is corrupt or cut off/,
      ],
    ];
    for (const [name, files, reason] of pickCases) {
      await page.locator('#data-files').setInputFiles(files);
      const message = await waitForText(page, 'dataset-status', reason);
      expectOneMessage(message, /Still using/);
      expect(message, name).toMatch(kept);
      expect(await page.getByTestId('train-button').isDisabled(), name).toBe(false);
    }
    // Model files dropped on the data drop zone: the same line.
    const modelMessage = await (async () => {
      await dropFiles(page, 'drop-zone', [
        { url: '/e2e/model/model.json', name: 'model.json' },
        { url: '/e2e/model/weights.bin', name: 'weights.bin' },
      ]);
      return waitForText(page, 'dataset-status', /model files go in the Model section/);
    })();
    expect(modelMessage).toMatch(kept);
    // Another dataset that is not there: the data before stays, and so does the dataset menu.
    await page.locator('#dataset-select').selectOption('kmnist');
    const missing = await waitForText(page, 'dataset-status', /fetch-data --dataset kmnist/);
    expect(missing).toMatch(
      /Still using the mnist data loaded before \(3,000 train \/ 500 test images\); choose kmnist again once it is there\.$/,
    );
    expect(await page.locator('#dataset-select').inputValue()).toBe('mnist');
    expect(new URL(page.url()).searchParams.get('dataset')).toBeNull();
    expect(await page.getByTestId('train-button').isDisabled()).toBe(false);
    // Dropped outside the drop zones, files do not replace the page (the browser would open them).
    expect(await dropFiles(page, 'body', [{ url: '/e2e/model/model.json', name: 'model.json' }])).toBe(true);
    // The four files dropped on the data drop zone load.
    await dropFiles(
      page,
      'drop-zone',
      DATA_FILES.map((name) => ({ url: `/data/fixture/${name}`, name })),
    );
    await waitForText(page, 'dataset-status', /^ready: 3,000 train \/ 500 test images, 28×28 \(from picked files\)$/);
    expect(errors).toEqual([]);
  });

  it('loads a model trained by the CLI (model.json + weights.bin) and predicts a drawn digit', async () => {
    expect(existsSync(CLI), `${CLI} is missing: build the CLI first (turbo builds it before this test)`).toBe(true);
    const out = join(app.tmp, 'cli-model');
    const result = await runCli([
      'train',
      ...cliFlags({ 'data-dir': app.fixtureDir, backend: 'cpu', epochs: 1, out, json: true }),
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(existsSync(join(out, 'model.json'))).toBe(true);

    const { page, errors } = await openPage(`${FIXTURE}&backend=cpu&testLimit=300`);
    await expect.poll(() => text(page, 'dataset-status'), { timeout: 30_000 }).toContain('ready');
    await page.getByTestId('model-file-input').setInputFiles([join(out, 'model.json'), join(out, 'weights.bin')]);
    await expect.poll(() => text(page, 'model-status'), { timeout: 30_000 }).toContain('loaded from model.json');
    expect(await testAccuracy(page)).toBeGreaterThan(0.2);
    await drawStroke(page);
    await expectPrediction(page);
    expect(errors).toEqual([]);
  });
});
