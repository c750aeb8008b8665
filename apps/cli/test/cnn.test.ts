import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Split, splitValidation } from '@mnist-kit/datasets';
import { evaluate } from '@mnist-kit/evaluation';
import { createCnn, loadModelFromDir, saveModelToDir } from '@mnist-kit/models';
import { cliFlags, glyphSplit, lastLine, mulberry32, runCli, writeSyntheticDataset } from '@mnist-kit/test-utils';
import { useCpuBackend } from '@mnist-kit/test-utils/backends';
import { adam, fit } from '@mnist-kit/training';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTestSet, writeDigitPngs } from './images';

const work = mkdtempSync(join(tmpdir(), 'mnist-kit-cli-cnn-'));
const data = join(work, 'data');
const out = join(work, 'run');

beforeAll(() => writeSyntheticDataset(data, 400, 200));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const base = ['--dataset', 'mnist', '--data-dir', data, '--backend', 'cpu'];
/** A small CNN that learns the glyphs in an epoch or two. */
const SMALL = { model: 'cnn', filters: '4,8', 'kernel-size': 5, dense: 32 };
/** `train` of the {@link SMALL} CNN on the generated dataset, with `flags`. */
const trainSmall = (flags: Parameters<typeof cliFlags>[0]) =>
  runCli(['train', ...base, ...cliFlags({ ...SMALL, ...flags })]);

function expectOneLineError(r: { code: number | null; stderr: string }, code: number, pattern: RegExp) {
  expect(r.code, r.stderr).toBe(code);
  const lines = r.stderr.trim().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
}

