import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { expect } from 'vitest';

const IMPORT = /(?:import|export)[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]/g;

/** Options of {@link entryImports}. */
export interface EntryImportsOptions {
  /** Packages the entry may import (e.g. `@tensorflow/tfjs-core`); any other bare specifier is listed. */
  allowed: readonly string[];
  /** A folder none of the reached files may be in (e.g. the package's `src/node`). */
  forbiddenDir: string;
}

/**
 * Follows the relative imports of the TypeScript file `entry` transitively (`./x` is `x.ts`) and lists
 * each import a browser entry must not have, as `file → specifier`: a package not in `allowed` (a Node
 * built-in, a Node-only dependency) or a file in `forbiddenDir`. A `.json` import is data: not followed.
 */
export function entryImports(entry: string, { allowed, forbiddenDir }: EntryImportsOptions) {
  const files = new Set<string>();
  const bad: string[] = [];
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const spec = match[1] ?? match[2]!;
      if (spec.endsWith('.json')) continue;
      if (spec.startsWith('.')) {
        const target = resolve(dirname(file), `${spec}.ts`);
        if (target.startsWith(forbiddenDir)) bad.push(`${file} → ${spec}`);
        visit(target);
      } else if (!allowed.includes(spec)) {
        bad.push(`${file} → ${spec}`);
      }
    }
  };
  visit(entry);
  return { files, bad };
}

/**
 * Asserts that each entry file in `dir` (e.g. `index.ts`, `browser.ts`) re-exports `./core` whole, and
 * that its module (imported by the test) holds every export of `core` as the very same value.
 */
export function expectEntriesShareCore(
  dir: string,
  core: Record<string, unknown>,
  entries: Record<string, Record<string, unknown>>,
): void {
  for (const [file, module] of Object.entries(entries)) {
    expect(readFileSync(join(dir, file), 'utf8'), file).toContain("export * from './core';");
    for (const [name, value] of Object.entries(core)) expect(module[name], `${file}: ${name}`).toBe(value);
  }
}
