import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The built CLI, `apps/cli/dist/cli.js` (turbo builds it before the tests that run it). */
export const CLI = fileURLToPath(new URL('../../../apps/cli/dist/cli.js', import.meta.url));

/** Debian's Fashion-MNIST (`dataset-fashion-mnist`, installed by `.ci/run`): the four `.gz` files. */
export const FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';

/** How a CLI run ended and what it printed. */
export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Options of {@link runCli}. */
export interface RunCliOptions {
  /** Extra environment variables, over `process.env`, `NO_COLOR=1` and a cache folder that does not exist. Defaults to none. */
  env?: Record<string, string>;
  /** Called with each chunk of stderr as it arrives, and the child (e.g. to send it a signal). Defaults to none. */
  onStderr?: (chunk: string, child: ChildProcess) => void;
}

/**
 * Runs the built CLI (`node apps/cli/dist/cli.js …args`) with no colours and no usable default cache
 * (`MNIST_KIT_CACHE` points nowhere, so nothing is read from the user's cache); resolves when it exits.
 */
export function runCli(args: readonly string[], options: RunCliOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { ...process.env, NO_COLOR: '1', MNIST_KIT_CACHE: '/nonexistent-cache-dir-for-tests', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
      options.onStderr?.(String(d), child);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** A flag's value for {@link cliFlags}: a value, `true` (a bare flag), a list (the flag repeated), or left out. */
export type CliFlagValue = string | number | boolean | undefined | readonly (string | number)[];

/**
 * Command-line flags from an object, in its order: `{ epochs: 2, json: true, mirror: [a, b] }` gives
 * `['--epochs', '2', '--json', '--mirror', a, '--mirror', b]`; `false` and `undefined` are left out.
 */
export function cliFlags(flags: Record<string, CliFlagValue>): string[] {
  return Object.entries(flags).flatMap(([name, value]): string[] => {
    if (value === undefined || value === false) return [];
    if (value === true) return [`--${name}`];
    if (Array.isArray(value)) return value.flatMap((v) => [`--${name}`, String(v)]);
    return [`--${name}`, String(value)];
  });
}

/** The last non-empty line of `text`. */
export function lastLine(text: string): string {
  return text.trim().split('\n').at(-1) ?? '';
}