describe('train --model cnn → eval → predict on a generated dataset', () => {
  let metrics: Record<string, unknown>;

  it('train --model cnn writes a CNN model.json, metrics with its recipe, and prints the summary with --verbose', async () => {
    const r = await trainSmall({
      epochs: 2,
      'batch-size': 32,
      lr: 0.003,
      dropout: 0.1,
      seed: 3,
      out,
      json: true,
      verbose: true,
    });
    expect(r.code, r.stderr).toBe(0);
    metrics = JSON.parse(r.stdout);
    expect(metrics).toMatchObject({
      command: 'train',
      model: 'cnn',
      recipe: 'cnn 4-8 k5 valid pool 2, dense 32',
      filters: [4, 8],
      kernelSize: [5],
      dense: [32],
      padding: 'valid',
      poolSize: 2,
      convDropout: 0,
      dropout: 0.1,
      params: 4 * 25 + 4 + 8 * 4 * 25 + 8 + 128 * 32 + 32 + 32 * 10 + 10,
      run: { model: 'cnn', filters: [4, 8] },
    });
    expect(metrics).not.toHaveProperty('hidden');
    expect(metrics.stepEngine).toMatchObject({ name: 'tfjs', reason: expect.stringMatching(/dense layers/) });
    expect(metrics.testAccuracy as number).toBeGreaterThan(0.5);
    // --verbose: the PyTorch-style summary, with output shapes and parameter counts.
    expect(r.stderr).toMatch(
      /\(conv2d_1\): Conv2d\(1, 4, kernel_size=\(5, 5\), stride=\(1, 1\)\)\s+\[B, 24, 24, 4\]\s+104/,
    );
    expect(r.stderr).toMatch(/\(flatten\): Flatten\(start_dim=1\)\s+\[B, 128\]/);
    expect(r.stderr).toContain(`Total params: ${(metrics.params as number).toLocaleString('en-US')}`);
    const model = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8'));
    expect(model.modelTopology.config.layers.map((l: { class_name: string }) => l.class_name)).toEqual([
      'Reshape',
      'Conv2D',
      'MaxPooling2D',
      'Conv2D',
      'MaxPooling2D',
      'Flatten',
      'Dense',
      'Dropout',
      'Dense',
    ]);
    expect(model.userDefinedMetadata.mnistKit).toMatchObject({ kind: 'cnn', filters: [4, 8], kernelSize: [5, 5] });
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('cnn 4-8 k5 valid pool 2, dense 32');
    const checkpoint = JSON.parse(readFileSync(join(out, 'checkpoint.json'), 'utf8'));
    expect(checkpoint.manifest.extra.run).toMatchObject({ model: 'cnn', filters: [4, 8], dense: [32] });
  });

  it('eval reads the CNN and gives the same accuracy', async () => {
    const r = await runCli(['eval', '--model', out, ...base, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.params).toBe(metrics.params);
    expect(result.testAccuracy).toBeCloseTo(metrics.testAccuracy as number, 6);
    expect(result.confusionMatrix).toEqual(metrics.confusionMatrix);
  });

  it('predict classifies PNGs with the CNN', async () => {
    const { images, labels } = readTestSet(data);
    const files = writeDigitPngs(images, 10, work, { scale: 2, inverted: true });
    const r = await runCli(['predict', '--model', out, '--backend', 'cpu', '--json', ...files]);
    expect(r.code, r.stderr).toBe(0);
    const { predictions } = JSON.parse(r.stdout);
    expect(predictions).toHaveLength(10);
    for (const p of predictions) expect(p.probabilities.reduce((a: number, b: number) => a + b, 0)).toBeCloseTo(1, 4);
    const correct = predictions.filter((p: { label: number }, i: number) => p.label === labels[i]).length;
    expect(correct).toBeGreaterThanOrEqual(6);
  });

  it('--resume continues the CNN run from its checkpoint; flags that change the model are refused', async () => {
    const refused = await runCli(['train', '--resume', out, '--epochs', '3', '--filters', '8,8']);
    expectOneLineError(
      refused,
      2,
      /^error: --filters cannot change when resuming: the run in .* was started with \[4,8\]/,
    );
    const r = await runCli(['train', '--resume', out, '--epochs', '3', '--data-dir', data, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const m = JSON.parse(r.stdout);
    expect(m).toMatchObject({ model: 'cnn', filters: [4, 8], epochs: 3 });
    expect(m.history).toHaveLength(3);
    expect(m.history[2].trainLoss).toBeLessThan(m.history[0].trainLoss);
  });

  it('a CNN run and an MLP run read the same flags differently; the other model’s flags are refused', async () => {
    const cases: [string[], number, RegExp][] = [
      [
        ['--model', 'cnn', '--hidden', '64'],
        2,
        /^error: --hidden applies to --model mlp \(the CNN's dense layers are --dense\)$/,
      ],
      [
        ['--model', 'cnn', '--activation', 'tanh'],
        2,
        /^error: --activation applies to --model mlp \(the CNN uses ReLU\)$/,
      ],
      [['--filters', '8,16'], 2, /^error: --filters applies to --model cnn \(add --model cnn\)$/],
      [['--pool-size', '3'], 2, /^error: --pool-size applies to --model cnn/],
      [
        ['--model', 'cnn', '--filters', '8,x'],
        2,
        /--filters must be comma-separated positive integers like 8,16, got '8,x'/,
      ],
      [
        ['--model', 'cnn', '--dense', '0'],
        2,
        /--dense must be comma-separated positive integers like 128 \(or '' for none\)/,
      ],
      [['--model', 'cnn', '--kernel-size', '3,3,3'], 2, /--kernel-size gives 3 sizes for 2 conv blocks \(--filters\)/],
      [['--model', 'cnn', '--padding', 'full'], 2, /--padding.*Allowed choices are valid, same/],
      [['--model', 'cnn', '--conv-dropout', '1'], 2, /--conv-dropout must be a number ≥ 0 and < 1/],
      [['--model', 'cnn', '--step-engine', 'simd'], 2, /--step-engine simd trains dense layers only/],
      [['--model', 'rnn'], 2, /--model.*Allowed choices are mlp, cnn/],
      [
        ['--model', 'cnn', '--filters', '4,8,8,8'],
        2,
        /^error: --model cnn on 28×28 images: conv block 3: a 5×5 kernel does not fit its 4×4 input \(valid padding\)$/,
      ],
      [
        ['--model', 'cnn', '--gradients', 'autograd', '--backend', 'wasm'],
        2,
        /^error: --gradients autograd with --model cnn needs tfjs' Conv2DBackpropFilter kernel, which the wasm backend lacks/,
      ],
    ];
    for (const [flags, code, pattern] of cases) {
      const args = [
        'train',
        '--dataset',
        'mnist',
        '--data-dir',
        data,
        '--epochs',
        '1',
        '--out',
        join(work, 'bad'),
        ...flags,
      ];
      if (!flags.includes('--backend')) args.push('--backend', 'cpu');
      const r = await runCli(args);
      expect(r.code, `${flags.join(' ')}: ${r.stderr}`).toBe(code);
      expect(lastLine(r.stderr), flags.join(' ')).toMatch(pattern);
    }
    expect(existsSync(join(work, 'bad', 'model.json'))).toBe(false);
  });

  it('--model cnn --gradients autograd trains on cpu (tfjs has every gradient there)', async () => {
    const r = await trainSmall({
      epochs: 1,
      limit: 64,
      'batch-size': 64,
      'test-limit': 50,
      gradients: 'autograd',
      out: join(work, 'ag'),
      json: true,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ model: 'cnn', gradients: 'autograd' });
  });
});

describe('fit, evaluate and checkpoints of @mnist-kit/training work unchanged for a CNN', () => {
  beforeAll(useCpuBackend);

  it('fit trains it (the loss falls), leaks nothing across epochs, and the saved model evaluates the same', async () => {
    const all: Split = glyphSplit(360, mulberry32(5));
    const { train, validation } = splitValidation(all, 1 / 6, 1);
    const model = createCnn({ filters: [4, 8], kernelSize: 5, denseSizes: [16], dropout: 0.2, seed: 2 });
    const optimizer = adam({ learningRate: 0.003 });
    const counts: number[] = [];
    const history = await fit(model, train, {
      epochs: 4,
      batchSize: 30,
      optimizer,
      validation,
      seed: 1,
      callbacks: { onEpochEnd: () => void counts.push(tf.memory().numTensors) },
    });
    expect(history.stepEngine).toMatchObject({ name: 'tfjs' });
    expect(new Set(counts).size).toBe(1);
    const losses = history.epochs.map((e) => e.trainLoss);
    expect(losses[3]!).toBeLessThan(losses[0]! * 0.7);
    expect(history.epochs[3]!.valAccuracy!).toBeGreaterThan(0.6);
    const result = await evaluate(model, validation!);
    expect(result.accuracy).toBeCloseTo(history.epochs[3]!.valAccuracy!, 6);

    const dir = join(work, 'fitted');
    await saveModelToDir(model, dir);
    const loaded = await loadModelFromDir(dir);
    expect((await evaluate(loaded, validation!)).accuracy).toBe(result.accuracy);
    loaded.dispose();
    optimizer.dispose();
    model.dispose();
  });
});
