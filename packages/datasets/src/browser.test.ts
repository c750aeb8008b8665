import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as browser from './browser';
import * as core from './core';
import * as node from './index';

const here = dirname(fileURLToPath(import.meta.url));

describe('browser entry', () => {
  it('imports no Node built-ins, env-paths or src/node/ code (transitively)', () => {
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
          // Data only (the package's own package.json, for VERSION): nothing to import from it.
        } else if (spec.startsWith('.')) {
          const target = resolve(dirname(file), `${spec}.ts`);
          if (target.startsWith(join(here, 'node'))) bad.push(`${file} → ${spec}`);
          visit(target);
        } else if (spec !== '@tensorflow/tfjs-core') {
          bad.push(`${file} → ${spec}`);
        }
      }
    };
    visit(join(here, 'browser.ts'));
    expect(seen.size).toBeGreaterThan(10);
    expect(bad).toEqual([]);
  });

  it('exports the same names as the Node entry, minus the Node-only ones', () => {
    const nodeOnly = ['cachedDatasets', 'defaultCacheDir', 'downloadDataset', 'downloadFile'];
    expect(Object.keys(browser).sort()).toEqual(
      Object.keys(node)
        .filter((n) => !nodeOnly.includes(n))
        .sort(),
    );
  });
});

describe('core.ts (the exports both entries share)', () => {
  it('is re-exported whole by both entries', () => {
    for (const entry of ['index.ts', 'browser.ts']) {
      expect(readFileSync(join(here, entry), 'utf8'), entry).toContain("export * from './core';");
    }
    expect(Object.keys(core).length).toBeGreaterThan(20);
    for (const [name, value] of Object.entries(core)) {
      expect((node as Record<string, unknown>)[name], name).toBe(value);
      expect((browser as Record<string, unknown>)[name], name).toBe(value);
    }
  });
});
