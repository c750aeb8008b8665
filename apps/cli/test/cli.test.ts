import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { cliFlags, FASHION_MNIST_DIR, idxBytes, lastLine, runCli, writeSyntheticDataset } from '@mnist-kit/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTestSet, writeDigitPngs } from './images';

const work = mkdtempSync(join(tmpdir(), 'mnist-kit-cli-'));
const data = join(work, 'data');
const out = join(work, 'run');

beforeAll(() => writeSyntheticDataset(data));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const base = ['--dataset', 'mnist', '--data-dir', data, '--backend', 'cpu'];
/** Backends `.ci/run` says work on this machine (MNIST_KIT_REQUIRE_BACKENDS): their tests must not skip. */
const required = new Set((process.env.MNIST_KIT_REQUIRE_BACKENDS ?? '').split(',').filter(Boolean));

/** Asserts a failed command: non-zero exit, exactly one line on stderr naming the problem, no stack trace. */
function expectOneLineError(r: { code: number | null; stderr: string }, code: number, pattern: RegExp) {
  expect(r.code).toBe(code);
  const lines = r.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

describe('train → eval → predict on a generated dataset', () => {
  let metrics: Record<string, unknown>;

  it('train --json writes the model, metrics, history and report and prints one JSON object', async () => {
    const r = await runCli([
      'train',
      ...base,
      ...cliFlags({ epochs: 2, 'batch-size': 32, lr: 0.003, seed: 3, out, json: true }),
    ]);
    expect(r.code, r.stderr).toBe(0);
    // Not a TTY: plain one-line-per-epoch logs on stderr; stdout holds only the JSON.
    expect(r.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^steps: SIMD engine \((relaxed-)?simd\), \d+ threads?$/),
      expect.stringMatching(/^epoch 1\/2 loss /),
      expect.stringMatching(/^epoch 2\/2 loss /),
    ]);
    metrics = JSON.parse(r.stdout);
    expect(metrics.stepEngine).toMatchObject({ name: 'simd', backend: metrics.backend });
    expect(metrics.threads).toBeGreaterThanOrEqual(1);
    for (const key of [
      'command',
      'backend',
      'dataset',
      'epochs',
      'batchSize',
      'params',
      'trainSeconds',
      'epochSeconds',
      'samplesPerSecond',
      'finalTrainLoss',
      'testLoss',
      'testAccuracy',
      'confusionMatrix',
      'outDir',
    ])
      expect(metrics).toHaveProperty(key);
    expect(metrics.command).toBe('train');
    expect(metrics.backend).toBe('cpu');
    expect(metrics.params).toBe(118282);
    expect(metrics.epochSeconds).toHaveLength(2);
    expect(metrics.testAccuracy as number).toBeGreaterThan(0.5);
    for (const f of ['model.json', 'weights.bin', 'metrics.json', 'history.csv', 'report.html', 'checkpoint.json']) {
      expect(existsSync(join(out, f)), f).toBe(true);
    }
    // The checkpoint names its data file; nothing else is left behind (no staging, no temp files).
    const checkpoint = JSON.parse(readFileSync(join(out, 'checkpoint.json'), 'utf8'));
    expect(checkpoint).toMatchObject({ format: 'mnist-kit-cli-checkpoint', version: 2 });
    expect(existsSync(join(out, checkpoint.data))).toBe(true);
    expect(readdirSync(out).sort()).toEqual(
      [
        '.mnist-kit',
        checkpoint.data,
        'checkpoint.json',
        'history.csv',
        'metrics.json',
        'model.json',
        'report.html',
        'weights.bin',
      ].sort(),
    );
    expect(readFileSync(join(out, 'history.csv'), 'utf8').trim().split('\n')).toHaveLength(3);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('uPlot');
    expect(html).toContain('class="cm"');
    expect(html).not.toMatch(/<script[^>]+src=/);
  });

  it('eval on the saved model gives the same accuracy', async () => {
    const r = await runCli(['eval', '--model', out, ...base, '--json']);
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.testAccuracy).toBeCloseTo(metrics.testAccuracy as number, 6);
    expect(result.confusionMatrix).toEqual(metrics.confusionMatrix);
  });

  it('a model trained on standardized pixels is evaluated on standardized pixels (recorded in model.json)', async () => {
    const dir = join(work, 'standardized');
    const trained = await runCli([
      'train',
      ...base,
      ...cliFlags({ epochs: 1, normalize: 'standardize', out: dir, json: true }),
    ]);
    expect(trained.code, trained.stderr).toBe(0);
    const model = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
    expect(model.userDefinedMetadata.mnistKit.pixelScaling).toEqual({
      normalize: 'standardize',
      mean: 0.1307,
      std: 0.3081,
    });
    const evaluated = await runCli(['eval', '--model', dir, ...base, '--json']);
    expect(evaluated.code, evaluated.stderr).toBe(0);
    const m = JSON.parse(trained.stdout);
    const e = JSON.parse(evaluated.stdout);
    expect(e.testAccuracy).toBeCloseTo(m.testAccuracy, 6);
    expect(e.testLoss).toBeCloseTo(m.testLoss, 5);
  });

  it('eval prints a per-class table and a confusion matrix', async () => {
    const r = await runCli(['eval', '--model', out, ...base]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/accuracy/i);
    expect(r.stdout).toMatch(/precision/i);
  });

  it('predict classifies PNGs rendered from test images', async () => {
    const { images, labels } = readTestSet(data);
    // Upscaled 3× and dark-on-light: predict must undo both.
    const files = writeDigitPngs(images, 10, work, { scale: 3, inverted: true });
    const r = await runCli(['predict', '--model', out, '--backend', 'cpu', '--json', ...files]);
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.predictions).toHaveLength(10);
    for (const p of result.predictions) {
      expect(p.probabilities).toHaveLength(10);
      expect(p.probabilities.reduce((a: number, b: number) => a + b, 0)).toBeCloseTo(1, 4);
    }
    const correct = result.predictions.filter((p: { label: number }, i: number) => p.label === labels[i]).length;
    expect(correct).toBeGreaterThanOrEqual(8);
  });
});

