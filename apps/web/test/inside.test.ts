// End-to-end, in headless Debian Chromium: the "inside the network" panels (the data, the first layer's
// weights, the norms, one input's activations) rendering and changing during training, the pick/drop inputs
// that replace drawing for clothes, a phone-sized screen, and a demo that stands on its own — MNIST from the
// registry's jsDelivr mirror (intercepted: no internet here) when the page's folder has none, and dist/ served
// from a sub-folder of a plain static host without COOP/COEP. Run alone with `pnpm vitest run test/inside.test.ts`
// after `pnpm vite build`.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { APP_ROOT } from '../scripts/serve.mjs';
import { DATA_FILES } from './fixtureData';
import { serveApp, text, waitForText } from './pageHelpers';

/** The registry's MNIST mirror on jsDelivr: what a hosted copy without data fetches. */
const CDN = 'https://cdn.jsdelivr.net/gh/fgnt/mnist/';
const FIXTURE = '?data=/data/fixture/';

const app = serveApp('inside');
const { openPage } = app;

/** A digest of every canvas under the element with `testId` (what it shows right now). */
function canvasDigest(page: Page, testId: string): Promise<string> {
  return page.evaluate((id) => {
    const canvases = [...document.querySelectorAll<HTMLCanvasElement>(`[data-testid="${id}"] canvas`)];
    return canvases.map((c) => (c.width > 0 && c.height > 0 ? c.toDataURL() : '')).join('|');
  }, testId);
}

/** The page's horizontal overflow in CSS pixels (0: nothing sticks out sideways). */
function overflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

/** Drops a PNG the page draws (white, with a dark vertical bar: a "1") on the element with `testId`. */
function dropDrawnPng(page: Page, testId: string, name: string): Promise<void> {
  return page.evaluate(
    async ({ testId, name }) => {
      const canvas = document.createElement('canvas');
      canvas.width = 120;
      canvas.height = 120;
      const ctx = canvas.getContext('2d')!;
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, 0, 120, 120);
      ctx.fillStyle = '#111';
      ctx.fillRect(52, 20, 16, 80);
      const blob = await new Promise<Blob>((resolve) => canvas.toBlob((b) => resolve(b!), 'image/png'));
      const transfer = new DataTransfer();
      transfer.items.add(new File([blob], name, { type: 'image/png' }));
      const target = document.querySelector(`[data-testid="${testId}"]`)!;
      target.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    },
    { testId, name },
  );
}

/**
 * A plain static host: `dir` under `prefix` (and `extra` folders under theirs), no COOP/COEP, no SPA
 * fallback (a missing file is a 404), like GitHub Pages or an S3 bucket.
 */
function startStaticHost(folders: Record<string, string>): Promise<{ url: string; close: () => Promise<void> }> {
  const types: Record<string, string> = {
    '.html': 'text/html; charset=utf-8',
    '.js': 'text/javascript',
    '.css': 'text/css',
    '.wasm': 'application/wasm',
    '.gz': 'application/gzip',
  };
  const entries = Object.entries(folders).sort((a, b) => b[0].length - a[0].length);
  const host: Server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0]!);
    for (const [prefix, dir] of entries) {
      if (!path.startsWith(prefix)) continue;
      const root = normalize(dir);
      let file = normalize(join(root, path.slice(prefix.length)));
      if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
      if ((file === root || file.startsWith(root + sep)) && existsSync(file) && statSync(file).isFile()) {
        res.writeHead(200, { 'Content-Type': types[extname(file)] ?? 'application/octet-stream' });
        createReadStream(file).pipe(res);
        return;
      }
    }
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
  });
  return new Promise((resolve) =>
    host.listen(0, '127.0.0.1', () => {
      const { port } = host.address() as AddressInfo;
      resolve({ url: `http://127.0.0.1:${port}`, close: () => new Promise((done) => host.close(() => done())) });
    }),
  );
}

