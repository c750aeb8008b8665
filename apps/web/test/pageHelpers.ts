// Page helpers shared by the end-to-end tests (e2e.test.ts, ownData.test.ts): reading the page's text, waiting
// for it, one-line messages, the test accuracy, and synthetic drops of files and folders.
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** The text of the element with `data-testid="testId"` (`''` when it has none). */
export async function text(page: Page, testId: string): Promise<string> {
  return (await page.getByTestId(testId).textContent()) ?? '';
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