describe.skipIf(!existsSync(FASHION_MNIST_DIR) && process.env.MNIST_KIT_REQUIRE_FASHION !== '1')(
  'real Fashion-MNIST',
  () => {
    it('trains 1 epoch on a few hundred samples, then eval agrees', async () => {
      const dir = join(work, 'fashion');
      const r = await runCli([
        'train',
        ...cliFlags({
          dataset: 'fashion-mnist',
          'data-dir': FASHION_MNIST_DIR,
          backend: 'wasm',
          epochs: 1,
          limit: 600,
          'test-limit': 500,
          out: dir,
          json: true,
        }),
      ]);
      expect(r.code, r.stderr).toBe(0);
      const m = JSON.parse(r.stdout);
      expect(m.backend).toBe('wasm');
      expect(m.dataset).toBe('fashion-mnist');
      expect(m.testAccuracy).toBeGreaterThan(0.4);
      const e = await runCli([
        'eval',
        ...cliFlags({
          model: dir,
          dataset: 'fashion-mnist',
          'data-dir': FASHION_MNIST_DIR,
          backend: 'wasm',
          'test-limit': 500,
          json: true,
        }),
      ]);
      expect(e.code).toBe(0);
      expect(JSON.parse(e.stdout).testAccuracy).toBeCloseTo(m.testAccuracy, 6);
    });
  },
);