describe('inside the network', () => {
  it('the sample grid, the first layer’s weights, the norms chart and the activations render and change during training, by mouse and keyboard', async () => {
    const { page, errors } = await openPage(
      `${app.server.url}/${FIXTURE}&backend=wasm&epochs=300&batchSize=32&limit=3000&testLimit=300&autostart=1`,
    );
    // The data, first: 32 training images with their labels; "New samples" draws others.
    const grid = page.getByTestId('sample-grid');
    await expect.poll(() => grid.locator('button.sample canvas').count(), { timeout: 30_000 }).toBe(32);
    expect(await grid.locator('button.sample span').first().textContent()).toMatch(/^\d$/);
    const indices = () =>
      grid.locator('button.sample').evaluateAll((b) => b.map((e) => (e as HTMLElement).dataset.index));
    const before = await indices();
    await page.getByTestId('new-samples-button').click();
    expect(await indices()).not.toEqual(before);

    // While training: the weights, the norms and the activations change.
    await waitForText(page, 'epoch-status', /epoch \d+\/300 · step/);
    await expect.poll(() => page.locator('#weights-canvas').isVisible(), { timeout: 30_000 }).toBe(true);
    expect(await page.locator('#weights-canvas').evaluate((c: HTMLCanvasElement) => [c.width, c.height])).toEqual([
      16 * 29 - 1,
      8 * 29 - 1,
    ]);
    expect(await page.locator('#weights-caption').textContent()).toContain('Each of the 128 units of dense_1');
    await expect
      .poll(() => page.getByTestId('gradient-chart').locator('canvas').count(), { timeout: 30_000 })
      .toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('activations').locator('.act-layer').count(), { timeout: 30_000 }).toBe(3);
    const first = {
      weights: await canvasDigest(page, 'weights-grid'),
      activations: await canvasDigest(page, 'activations'),
      points: Number(await page.getByTestId('gradient-chart').getAttribute('data-points')),
    };
    await expect.poll(() => canvasDigest(page, 'weights-grid'), { timeout: 20_000 }).not.toBe(first.weights);
    await expect.poll(() => canvasDigest(page, 'activations'), { timeout: 20_000 }).not.toBe(first.activations);
    await expect
      .poll(async () => Number(await page.getByTestId('gradient-chart').getAttribute('data-points')), {
        timeout: 20_000,
      })
      .toBeGreaterThan(first.points);
    expect(await page.locator('#norms-note').textContent()).toMatch(/^3 layers · \d+ read-back steps so far/);
    expect(await page.getByTestId('activations').locator('h3').allTextContents()).toEqual([
      expect.stringMatching(/^dense_1 · 128 units · \d+ active$/),
      expect.stringMatching(/^dense_2 · 128 units · \d+ active$/),
      'dense_3 · 10 units',
    ]);
    await app.screenshot(page, 'inside-training');
    await page.getByTestId('stop-button').click();
    await waitForText(page, 'epoch-status', /stopped in epoch/);

    // What the live updates cost the run, as the page measured them (main-thread time of each update).
    const cost = page.getByTestId('weights-cost');
    await expect.poll(() => cost.textContent(), { timeout: 10_000 }).toMatch(/first-layer weights/);
    const note = (await cost.textContent()) ?? '';
    expect(note).toMatch(
      /^Live updates during training \(on read-back steps only; budget 1 %, an update may overshoot it\): (?:(?:first-layer weights|norms chart|activations) \d+ × [\d.]+ ms(?:, )?)+ — [\d.]+ % of the training time so far\.$/,
    );
    const redraws = Number(/first-layer weights (\d+) ×/.exec(note)![1]);
    expect(redraws).toBeGreaterThanOrEqual(1);
    console.info(`[e2e] ${note}`);
    // The panels keep their updates under 1 % of the training time (one update may overshoot it briefly).
    expect(Number(await cost.getAttribute('data-share'))).toBeLessThan(2);

    // A training image, chosen by keyboard, becomes the input of the predict and activations panels.
    const chosen = grid.locator('button.sample').nth(5);
    const index = await chosen.getAttribute('data-index');
    await chosen.focus();
    await page.keyboard.press('Enter');
    await waitForText(page, 'predict-source', new RegExp(`^Input: training image ${index}, true class \\d$`));
    expect(await page.locator('#activations-source').textContent()).toMatch(
      new RegExp(`^Input: training image ${index} \\(true class: \\d\\)\\.$`),
    );
    await waitForText(page, 'prediction', /^\d$/);
    // So does a test image picked at random.
    await page.getByTestId('pick-test-button').click();
    await waitForText(page, 'predict-source', /^Input: test image \d+, true class \d$/);
    expect(errors).toEqual([]);
  });

  it('Fashion-MNIST: no drawing; a picked test image or a dropped image file is the input, preprocessed like a drawing', async () => {
    const { page, errors } = await openPage(
      `${app.server.url}/?dataset=fashion-mnist&data=/data/fixture/&backend=cpu&epochs=1&limit=600&testLimit=100&autostart=1`,
    );
    await expect.poll(() => page.locator('#test-accuracy').textContent(), { timeout: 60_000 }).toMatch(/^\d\.\d{4}$/);
    expect(await page.locator('#draw-h').textContent()).toBe('Pick a test image');
    expect(await page.locator('#draw-area').isHidden()).toBe(true);
    expect(await page.locator('#draw-hint').textContent()).toContain(
      'Drawing fashion-mnist images by hand makes no sense',
    );
    await page.getByTestId('pick-test-button').click();
    const picked = await waitForText(page, 'predict-source', /^Input: test image \d+, true class \S/);
    await waitForText(page, 'prediction', /^\d$/);
    expect(await page.locator('#activations-source').textContent()).toContain(
      picked.slice('Input: '.length).split(',')[0]!,
    );
    await dropDrawnPng(page, 'image-drop-zone', 'my-photo.png');
    await waitForText(page, 'predict-source', /^Input: my-photo\.png$/);
    await waitForText(page, 'prediction', /^\d$/);
    expect(await page.locator('#activations-source').textContent()).toBe('Input: my-photo.png.');
    // A misclassified test image (if any) can be shown as well.
    const misses = page.getByTestId('misclassified').locator('button.miss');
    if ((await misses.count()) > 0) {
      await misses.first().click();
      await waitForText(page, 'predict-source', /^Input: test image \d+/);
    }
    expect(errors).toEqual([]);
  });

  it('on a phone-sized screen nothing sticks out sideways, before and after training', async () => {
    const { page, errors } = await openPage(
      `${app.server.url}/${FIXTURE}&backend=cpu&epochs=1&limit=600&testLimit=100&autostart=1`,
      { viewport: { width: 360, height: 780 } },
    );
    await expect.poll(() => page.getByTestId('sample-grid').locator('canvas').count(), { timeout: 30_000 }).toBe(32);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await expect.poll(() => page.locator('#test-accuracy').textContent(), { timeout: 60_000 }).toMatch(/^\d\.\d{4}$/);
    await expect.poll(() => page.getByTestId('activations').locator('.act-layer').count()).toBe(3);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    for (const id of ['sample-grid', 'weights-grid', 'gradient-chart', 'activations']) {
      const box = (await page.getByTestId(id).boundingBox())!;
      expect(box.width, id).toBeLessThanOrEqual(360);
      expect(box.width, id).toBeGreaterThan(200);
    }
    await app.screenshot(page, 'phone');
    expect(errors).toEqual([]);
  });
});

