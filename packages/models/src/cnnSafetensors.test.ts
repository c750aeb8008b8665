import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cnnWithDataFields } from '../test/helpers';
import { cnnFromSafetensors, cnnToSafetensors } from './cnnSafetensors';
import { createCnn } from './createCnn';
import { createMlp } from './createMlp';
import { encodeSafetensors } from './encodeSafetensors';
import { modelFromSafetensors, modelToSafetensors } from './modelSafetensors';
import { parseSafetensors } from './parseSafetensors';
import type { CnnOptions } from './types';

const PYTHON = '/usr/bin/python3';
const work = mkdtempSync(join(tmpdir(), 'mnist-kit-cnn-st-'));
beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Whether `/usr/bin/python3` imports torch (Debian's python3-torch). */
const hasTorch =
  existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import torch, numpy'], { stdio: 'ignore' }).status === 0;

describe('CNN safetensors (PyTorch layouts)', () => {
  it('writes nn.Conv2d [out, in, k, k] and nn.Linear [out, in] tensors, fc1 columns in NCHW flatten order', async () => {
    const model = createCnn({ seed: 4 });
    const { tensors, metadata } = parseSafetensors(await cnnToSafetensors(model));
    expect([...tensors].map(([n, t]) => [n, t.shape])).toEqual([
      ['conv1.weight', [8, 1, 5, 5]],
      ['conv1.bias', [8]],
      ['conv2.weight', [16, 8, 5, 5]],
      ['conv2.bias', [16]],
      ['fc1.weight', [128, 256]],
      ['fc1.bias', [128]],
      ['fc2.weight', [10, 128]],
      ['fc2.bias', [10]],
    ]);
    const k2 = model.params['conv2d_2/kernel']!.dataSync(); // [kh, kw, in, out] = [5, 5, 8, 16]
    // conv2.weight[o=3, i=2, kh=1, kw=4] = kernel[1, 4, 2, 3]
    expect(tensors.get('conv2.weight')!.values[((3 * 8 + 2) * 5 + 1) * 5 + 4]).toBe(k2[((1 * 5 + 4) * 8 + 2) * 16 + 3]);
    // The flatten: tfjs row (h, w, c) = (h·4 + w)·16 + c; PyTorch column c·16 + h·4 + w. Take h=1, w=2, c=5, out 7.
    const d1 = model.params['dense_1/kernel']!.dataSync(); // [256, 128]
    expect(tensors.get('fc1.weight')!.values[7 * 256 + 5 * 16 + 1 * 4 + 2]).toBe(d1[((1 * 4 + 2) * 16 + 5) * 128 + 7]);
    expect(metadata.format).toBe('pt');
    expect(JSON.parse(metadata.mnist_kit!)).toMatchObject({ kind: 'cnn', filters: [8, 16], kernelSize: [5, 5] });
    model.dispose();
  });

  for (const [name, options] of [
    ['the default', {}],
    [
      'same padding, no hidden dense, 2 channels',
      { inputShape: [10, 10, 2], filters: [3, 5], kernelSize: 3, padding: 'same', denseSizes: [] },
    ],
  ] as [string, CnnOptions][]) {
    it(`round-trips, predicting exactly the same (${name})`, async () => {
      const model = cnnWithDataFields(options, 6);
      const bytes = await modelToSafetensors(model);
      const again = modelFromSafetensors(bytes);
      expect(again.kind).toBe('cnn');
      expect(again.config).toEqual({ ...model.config, seed: null });
      const x = tf.randomUniform([3, model.config.inputSize], 0, 1, 'float32', 1);
      expect(again.predict(x).arraySync()).toEqual(model.predict(x).arraySync());
      x.dispose();
      model.dispose();
      again.dispose();
    });
  }

  it('reads a state_dict without metadata: conv<i>/fc<j> names or a numbered nn.Sequential; options say what shapes cannot', () => {
    const t = (shape: number[], v = 0.01) => ({
      shape,
      values: new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(v),
    });
    const named = encodeSafetensors([
      ['conv1.weight', t([4, 1, 3, 3])],
      ['conv1.bias', t([4])],
      ['fc1.weight', t([10, 4 * 13 * 13])],
      ['fc1.bias', t([10])],
    ]);
    expect(modelFromSafetensors(named).config).toMatchObject({
      filters: [4],
      kernelSize: [3],
      denseSizes: [],
      outputSize: 10,
    });
    const sequential = encodeSafetensors([
      ['0.weight', t([4, 1, 3, 3])],
      ['0.bias', t([4])],
      ['3.weight', t([6, 4, 3, 3])],
      ['3.bias', t([6])],
      ['7.weight', t([32, 6 * 7 * 7])],
      ['7.bias', t([32])],
      ['9.weight', t([10, 32])],
      ['9.bias', t([10])],
    ]);
    const m = cnnFromSafetensors(sequential, { padding: 'same' });
    expect(m.config).toMatchObject({ filters: [4, 6], padding: 'same', denseSizes: [32], outputSize: 10 });
    m.dispose();
    // The same file read with the wrong padding: the flatten size says so.
    expect(() => cnnFromSafetensors(sequential)).toThrow(
      /7.weight takes 294 features, but the convolutions flatten to 150 \(6×5×5; check the input shape, padding and pool size\)/,
    );
    // An MLP file is still an MLP.
    const mlp = createMlp({ seed: 1, hiddenSizes: [4], inputSize: 6, outputSize: 3 });
    return modelToSafetensors(mlp).then((bytes) => {
      expect(modelFromSafetensors(bytes).kind).toBe('mlp');
      mlp.dispose();
    });
  });

  it('refuses tensors that are not a CNN, saying which', () => {
    const t = (shape: number[]) => ({ shape, values: new Float32Array(shape.reduce((a, b) => a * b, 1)) });
    const refuse = (tensors: [string, ReturnType<typeof t>][], message: RegExp) =>
      expect(() => cnnFromSafetensors(encodeSafetensors(tensors), { what: 'x.safetensors' })).toThrow(message);
    refuse(
      [
        ['conv1.weight', t([4, 1, 3, 3])],
        ['conv2.weight', t([6, 5, 3, 3])],
        ['conv2.bias', t([6])],
        ['conv1.bias', t([4])],
        ['fc1.weight', t([10, 6 * 5 * 5])],
        ['fc1.bias', t([10])],
      ],
      /x.safetensors does not hold a CNN .*: conv2.weight takes 5 channels, but conv1 gives 4/,
    );
    refuse(
      [
        ['conv1.weight', t([4, 1, 3, 2])],
        ['conv1.bias', t([4])],
        ['fc1.weight', t([10, 4])],
        ['fc1.bias', t([10])],
      ],
      /3×2 kernel \(square kernels only\)/,
    );
    refuse(
      [
        ['conv1.weight', t([4, 1, 3, 3])],
        ['fc1.weight', t([10, 4 * 13 * 13])],
        ['fc1.bias', t([10])],
      ],
      /conv1.bias must be \[4\], and it is missing/,
    );
    refuse(
      [
        ['conv1.weight', t([4, 1, 3, 3])],
        ['conv1.bias', t([4])],
        ['bn.running_mean', t([4])],
      ],
      /unexpected tensors bn.running_mean/,
    );
  });

  it.skipIf(!hasTorch)(
    'PyTorch (NCHW convs, x.view(-1, C·H·W)) loads the file strictly and predicts the same',
    async () => {
      for (const [tag, options] of [
        ['default', {}],
        ['same', { filters: [6, 8], kernelSize: [3, 5], padding: 'same', denseSizes: [32, 16] }],
      ] as [string, CnnOptions][]) {
        const model = createCnn({ ...options, seed: 9 });
        const file = join(work, `${tag}.safetensors`);
        writeFileSync(file, await cnnToSafetensors(model));
        const x = tf.randomUniform([5, 784], 0, 1, 'float32', 3);
        const inputs = join(work, `${tag}.x.f32`);
        writeFileSync(inputs, new Uint8Array((await x.data()).buffer));
        const logits = (await model.forward(x).array()) as number[][];
        const r = spawnSync(PYTHON, ['-c', TORCH_SCRIPT, file, inputs, JSON.stringify(model.config)], {
          encoding: 'utf8',
          env: { ...process.env, OPENBLAS_NUM_THREADS: '1' },
        });
        expect(r.status, r.stderr).toBe(0);
        const theirs = JSON.parse(r.stdout) as number[][];
        const worst = Math.max(...logits.flatMap((row, i) => row.map((v, j) => Math.abs(v - theirs[i]![j]!))));
        expect(worst, tag).toBeLessThan(1e-4);
        x.dispose();
        model.dispose();
      }
    },
  );
});

/** The PyTorch side: the module the README documents, loaded with load_state_dict(strict=True). */
const TORCH_SCRIPT = `
import json, struct, sys
import numpy as np
import torch
from torch import nn
import torch.nn.functional as F

path, inputs, config = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
raw = open(path, 'rb').read()
n = struct.unpack('<Q', raw[:8])[0]
header = json.loads(raw[8:8 + n])
state = {}
for name, spec in header.items():
    if name == '__metadata__':
        continue
    a, b = spec['data_offsets']
    state[name] = torch.from_numpy(np.frombuffer(raw[8 + n + a:8 + n + b], dtype='<f4').reshape(spec['shape']).copy())

class Net(nn.Module):
    def __init__(self, c):
        super().__init__()
        h, w, ch = c['inputShape']
        self.shape, pad, self.pool = (ch, h, w), c['padding'], c['poolSize']
        convs, chans = [], ch
        for f, k in zip(c['filters'], c['kernelSize']):
            convs.append(nn.Conv2d(chans, f, k, padding=pad))
            chans = f
            h = (h if pad == 'same' else h - k + 1) // self.pool
            w = (w if pad == 'same' else w - k + 1) // self.pool
        self.flat = chans * h * w
        for i, conv in enumerate(convs):
            setattr(self, f'conv{i + 1}', conv)
        self.convs = len(convs)
        sizes = [self.flat] + c['denseSizes'] + [c['outputSize']]
        self.fcs = len(sizes) - 1
        for j in range(self.fcs):
            setattr(self, f'fc{j + 1}', nn.Linear(sizes[j], sizes[j + 1]))

    def forward(self, x):
        x = x.view(-1, *self.shape)
        for i in range(self.convs):
            x = F.max_pool2d(F.relu(getattr(self, f'conv{i + 1}')(x)), self.pool)
        x = x.view(-1, self.flat)
        for j in range(self.fcs):
            x = getattr(self, f'fc{j + 1}')(x)
            if j < self.fcs - 1:
                x = F.relu(x)
        return x

net = Net(config)
net.load_state_dict(state, strict=True)
net.eval()
h, w, ch = config['inputShape']
# Our inputs are NHWC rows; PyTorch's module takes NCHW.
x = torch.from_numpy(np.fromfile(inputs, dtype='<f4').reshape(-1, h, w, ch)).permute(0, 3, 1, 2).contiguous()
with torch.no_grad():
    print(json.dumps(net(x).tolist()))
`;