describe('backends and runtime', () => {
  it('info lists every backend with why it does not load, and loads one tfjs-core copy', async () => {
    const r = await runCli(['info', '--json']);
    expect(r.code).toBe(0);
    const info = JSON.parse(r.stdout);
    const names = info.backends.map((b: { name: string }) => b.name);
    expect(names).toEqual(['tensorflow-gpu', 'webgpu', 'tensorflow', 'wasm', 'cpu']);
    for (const b of info.backends) if (!b.ok) expect(b.reason).toMatch(/not installed|failed/);
    for (const name of required) expect(info.backends.find((b: { name: string }) => b.name === name).ok).toBe(true);
    expect(info.backends.find((b: { name: string }) => b.name === 'cpu').ok).toBe(true);
    const webgpu = info.backends.find((b: { name: string }) => b.name === 'webgpu');
    if (webgpu.ok) {
      // The adapter, as Dawn reports it (SwiftShader on the CI machine: a software adapter).
      expect(webgpu.detail).toMatch(/^GPU: /);
      expect(typeof webgpu.device.software).toBe('boolean');
    }
    expect(info.threads).toBeGreaterThanOrEqual(1);
    expect(info.tfjs.coreCopiesLoaded).toBe(1);
  });

  it.skipIf(!required.has('webgpu'))(
    'trains on WebGPU through Dawn and says when the adapter is software',
    async () => {
      const r = await runCli([
        'train',
        ...base.slice(0, 4),
        ...cliFlags({
          backend: 'webgpu',
          epochs: 1,
          limit: 256,
          'test-limit': 200,
          out: join(work, 'webgpu'),
          json: true,
        }),
      ]);
      expect(r.code, r.stderr).toBe(0);
      const m = JSON.parse(r.stdout);
      expect(m.backend).toBe('webgpu');
      expect(m.stepEngine).toMatchObject({ name: 'tfjs', backend: 'webgpu' });
      expect(m.testAccuracy).toBeGreaterThan(0.2);
      const line = r.stderr.split('\n').find((l) => l.startsWith('backend: webgpu'));
      expect(line).toMatch(/GPU: .*swiftshader.*software/i);
    },
  );

  it('auto falls back in one line when tfjs-node is absent', async () => {
    const r = await runCli([
      'train',
      ...base.slice(0, 4),
      ...cliFlags({ epochs: 1, limit: 64, out: join(work, 'auto'), json: true }),
    ]);
    expect(r.code, r.stderr).toBe(0);
    const m = JSON.parse(r.stdout);
    const backendLines = r.stderr.split('\n').filter((l) => l.startsWith('backend:'));
    expect(['tensorflow-gpu', 'webgpu', 'tensorflow', 'wasm', 'cpu']).toContain(m.backend);
    if (required.has('wasm')) {
      // No tfjs-node here, and a software WebGPU adapter (or none) is never picked over wasm.
      expect(m.backend).toBe('wasm');
      expect(backendLines).toHaveLength(1);
      expect(backendLines[0]).toMatch(
        /^backend: wasm \(tensorflow-gpu: not installed; webgpu: (skipped: software adapter|failed to load|not installed)[^;]*; tensorflow: not installed\) · WebAssembly/,
      );
    }
    expect(m.tfjsCoreCopies).toBe(1);
  });

  it('--flip, --shift and --input-dropout train with augmented images and record it', async () => {
    const r = await runCli([
      'train',
      ...base,
      ...cliFlags({ epochs: 1, flip: true, shift: 2, 'input-dropout': 0.1, out: join(work, 'flip'), json: true }),
    ]);
    expect(r.code, r.stderr).toBe(0);
    const m = JSON.parse(r.stdout);
    expect(m.flip).toBe(true);
    expect(m.shift).toBe(2);
    expect(m.inputDropout).toBe(0.1);
  });

  it('--gradients autograd registers tfjs gradients and still loads one tfjs-core copy', async () => {
    const r = await runCli([
      'train',
      ...base,
      ...cliFlags({ epochs: 1, gradients: 'autograd', out: join(work, 'autograd'), json: true }),
    ]);
    expect(r.code, r.stderr).toBe(0);
    const m = JSON.parse(r.stdout);
    expect(m.gradients).toBe('autograd');
    expect(m.tfjsCoreCopies).toBe(1);
    expect(m.testAccuracy).toBeGreaterThan(0.5);
  });
});