describe('a demo that stands on its own', () => {
  /** The fixture's sizes and SHA-256s in the registry's shape, for the page's test override of the registry. */
  function fixtureRegistry() {
    const keys = ['trainImages', 'trainLabels', 'testImages', 'testLabels'] as const;
    return Object.fromEntries(
      DATA_FILES.map((name, i) => {
        const bytes = readFileSync(join(app.fixtureDir, name));
        return [keys[i]!, { name, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') }];
      }),
    );
  }

  /** Answers the page's requests to the jsDelivr mirror with the fixture files (CORS allowed); counts them. */
  async function fakeCdn(context: BrowserContext): Promise<string[]> {
    const requests: string[] = [];
    await context.route(`${CDN}**`, async (route) => {
      const url = route.request().url();
      requests.push(url);
      const name = url.slice(CDN.length);
      if (!(DATA_FILES as readonly string[]).includes(name)) return route.fulfill({ status: 404, body: 'not found' });
      await route.fulfill({
        status: 200,
        headers: { 'Content-Type': 'application/octet-stream', 'Access-Control-Allow-Origin': '*' },
        body: readFileSync(join(app.fixtureDir, name)),
      });
    });
    return requests;
  }

  it('no data in the page’s folder: MNIST comes from the registry’s jsDelivr mirror, verified and cached, and the page says so', async () => {
    let cdn: string[] = [];
    const registry = fixtureRegistry();
    const { page, errors } = await openPage(`${app.server.url}/?backend=cpu`, {
      init: async (context) => {
        cdn = await fakeCdn(context);
        await context.addInitScript((files) => {
          (globalThis as { __MNIST_KIT_TEST_REGISTRY__?: unknown }).__MNIST_KIT_TEST_REGISTRY__ = { mnist: files };
        }, registry);
      },
    });
    const status = await waitForText(page, 'dataset-status', /^ready/);
    expect(status).toBe(
      `ready: 3,000 train / 500 test images, 28×28 (downloaded from ${CDN}, size and SHA-256 checked against the registry; no data at ./data/mnist/)`,
    );
    expect(await page.locator('#data-url').textContent()).toBe(`from ${CDN}`);
    expect(cdn.map((url) => url.slice(CDN.length))).toEqual([...DATA_FILES]);
    expect(await page.getByTestId('train-button').isDisabled()).toBe(false);
    // The next visit reads the mirror's files from Cache Storage.
    cdn.length = 0;
    await page.reload();
    await waitForText(
      page,
      'dataset-status',
      /^ready: 3,000 train \/ 500 test images, 28×28 \(from browser cache, first downloaded from https:\/\/cdn\.jsdelivr\.net\/gh\/fgnt\/mnist\//,
    );
    expect(cdn).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('bytes that do not match the registry are refused, and ?data= is never replaced by the mirror', async () => {
    let cdn: string[] = [];
    const { page, errors } = await openPage(`${app.server.url}/?backend=cpu`, {
      init: async (context) => {
        cdn = await fakeCdn(context);
      },
    });
    // The registry's real MNIST sizes and hashes: the fixture at the mirror's URL is not MNIST.
    const message = await waitForText(page, 'dataset-status', /fallback/);
    expect(message).toMatch(
      new RegExp(
        `^No mnist data at \\./data/mnist/: train-images-idx3-ubyte\\.gz: got an HTML page .*; fallback: ${CDN.replace(/\./g, '\\.')} \\(${CDN.replace(/\./g, '\\.')}train-images-idx3-ubyte\\.gz: size mismatch: \\d+ bytes, expected 9912422\\)\\. Fetch it with`,
      ),
    );
    expect(message).not.toContain('\n');
    expect(await page.getByTestId('train-button').isDisabled()).toBe(true);
    cdn.length = 0;
    await page.goto(`${app.server.url}/?data=/nowhere/&backend=cpu`);
    await waitForText(page, 'dataset-status', /^No mnist data at \/nowhere\/: .*Check the data= URL/);
    expect(cdn).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('dist/ works from a sub-folder of a static host without COOP/COEP: relative paths, wasm on one thread, and the page says why', async () => {
    const host = await startStaticHost({
      '/any/sub/folder/data/mnist/': app.fixtureDir,
      '/any/sub/folder/': join(APP_ROOT, 'dist'),
    });
    try {
      const { page, errors } = await openPage(
        `${host.url}/any/sub/folder/?backend=wasm&epochs=1&batchSize=32&limit=1500&testLimit=300&autostart=1`,
      );
      await waitForText(page, 'dataset-status', /^ready: 3,000 train \/ 500 test images, 28×28 \(downloaded\)$/);
      expect(await page.locator('#data-url').textContent()).toBe('from ./data/mnist/');
      expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
      await expect.poll(() => text(page, 'active-backend'), { timeout: 60_000 }).toBe('wasm');
      expect(await page.locator('#platform').textContent()).toMatch(
        /crossOriginIsolated: no · .* · wasm threads: 1 thread/,
      );
      expect(await text(page, 'backend-notes')).toContain(
        'wasm runs single-threaded: the page is not cross-origin isolated (needs COOP: same-origin and COEP: require-corp)',
      );
      await expect.poll(() => page.locator('#test-accuracy').textContent(), { timeout: 90_000 }).toMatch(/^\d\.\d{4}$/);
      expect(Number(await page.locator('#test-accuracy').textContent())).toBeGreaterThan(0.2);
      expect(await text(page, 'step-engine')).toMatch(/^steps: SIMD engine \((relaxed-simd|simd)\), 1 thread on wasm$/);
      expect(errors).toEqual([]);
    } finally {
      await host.close();
    }
  });
});
