import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as browser from './browser';
import * as core from './core';
import * as node from './index';
import * as deprecatedNode from './node/index';

const here = dirname(fileURLToPath(import.meta.url));

describe('entries', () => {
  it('the browser entry imports no Node built-ins and nothing from src/node/ (transitively)', () => {
    const seen = new Set<string>();
    const bad: string[] = [];
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const source = readFileSync(file, 'utf8');
      for (const match of source.matchAll(
        /(?:import|export)[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]/g,
      )) {
        const spec = match[1] ?? match[2]!;
        if (spec.endsWith('.json')) {
          // Data only (the package's own package.json, for VERSION).
        } else if (spec.startsWith('.')) {
          const target = resolve(dirname(file), `${spec}.ts`);
          if (target.startsWith(join(here, 'node'))) bad.push(`${file} → ${spec}`);
          visit(target);
        } else if (spec !== '@tensorflow/tfjs-core' && spec !== '@mnist-kit/datasets') {
          // (@mnist-kit/datasets resolves to its own browser entry.)
          bad.push(`${file} → ${spec}`);
        }
      }
    };
    visit(join(here, 'browser.ts'));
    expect(seen.size).toBeGreaterThan(10);
    expect(bad).toEqual([]);
  });

  it('both entries re-export the whole of core.ts (values and types); the Node entry adds the filesystem helpers', () => {
    for (const entry of ['index.ts', 'browser.ts']) {
      expect(readFileSync(join(here, entry), 'utf8'), entry).toContain("export * from './core';");
    }
    for (const [name, value] of Object.entries(core)) {
      expect((node as Record<string, unknown>)[name], name).toBe(value);
      expect((browser as Record<string, unknown>)[name], name).toBe(value);
    }
    expect(Object.keys(node).sort()).toEqual([...Object.keys(browser), 'loadMlpFromDir', 'saveMlpToDir'].sort());
  });

  it('the deprecated ./node subpath holds the same functions as the Node entry', () => {
    expect(deprecatedNode.saveMlpToDir).toBe(node.saveMlpToDir);
    expect(deprecatedNode.loadMlpFromDir).toBe(node.loadMlpFromDir);
    expect(Object.keys(deprecatedNode).sort()).toEqual(['loadMlpFromDir', 'saveMlpToDir']);
  });
});
