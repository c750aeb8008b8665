import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { loadModelFromDir } from '@mnist-kit/models';
import { FASHION_MNIST_DIR, lastLine, maxAbsDiff, runCli } from '@mnist-kit/test-utils';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';

// mnist-kit ⇄ PyTorch through safetensors, checked against the real thing: Debian's python3-torch runs
// the tutorial's NeuralNet (test/pytorch/tutorial_net.py) on real Fashion-MNIST. Skips when torch or the
// data is missing, unless MNIST_KIT_REQUIRE_TORCH=1 (set by .ci/run, which installs both): then it fails.

const PYTHON = '/usr/bin/python3';
const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), 'pytorch', 'tutorial_net.py');
const required = process.env.MNIST_KIT_REQUIRE_TORCH === '1';
const hasTorch = existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;
const hasData = existsSync(join(FASHION_MNIST_DIR, 't10k-images-idx3-ubyte.gz'));
const available = hasTorch && hasData;

interface TorchResult {
  correct: number;
  count: number;
  accuracy: number;
  /** `predict`: the class of every test image, its top-1 minus top-2 logit, the logits of the first three. */
  predictions?: number[];
  margins?: number[];
  logits?: number[][];
  /** `train`: test images whose top-2 logits are within 1e-4 (the only ones rounding may flip). */
  nearTies?: number;
}

/** mnist-kit's logits for every Fashion-MNIST test image (x / 255), from the run folder, on tfjs' cpu backend. */
async function ourLogits(run: string): Promise<{ logits: Float32Array; classes: number }> {
  await tf.setBackend('cpu');
  const model = await loadModelFromDir(run);
  const raw = gunzipSync(readFileSync(join(FASHION_MNIST_DIR, 't10k-images-idx3-ubyte.gz'))).subarray(16);
  const x = tf.tensor2d(
    Float32Array.from(raw, (v) => v / 255),
    [raw.length / 784, 784],
  );
  const logits = tf.tidy(() => model.forward(x));
  const values = (await logits.data()) as Float32Array;
  tf.dispose([x, logits]);
  model.dispose();
  return { logits: values, classes: model.config.outputSize };
}

/** Runs the tutorial script; one thread each for torch and OpenBLAS (the machine has two cores). */
function tutorialNet(mode: 'predict' | 'train', model: string): Promise<TorchResult> {
  return new Promise((resolve, reject) => {
    execFile(
      PYTHON,
      [SCRIPT, mode, model, FASHION_MNIST_DIR],
      { env: { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1' }, maxBuffer: 1 << 24 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${mode} failed: ${stderr || error.message}`));
        else resolve(JSON.parse(lastLine(stdout)) as TorchResult);
      },
    );
  });
}

const work = mkdtempSync(join(tmpdir(), 'mnist-kit-torch-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const data = ['--dataset', 'fashion-mnist', '--data-dir', FASHION_MNIST_DIR, '--backend', 'wasm'];

/** `eval --json`'s test accuracy of `model` (a run folder or a .safetensors file). */
async function evalAccuracy(model: string, extra: string[] = []): Promise<number> {
  const r = await runCli(['eval', '--model', model, ...data, ...extra, '--json']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return (JSON.parse(r.stdout) as { testAccuracy: number }).testAccuracy;
}

describe.skipIf(!available && !required)(
  'PyTorch interop through safetensors (python3-torch, real Fashion-MNIST)',
  () => {
    it('has python3-torch and the data (MNIST_KIT_REQUIRE_TORCH=1 says they must be here)', () => {
      expect(hasTorch, `${PYTHON} cannot import torch`).toBe(true);
      expect(hasData, `no Fashion-MNIST in ${FASHION_MNIST_DIR}`).toBe(true);
    });

    it("a model mnist-kit trained loads into the tutorial's NeuralNet (strict) and scores what mnist-kit scores", async () => {
      const run = join(work, 'run');
      const train = await runCli(['train', ...data, '--epochs', '1', '--seed', '1', '--out', run, '--quiet']);
      expect(train.code, train.stderr).toBe(0);
      const file = join(work, 'mnist-kit.safetensors');
      const exported = await runCli(['export', '--model', run, '--format', 'safetensors', '--out', file]);
      expect(exported.code, exported.stderr).toBe(0);
      const ours = await evalAccuracy(run);
      const torch = await tutorialNet('predict', file);
      expect(torch.count).toBe(10_000);
      expect(ours).toBeGreaterThan(0.75);
      // The same weights and the same unit-scaled pixels: the same logits to 1e-5 (first three images)…
      const mine = await ourLogits(run);
      torch.logits!.forEach((row, i) => {
        expect(maxAbsDiff(mine.logits.subarray(i * 10, i * 10 + 10), row)).toBeLessThan(
          1e-5 * Math.max(1, ...row.map(Math.abs)),
        );
      });
      // …and the same class for every test image, but for near ties (top-2 logits within 1e-4) rounding may flip.
      const argmax = (i: number) => {
        const row = mine.logits.subarray(i * 10, i * 10 + 10);
        return row.indexOf(Math.max(...row));
      };
      const differ = torch.predictions!.flatMap((c, i) => (c === argmax(i) ? [] : [i]));
      expect(differ.filter((i) => torch.margins![i]! >= 1e-4)).toEqual([]);
      expect(Math.abs(torch.correct - Math.round(ours * 10_000))).toBeLessThanOrEqual(differ.length);
      // …and the file itself evaluates like the run folder it came from.
      expect(await evalAccuracy(file)).toBeCloseTo(ours, 6);
    }, 180_000);

    it('a state_dict PyTorch trained (Normalize 0.5/0.5) evaluates in mnist-kit as in PyTorch', async () => {
      const file = join(work, 'pytorch.safetensors');
      const torch = await tutorialNet('train', file);
      expect(torch.accuracy).toBeGreaterThan(0.75);
      const ours = await evalAccuracy(file, ['--normalize', 'standardize', '--mean', '0.5', '--std', '0.5']);
      // PyTorch's own test accuracy to the image (unless a near tie falls the other way).
      expect(Math.abs(Math.round(ours * 10_000) - torch.correct)).toBeLessThanOrEqual(torch.nearTies!);
      // Fed unit-scaled pixels instead, the same weights score differently: the flags are what matters.
      const unit = await evalAccuracy(file);
      expect(Math.abs(unit - torch.accuracy)).toBeGreaterThan(1e-3);
    }, 240_000);
  },
);
