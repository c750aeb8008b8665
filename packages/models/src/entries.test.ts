import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { entryImports, expectEntriesShareCore } from '@mnist-kit/test-utils';
import { describe, expect, it } from 'vitest';
import * as browser from './browser';
import * as core from './core';
import * as node from './index';
import * as deprecatedNode from './node/index';

const here = dirname(fileURLToPath(import.meta.url));

describe('entries', () => {
  it('the browser entry imports no Node built-ins and nothing from src/node/ (transitively)', () => {
    // (@mnist-kit/datasets resolves to its own browser entry.)
    const allowed = ['@tensorflow/tfjs-core', '@mnist-kit/datasets'];
    const { files, bad } = entryImports(join(here, 'browser.ts'), { allowed, forbiddenDir: join(here, 'node') });
    expect(files.size).toBeGreaterThan(10);
    expect(bad).toEqual([]);
  });

  it('both entries re-export the whole of core.ts (values and types); the Node entry adds the filesystem helpers', () => {
    expectEntriesShareCore(here, core, { 'index.ts': node, 'browser.ts': browser });
    expect(Object.keys(node).sort()).toEqual(
      [...Object.keys(browser), 'loadMlpFromDir', 'saveMlpToDir', 'loadModelFromDir', 'saveModelToDir'].sort(),
    );
  });

  it('the deprecated ./node subpath holds the same functions as the Node entry', () => {
    expect(deprecatedNode.saveMlpToDir).toBe(node.saveMlpToDir);
    expect(deprecatedNode.loadMlpFromDir).toBe(node.loadMlpFromDir);
    expect(Object.keys(deprecatedNode).sort()).toEqual(['loadMlpFromDir', 'saveMlpToDir']);
  });
});
