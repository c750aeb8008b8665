import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { batch, crossEntropy, crossEntropyGrad, relError } from '../../test/helpers';
import { createMlp } from '../createMlp';
import type { Activation, NamedTensors } from '../types';

// The wasm backend loads its .wasm binaries from the filesystem in Node.
const wasmDir = join(
  dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/package.json')),
  'dist',
);

let wasmReady = false;
beforeAll(async () => {
  setWasmPaths(`${wasmDir}/`);
  wasmReady = await tf.setBackend('wasm');
});

const ACTIVATIONS: Activation[] = ['relu', 'tanh', 'sigmoid', 'gelu'];

const hostGrads = (g: NamedTensors) => Object.fromEntries(Object.entries(g).map(([k, t]) => [k, t.dataSync().slice()]));

describe('backward on the wasm backend', () => {
  it('initialises', () => {
    expect(wasmReady).toBe(true);
    expect(tf.getBackend()).toBe('wasm');
  });

  for (const activation of ACTIVATIONS) {
    it(`matches autograd on wasm and the cpu backend's result (${activation}, dropout 0.2)`, async () => {
      const model = createMlp({ activation, seed: 6, dropout: 0.2, hiddenSizes: [64, 32] });
      const run = () =>
        tf.tidy(() => {
          const { x, y } = batch(16, 784, 10, 2);
          const logits = model.forward(x, { training: true, keep: true, seed: 5 });
          const ours = model.backward(crossEntropyGrad(logits, y));
          const { grads } = tf.variableGrads(
            () => crossEntropy(model.forward(x, { training: true, seed: 5 }), y),
            Object.values(model.params),
          );
          for (const [name, v] of Object.entries(model.params)) {
            expect(relError(ours[name]!, grads[v.name]!), name).toBeLessThan(1e-5);
          }
          return hostGrads(ours);
        });
      const onWasm = run();
      await tf.setBackend('cpu');
      const onCpu = run();
      await tf.setBackend('wasm');
      for (const name of Object.keys(onWasm)) {
        expect(relError(tf.tensor(onWasm[name]!), tf.tensor(onCpu[name]!)), name).toBeLessThan(1e-5);
      }
      model.dispose();
    });
  }

  it('gives the same initial weights as on cpu for a seed', async () => {
    const onWasm = createMlp({ seed: 123 });
    await tf.setBackend('cpu');
    const onCpu = createMlp({ seed: 123 });
    await tf.setBackend('wasm');
    expect(Array.from(onWasm.params['dense_2/kernel']!.dataSync())).toEqual(
      Array.from(onCpu.params['dense_2/kernel']!.dataSync()),
    );
    onWasm.dispose();
    onCpu.dispose();
  });
});
