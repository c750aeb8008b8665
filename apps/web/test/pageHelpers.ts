// Page helpers shared by the end-to-end tests (e2e.test.ts, inside.test.ts, ownData.test.ts): the served app and
// its browser set up and closed around a test file, reading the page's text, waiting for it, one-line messages,
// the test accuracy, and synthetic drops of files and folders.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { APP_ROOT, launchChromium, startPreview } from '../scripts/serve.mjs';
import { writeFixtureDataset } from './fixtureData';

/** Where the end-to-end tests leave their screenshots. */
export const RESULTS = join(APP_ROOT, 'test-results');

/** How {@link ServedApp.openPage} opens a page. */
export interface OpenPageOptions {
  /** The page's size in CSS pixels (1100 × 1400 unless given). */
  viewport?: { width: number; height: number };
  /** Run on the fresh context before the page is opened (routes, init scripts). */
  init?: (context: BrowserContext) => Promise<void>;
}

/** What {@link serveApp} sets up for a test file: filled in before its first test. */
export interface ServedApp {
  /** The file's temporary folder, removed after its tests. */
  readonly tmp: string;
  /** The synthetic MNIST-format dataset (3,000 train / 500 test images), served under /data/fixture/. */
  readonly fixtureDir: string;
  /** The built app (dist/) served by `vite preview` with the COOP/COEP headers. */
  readonly server: { url: string; close: () => Promise<void> };
  /** A page of a fresh context (own cache and IndexedDB) at `url`, page errors collected. */
  openPage(url: string, options?: OpenPageOptions): Promise<{ page: Page; errors: string[] }>;
  /** Saves a full-page screenshot of `page` as `test-results/<name>.png` ({@link RESULTS}). */
  screenshot(page: Page, name: string): Promise<void>;
}

/**
 * Sets up, before the file's tests, a temporary folder `mnist-kit-web-<name>-…` with the fixture dataset in
 * `fixture/`, the folders `folders` writes there (served under their keys, e.g. `{ '/e2e/': dir }`), the built app
 * served with them and headless Chromium; after the tests, closes every page's context, the browser and the server
 * and removes the folder.
 */
export function serveApp(
  name: string,
  folders: (tmp: string, fixtureDir: string) => Promise<Record<string, string>> | Record<string, string> = () => ({}),
): ServedApp {
  let tmp: string | undefined;
  let server: ServedApp['server'] | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  const app: ServedApp = {
    get tmp() {
      return tmp!;
    },
    get fixtureDir() {
      return join(tmp!, 'fixture');
    },
    get server() {
      return server!;
    },
    async openPage(url, options = {}) {
      const context = await browser!.newContext({ viewport: options.viewport ?? { width: 1100, height: 1400 } });
      contexts.push(context);
      await options.init?.(context);
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(url);
      return { page, errors };
    },
    async screenshot(page, name) {
      await page.screenshot({ path: join(RESULTS, `${name}.png`), fullPage: true });
    },
  };
  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), `mnist-kit-web-${name}-`));
    writeFixtureDataset(app.fixtureDir, { train: 3000, test: 500 });
    const served = await folders(tmp, app.fixtureDir);
    mkdirSync(RESULTS, { recursive: true });
    server = await startPreview({ folders: { '/data/fixture/': app.fixtureDir, ...served } });
    browser = await launchChromium();
  });
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close();
    await server?.close();
    if (tmp !== undefined) rmSync(tmp, { recursive: true, force: true });
  });
  return app;
}

/** The text of the element with `data-testid="testId"` (`''` when it has none). */
export async function text(page: Page, testId: string): Promise<string> {
  return (await page.getByTestId(testId).textContent()) ?? '';
}

/** Draws a "1"-like stroke on the draw canvas with the mouse. */
export async function drawStroke(page: Page): Promise<void> {
  const canvas = page.getByTestId('draw-canvas');
  await canvas.scrollIntoViewIfNeeded();
  const box = (await canvas.boundingBox())!;
  const x = box.x + box.width * 0.5;
  await page.mouse.move(x, box.y + box.height * 0.2);
  await page.mouse.down();
  await page.mouse.move(x + 4, box.y + box.height * 0.5, { steps: 8 });
  await page.mouse.move(x + 2, box.y + box.height * 0.8, { steps: 8 });
  await page.mouse.up();
}

