// What the drivers (bench.mjs, cnn.mjs, accuracy.mjs) do around their runs: build the CLI, describe the
// machine, and say where the results go and write them there.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describeMachine, machineLines, timestamp } from './report.mjs';
import { BENCH_DIR, CLI_OVERRIDDEN } from './resolve.mjs';
import { buildCli, cliBuilt } from './run.mjs';

/** Why there is no CLI to run. */
export const CLI_MISSING = 'apps/cli/dist/cli.js not found (build: pnpm turbo run build --filter=@mnist-kit/cli...)';

/**
 * Builds the CLI first (turbo, output on stderr) unless `noBuild` (--no-build) or $MNIST_KIT_BENCH_CLI names
 * the CLI to run; whether the CLI is there.
 */
export function prepareCli(noBuild) {
  if (!noBuild && !CLI_OVERRIDDEN) {
    console.error('building the CLI (pnpm turbo run build --filter=@mnist-kit/cli...) …');
    if (!buildCli()) console.error('warning: the build failed; using apps/cli/dist as it is');
  }
  return cliBuilt();
}

/** describeMachine(), after printing its lines (machineLines with `versions`) on stderr. */
export function announceMachine(versions) {
  const machine = describeMachine();
  for (const line of machineLines(machine, versions)) console.error(line);
  return machine;
}

/**
 * When the run starts, and where it writes: --json-out and --markdown of `opts`, by default
 * benchmarks/results/<kind>-<timestamp>.json and .md.
 */
export function outputPaths(kind, opts) {
  const startedAt = new Date();
  const stamp = timestamp(startedAt);
  const path = (flag, ext) => resolve(flag ?? join(BENCH_DIR, 'results', `${kind}-${stamp}.${ext}`));
  return { startedAt, jsonOut: path(opts['json-out'], 'json'), markdownOut: path(opts.markdown, 'md') };
}

/** Writes `text` to `path`, creating its folder first. */
export function writeOutput(path, text) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

/** `path` relative to the working directory, or as it is when it lies outside. */
export function shownPath(path) {
  const r = relative(process.cwd(), path);
  return r.startsWith('..') ? path : r;
}
