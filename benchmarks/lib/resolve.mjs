// Resolves packages the benchmarks need from the workspace's own installs: tfjs and its backends are
// dependencies of apps/cli, so resolve them from there; jax-js is this package's own (dev) dependency.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BENCH_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const REPO_ROOT = resolve(BENCH_DIR, '..');
export const CLI_DIR = join(REPO_ROOT, 'apps', 'cli');
/** Whether $MNIST_KIT_BENCH_CLI names the CLI to run (then the drivers don't build apps/cli). */
export const CLI_OVERRIDDEN = Boolean(process.env.MNIST_KIT_BENCH_CLI);

/** The CLI to benchmark: apps/cli/dist/cli.js, or $MNIST_KIT_BENCH_CLI (e.g. another checkout's build). */
export const CLI_ENTRY = process.env.MNIST_KIT_BENCH_CLI
  ? resolve(process.env.MNIST_KIT_BENCH_CLI)
  : join(CLI_DIR, 'dist', 'cli.js');

/** A CommonJS `require` that resolves like code inside apps/cli does. */
export const cliRequire = createRequire(join(CLI_DIR, 'package.json'));

/** The folder of tfjs-backend-wasm's .wasm files, with the trailing slash `setWasmPaths` wants. */
export function wasmDistDir() {
  return `${join(dirname(cliRequire.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist')}/`;
}

/** Version of a package resolvable from apps/cli, or undefined. */
export function packageVersion(name) {
  try {
    return cliRequire(`${name}/package.json`).version;
  } catch {
    return undefined;
  }
}

/** A CommonJS `require` that resolves from benchmarks/ (the @mnist-kit/benchmarks workspace package). */
export const benchRequire = createRequire(join(BENCH_DIR, 'package.json'));

/** Version of @jax-js/jax as installed for benchmarks/, or undefined when it is not installed. */
export function jaxjsVersion() {
  try {
    // Its exports map hides package.json; it sits one folder above the resolved dist/ entry.
    const entry = benchRequire.resolve('@jax-js/jax');
    return JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}