/** Waits until `test-accuracy` holds a number and returns it. */
export async function testAccuracy(page: Page, timeout = 60_000): Promise<number> {
  await page.waitForFunction(
    () => /^\d\.\d{4}$/.test(document.querySelector('[data-testid="test-accuracy"]')?.textContent ?? ''),
    undefined,
    { timeout },
  );
  return Number(await text(page, 'test-accuracy'));
}

/**
 * Drops files (fetched from this server, named `name`) on the element with `testId` (`'body'`: the page
 * outside any drop zone) as a drop event; returns whether the page prevented the default (navigation).
 */
export async function dropFiles(
  page: Page,
  testId: string,
  files: readonly { url: string; name: string }[],
): Promise<boolean> {
  return page.evaluate(
    async ({ testId, files }) => {
      const transfer = new DataTransfer();
      for (const file of files) transfer.items.add(new File([await (await fetch(file.url)).blob()], file.name));
      const target = testId === 'body' ? document.body : document.querySelector(`[data-testid="${testId}"]`)!;
      const event = new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true });
      target.dispatchEvent(event);
      return event.defaultPrevented;
    },
    { testId, files },
  );
}

/** Waits until the element's text matches `pattern` and returns it. */
export async function waitForText(page: Page, testId: string, pattern: RegExp, timeout = 30_000): Promise<string> {
  await expect.poll(() => text(page, testId), { timeout }).toMatch(pattern);
  return text(page, testId);
}

/** One message: a single line, one failure, no doubled words left by message assembly. */
export function expectOneMessage(message: string, failure: RegExp): void {
  expect(message).not.toContain('\n');
  expect(message.match(new RegExp(failure.source, 'g'))?.length ?? 0, message).toBe(1);
  expect(message).not.toMatch(/\b(\w+) \1\b/);
}

/**
 * Drops folders on the element with `testId` as a browser would: a drop event whose items' `webkitGetAsEntry()`
 * gives folder entries (a script cannot make a real folder drop, so the entries are stand-ins with the API's
 * `createReader().readEntries` and `file()`, asynchronous like the real ones). `tree` maps each path, from the
 * dropped folders' names (`digits/train/cat/1.png`), to the URL its bytes are fetched from, or `null` for a folder
 * (so that an empty one is there too).
 */
export async function dropFolders(
  page: Page,
  testId: string,
  tree: Readonly<Record<string, string | null>>,
): Promise<void> {
  await page.evaluate(
    async ({ testId, tree }) => {
      interface Node {
        name: string;
        isFile: boolean;
        isDirectory: boolean;
        children?: Node[];
        createReader?: () => { readEntries: (ok: (entries: Node[]) => void) => void };
        file?: (ok: (file: File) => void) => void;
      }
      const folder = (name: string): Node => {
        const node: Node = { name, isFile: false, isDirectory: true, children: [] };
        node.createReader = () => {
          let given = false;
          return {
            readEntries: (ok) =>
              setTimeout(() => {
                ok(given ? [] : node.children!);
                given = true;
              }),
          };
        };
        return node;
      };
      const tops = new Map<string, Node>();
      const folders = new Map<string, Node>();
      const folderAt = (path: string): Node => {
        const known = folders.get(path);
        if (known !== undefined) return known;
        const slash = path.lastIndexOf('/');
        const node = folder(path.slice(slash + 1));
        folders.set(path, node);
        if (slash < 0) tops.set(path, node);
        else folderAt(path.slice(0, slash)).children!.push(node);
        return node;
      };
      for (const [path, url] of Object.entries(tree)) {
        if (url === null) {
          folderAt(path);
          continue;
        }
        const slash = path.lastIndexOf('/');
        const file = new File([await (await fetch(url)).blob()], path.slice(slash + 1));
        const node: Node = {
          name: file.name,
          isFile: true,
          isDirectory: false,
          file: (ok) => setTimeout(() => ok(file)),
        };
        if (slash < 0) tops.set(path, node);
        else folderAt(path.slice(0, slash)).children!.push(node);
      }
      const transfer = new DataTransfer();
      for (const name of tops.keys()) transfer.items.add(new File([], name));
      const proto = DataTransferItem.prototype;
      const original = proto.webkitGetAsEntry;
      proto.webkitGetAsEntry = function (this: DataTransferItem) {
        const stand = tops.get(this.getAsFile()?.name ?? '');
        return stand === undefined ? original.call(this) : (stand as unknown as FileSystemEntry);
      };
      try {
        const target = document.querySelector(`[data-testid="${testId}"]`)!;
        target.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      } finally {
        proto.webkitGetAsEntry = original;
      }
    },
    { testId, tree },
  );
}