describe('bad input: one clear line, non-zero exit', () => {
  it.each([
    [['frobnicate'], /unknown command/],
    [['train', '--frobnicate'], /unknown option/],
    [['train', '--epochs', '0'], /--epochs must be a positive integer/],
    [['train', '--epochs', '-3'], /--epochs|unknown option/],
    [['train', '--epochs', 'ten'], /--epochs must be a positive integer/],
    [['train', '--batch-size', '0'], /--batch-size must be a positive integer/],
    [['train', '--lr', '0'], /--lr must be a number > 0/],
    [['train', '--lr', '-1'], /--lr|unknown option/],
    [['train', '--lr', 'NaN'], /--lr must be a number/],
    [['train', '--hidden', '12,abc'], /--hidden must be comma-separated positive integers/],
    [['train', '--dropout', '1.5'], /--dropout must be a number/],
    [['train', '--input-dropout', '1'], /--input-dropout must be a number ≥ 0 and < 1/],
    [['train', '--backend', 'quantum'], /--backend/],
  ])('usage error %j exits 2', async (args, pattern) => {
    expectOneLineError(await runCli(args), 2, pattern);
  });

  it('--data-dir that does not exist', async () => {
    const r = await runCli(['train', '--data-dir', join(work, 'nope'), '--backend', 'cpu', '--out', join(work, 'x')]);
    expectOneLineError(r, 1, /nope/);
  });

  describe('broken dataset files', () => {
    const broken = (name: string, mutate: (dir: string) => void) => {
      const dir = join(work, `broken-${name}`);
      writeSyntheticDataset(dir, 100, 50);
      mutate(dir);
      return dir;
    };
    const file = (dir: string, f: string) => join(dir, f);
    it.each([
      ['missing file', (d: string) => rmSync(file(d, 't10k-labels-idx1-ubyte.gz')), /t10k-labels/],
      [
        'truncated file',
        (d: string) => {
          const raw = gunzipSync(readFileSync(file(d, 'train-images-idx3-ubyte.gz')));
          writeFileSync(file(d, 'train-images-idx3-ubyte.gz'), gzipSync(raw.subarray(0, raw.length - 100)));
        },
        /train-images/,
      ],
      [
        'corrupted gzip',
        (d: string) =>
          writeFileSync(file(d, 'train-images-idx3-ubyte.gz'), Buffer.from([0x1f, 0x8b, 8, 0, 1, 2, 3, 4, 5, 6, 7])),
        /train-images/,
      ],
      [
        'wrong magic',
        (d: string) =>
          writeFileSync(
            file(d, 'train-labels-idx1-ubyte.gz'),
            gzipSync(idxBytes('images', new Uint8Array(100 * 784), [100, 28, 28])),
          ),
        /train-labels/,
      ],
      [
        'labels out of range',
        (d: string) =>
          writeFileSync(
            file(d, 'train-labels-idx1-ubyte.gz'),
            gzipSync(idxBytes('labels', new Uint8Array(100).fill(12), [100])),
          ),
        /train-labels.*(range|12)/,
      ],
      [
        'images/labels count mismatch',
        (d: string) =>
          writeFileSync(file(d, 'train-labels-idx1-ubyte.gz'), gzipSync(idxBytes('labels', new Uint8Array(90), [90]))),
        /100|90|count/,
      ],
    ])('%s', async (name, mutate, pattern) => {
      const dir = broken(name.replace(/\W+/g, '-'), mutate);
      // As MNIST's files (without --dataset, labels up to 255 are classes: see ownData.test.ts).
      const r = await runCli([
        'train',
        '--dataset',
        'mnist',
        '--data-dir',
        dir,
        '--backend',
        'cpu',
        '--out',
        join(work, 'y'),
      ]);
      expectOneLineError(r, 1, pattern);
    });
  });

  it('--model missing', async () => {
    expectOneLineError(await runCli(['eval', '--model', join(work, 'no-model'), ...base]), 1, /no-model/);
  });

  it('--model malformed', async () => {
    const dir = join(work, 'bad-model');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'model.json'), '{"format":"layers-model","modelTopology":{}}');
    writeFileSync(join(dir, 'weights.bin'), Buffer.alloc(12));
    expectOneLineError(await runCli(['eval', '--model', dir, ...base]), 1, /model/i);
  });

  it('predict on a missing, a non-image and a corrupt image file', async () => {
    expectOneLineError(
      await runCli(['predict', '--model', out, '--backend', 'cpu', join(work, 'none.png')]),
      1,
      /not found.*none\.png/,
    );
    const text = join(work, 'note.png');
    writeFileSync(text, 'hello, not an image');
    expectOneLineError(await runCli(['predict', '--model', out, '--backend', 'cpu', text]), 1, /not a PNG or JPEG/);
    const corrupt = join(work, 'corrupt.png');
    writeFileSync(
      corrupt,
      Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(30, 7)]),
    );
    expectOneLineError(await runCli(['predict', '--model', out, '--backend', 'cpu', corrupt]), 1, /corrupt/);
  });

  describe('mirrors', () => {
    let server: Server;
    let url: string;
    beforeAll(async () => {
      server = createServer((_req, res) => {
        res.writeHead(404, { 'content-type': 'text/html' });
        res.end('<html>not here</html>');
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    });
    afterAll(() => new Promise<void>((r) => server.close(() => r())));

    it('all mirrors unreachable: names the file, each mirror and why, and hints --data-dir', async () => {
      const cache = join(work, 'cache');
      const r = await runCli([
        'train',
        ...cliFlags({ backend: 'cpu', 'cache-dir': cache, mirror: [url, 'http://127.0.0.1:9/'], out: join(work, 'z') }),
      ]);
      expectOneLineError(r, 1, /train-images-idx3-ubyte\.gz/);
      expect(r.stderr).toContain(url);
      expect(r.stderr).toContain('127.0.0.1:9');
      expect(r.stderr).toMatch(/404/);
      expect(r.stderr).toContain('--data-dir');
    });
  });

  it('download with no reachable mirror: one line naming the file, nothing left in the cache', async () => {
    const cache = join(work, 'dl-cache');
    const r = await runCli(['download', '--cache-dir', cache, '--mirror', 'http://127.0.0.1:9/']);
    expectOneLineError(r, 1, /train-images-idx3-ubyte\.gz.*127\.0\.0\.1:9/);
    const { readdirSync } = await import('node:fs');
    const left = existsSync(cache)
      ? readdirSync(cache, { recursive: true }).filter((f) => String(f).endsWith('.gz'))
      : [];
    expect(left).toEqual([]);
  });

  it('a failed run never overwrites a previous good model in --out', async () => {
    const dir = join(work, 'keep');
    const ok = await runCli(['train', ...base, '--epochs', '1', '--out', dir, '--json']);
    expect(ok.code).toBe(0);
    const before = readFileSync(join(dir, 'weights.bin'));
    const beforeJson = readFileSync(join(dir, 'model.json'), 'utf8');
    // SGD with a huge learning rate diverges: the loss becomes NaN/Inf and training stops with an error.
    const bad = await runCli(['train', ...base, '--epochs', '2', '--optimizer', 'sgd', '--lr', '1e12', '--out', dir]);
    expect(bad.code).toBe(1);
    expect(lastLine(bad.stderr)).toMatch(/loss/i);
    expect(readFileSync(join(dir, 'weights.bin')).equals(before)).toBe(true);
    expect(readFileSync(join(dir, 'model.json'), 'utf8')).toBe(beforeJson);
  });
});

