import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * Paths of every `@tensorflow/tfjs-core` module instance loaded in this process. Node loads tfjs-core
 * through its CommonJS entry, so each copy shows up once in `require.cache`. More than one means
 * backends and kernels would register into different engines.
 */
export function tfjsCoreCopies(): string[] {
  return Object.keys(require.cache).filter((path) =>
    /[\\/]@tensorflow[\\/]tfjs-core[\\/]dist[\\/]tf-core\.node\.js$/.test(path),
  );
}
