import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

export const CLI = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli.js');
export const FASHION_DIR = '/usr/share/datasets/fashion-mnist';

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI with `args`; resolves when it exits. */
export function runCli(
  args: string[],
  options: { env?: Record<string, string>; onStderr?: (chunk: string, child: ReturnType<typeof spawn>) => void } = {},
): Promise<CliResult> {
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

/** Encodes an IDX file: magic 2051 (images, dims n×rows×cols) or 2049 (labels, dim n). */
export function idx(kind: 'images' | 'labels', data: Uint8Array, dims: number[]): Buffer {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header.writeUInt32BE(kind === 'images' ? 2051 : 2049, 0);
  dims.forEach((d, i) => {
    header.writeUInt32BE(d, 4 + 4 * i);
  });
  return Buffer.concat([header, Buffer.from(data)]);
}

/**
 * A small, learnable MNIST-format dataset whose images are already "MNIST-style": class k is a
 * distinct symmetric 5×5 glyph scaled to fill a 20×20 box centred in 28×28 (so `predict`'s
 * preprocessing leaves it in place), with jittered ink intensity. Written as the four `.gz` files.
 */
export function writeSyntheticDataset(dir: string, trainCount = 600, testCount = 200, seed = 1): void {
  mkdirSync(dir, { recursive: true });
  let s = seed >>> 0;
  const rand = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const glyphs = Array.from({ length: 10 }, (_, k) => {
    const bits = (k * 37 + 11) % 128;
    const quadrant = [
      [bits & 1, (bits >> 1) & 1, 1],
      [(bits >> 2) & 1, (bits >> 3) & 1, (bits >> 4) & 1],
      [1, (bits >> 5) & 1, (bits >> 6) & 1],
    ];
    // Mirror the top-left 3×3 quadrant left-right and top-bottom: the centre of mass is the centre.
    return Array.from({ length: 5 }, (_, r) =>
      Array.from({ length: 5 }, (_, c) => quadrant[r < 3 ? r : 4 - r]![c < 3 ? c : 4 - c]!),
    );
  });
  const make = (n: number) => {
    const images = new Uint8Array(n * 784);
    const labels = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const k = i % 10;
      labels[i] = k;
      const glyph = glyphs[k]!;
      for (let r = 0; r < 20; r++)
        for (let c = 0; c < 20; c++) {
          if (glyph[Math.floor(r / 4)]![Math.floor(c / 4)])
            images[i * 784 + (r + 4) * 28 + c + 4] = 180 + Math.floor(rand() * 76);
        }
    }
    return { images, labels };
  };
  const train = make(trainCount);
  const test = make(testCount);
  writeFileSync(join(dir, 'train-images-idx3-ubyte.gz'), gzipSync(idx('images', train.images, [trainCount, 28, 28])));
  writeFileSync(join(dir, 'train-labels-idx1-ubyte.gz'), gzipSync(idx('labels', train.labels, [trainCount])));
  writeFileSync(join(dir, 't10k-images-idx3-ubyte.gz'), gzipSync(idx('images', test.images, [testCount, 28, 28])));
  writeFileSync(join(dir, 't10k-labels-idx1-ubyte.gz'), gzipSync(idx('labels', test.labels, [testCount])));
}

/** The last non-empty stderr line. */
export function lastLine(text: string): string {
  return text.trim().split('\n').at(-1) ?? '';
}