describe('Ctrl-C and --resume', () => {
  it('finishes the step, writes a checkpoint, exits 130; --resume continues', async () => {
    const dir = join(work, 'interrupted');
    const big = join(work, 'big');
    writeSyntheticDataset(big, 3000, 100);
    let sent = false;
    const r = await runCli(
      ['train', '--data-dir', big, '--backend', 'wasm', '--epochs', '50', '--batch-size', '16', '--out', dir],
      {
        onStderr: (chunk, child) => {
          if (!sent && /epoch 2\/50/.test(chunk)) {
            sent = true;
            child.kill('SIGINT');
          }
        },
      },
    );
    expect(r.code).toBe(130);
    expect(existsSync(join(dir, 'checkpoint.json'))).toBe(true);
    expect(existsSync(join(dir, 'model.json'))).toBe(false);
    // The hint works verbatim: no --data-dir or --backend needed, the checkpoint has the whole run.
    const hint = /^resume with: (.+)$/m.exec(r.stderr)?.[1];
    expect(hint).toMatch(/^node \S*cli\.js train --resume \S+$/);
    const resumed = await new Promise<{ code: number | null; stderr: string }>((done) => {
      const child = spawn('sh', ['-c', hint!], { env: { ...process.env, NO_COLOR: '1' } });
      let stderr = '';
      child.stderr.on('data', (d) => {
        stderr += d;
      });
      child.on('close', (code) => done({ code, stderr }));
    });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(/resuming .* at epoch 3\/50/);
    expect(JSON.parse(readFileSync(join(dir, 'metrics.json'), 'utf8')).history).toHaveLength(50);
    expect(existsSync(join(dir, 'model.json'))).toBe(true);
  });
});
