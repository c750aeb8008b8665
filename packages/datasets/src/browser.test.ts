import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { entryImports, expectEntriesShareCore } from '@mnist-kit/test-utils';
import { describe, expect, it } from 'vitest';
import * as browser from './browser';
import * as core from './core';
import * as node from './index';

const here = dirname(fileURLToPath(import.meta.url));

describe('browser entry', () => {
  it('imports no Node built-ins, env-paths or src/node/ code (transitively)', () => {
    const options = { allowed: ['@tensorflow/tfjs-core'], forbiddenDir: join(here, 'node') };
    const { files, bad } = entryImports(join(here, 'browser.ts'), options);
    expect(files.size).toBeGreaterThan(10);
    expect(bad).toEqual([]);
  });

  it('exports the same names as the Node entry, minus the Node-only ones', () => {
    const nodeOnly = [
      'cachedDatasets',
      'decodeImage',
      'defaultCacheDir',
      'downloadDataset',
      'downloadFile',
      'readImageFile',
    ];
    expect(Object.keys(browser).sort()).toEqual(
      Object.keys(node)
        .filter((n) => !nodeOnly.includes(n))
        .sort(),
    );
  });
});

describe('core.ts (the exports both entries share)', () => {
  it('is re-exported whole by both entries', () => {
    expectEntriesShareCore(here, core, { 'index.ts': node, 'browser.ts': browser });
    expect(Object.keys(core).length).toBeGreaterThan(20);
  });
});
