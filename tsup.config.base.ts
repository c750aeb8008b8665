import { defineConfig, type Options } from 'tsup';

/**
 * The one build config every package shares: ESM + `.d.ts`, tfjs left external.
 * A package's `tsup.config.ts` calls this with its entry points.
 */
export function packageConfig(entry: Record<string, string> = { index: 'src/index.ts' }, extra: Options = {}) {
  return defineConfig({
    entry,
    format: ['esm'],
    dts: true,
    clean: true,
    sourcemap: true,
    target: 'es2022',
    splitting: true,
    treeshake: true,
    external: [/^@tensorflow\//, /^@mnist-kit\//],
    ...extra,
  });
}
