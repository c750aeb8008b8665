import { relativeL2Error } from '@mnist-kit/test-utils';
import { describeBackends } from '@mnist-kit/test-utils/backends';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { batch, crossEntropy, expectLeakFree, expectRefusals, explicitGrads, relError } from '../../test/helpers';
import { createMlp } from '../createMlp';
import { ModelError } from '../ModelError';
import type { Activation, Mlp, NamedTensors } from '../types';

const ACTIVATIONS: Activation[] = ['relu', 'tanh', 'sigmoid', 'gelu'];

/** Independent forward pass with plain ops (no fused matMul), for autograd. */
function referenceLogits(model: Mlp, x: tf.Tensor): tf.Tensor {
  const { activation } = model.config;
  const n = model.config.hiddenSizes.length + 1;
  let a = x;
  for (let i = 1; i <= n; i++) {
    const z = tf.add(tf.matMul(a, model.params[`dense_${i}/kernel`]!), model.params[`dense_${i}/bias`]!);
    if (i === n) return z;
    a =
      activation === 'relu'
        ? tf.relu(z)
        : activation === 'tanh'
          ? tf.tanh(z)
          : activation === 'sigmoid'
            ? tf.sigmoid(z)
            : tf.mul(z, tf.mul(0.5, tf.add(1, tf.erf(tf.div(z, Math.SQRT2)))));
  }
  throw new Error('unreachable');
}

/** Gradients by tfjs autograd, keyed like params. */
function autogradGrads(model: Mlp, loss: () => tf.Scalar): Record<string, tf.Tensor> {
  const vars = Object.values(model.params);
  const { grads } = tf.variableGrads(loss, vars);
  return Object.fromEntries(Object.entries(model.params).map(([k, v]) => [k, grads[v.name]!]));
}

const hostGrads = (g: NamedTensors) => Object.fromEntries(Object.entries(g).map(([k, t]) => [k, t.dataSync().slice()]));

describeBackends(['cpu', 'wasm'], (backend) => {
  it('runs on the backend', () => {
    expect(tf.getBackend()).toBe(backend);
  });

  describe('backward', () => {
    for (const activation of ACTIVATIONS) {
      it(`matches tfjs autograd for ${activation} (relative error < 1e-5)`, () => {
        const model = createMlp({ activation, seed: 17 });
        tf.tidy(() => {
          const { x, y } = batch(32, 784, 10);
          const ours = explicitGrads(model, x, y);
          const ref = autogradGrads(model, () => crossEntropy(referenceLogits(model, x), y));
          expect(Object.keys(ours)).toEqual(Object.keys(model.params));
          for (const name of Object.keys(model.params)) {
            expect(ours[name]!.shape).toEqual(model.params[name]!.shape);
            expect(relError(ours[name]!, ref[name]!), name).toBeLessThan(1e-5);
          }
        });
        model.dispose();
      });
    }

    for (const activation of ACTIVATIONS) {
      it(`matches autograd with dropout for ${activation} (same seed → same masks)`, () => {
        const model = createMlp({ activation, seed: 4, dropout: 0.3, hiddenSizes: [64, 32] });
        tf.tidy(() => {
          const { x, y } = batch(16, 784, 10, 3);
          const ours = explicitGrads(model, x, y, { training: true, seed: 99 });
          const ref = autogradGrads(model, () => crossEntropy(model.forward(x, { training: true, seed: 99 }), y));
          const noDropout = autogradGrads(model, () => crossEntropy(model.forward(x), y));
          for (const name of Object.keys(model.params)) {
            expect(relError(ours[name]!, ref[name]!), name).toBeLessThan(1e-5);
          }
          // The masks really changed something.
          expect(relError(ref['dense_1/kernel']!, noDropout['dense_1/kernel']!)).toBeGreaterThan(1e-2);
        });
        model.dispose();
      });
    }

    it('works for a model without hidden layers', () => {
      const model = createMlp({ hiddenSizes: [], seed: 1 });
      tf.tidy(() => {
        const { x, y } = batch(8, 784, 10);
        const ours = explicitGrads(model, x, y);
        const ref = autogradGrads(model, () => crossEntropy(referenceLogits(model, x), y));
        for (const name of Object.keys(model.params)) expect(relError(ours[name]!, ref[name]!)).toBeLessThan(1e-5);
      });
      model.dispose();
    });

    for (const activation of ACTIVATIONS) {
      it(`agrees with central finite differences on a 4 → 3 → 2 net (${activation})`, () => {
        const model = createMlp({ inputSize: 4, hiddenSizes: [3], outputSize: 2, activation, seed: 8 });
        const x = tf.tensor2d([
          [0.5, -1.2, 0.3, 0.9],
          [-0.7, 0.4, 1.1, -0.2],
          [0.1, 0.8, -0.6, 0.5],
        ]);
        const y = tf.tensor2d([
          [1, 0],
          [0, 1],
          [1, 0],
        ]);
        // Loss in float64 on the host from the float32 logits.
        const loss = (): number => {
          const logits = tf.tidy(() => model.forward(x).arraySync() as number[][]);
          const labels = y.arraySync() as number[][];
          let total = 0;
          logits.forEach((row, b) => {
            const m = Math.max(...row);
            const lse = m + Math.log(row.reduce((s, v) => s + Math.exp(v - m), 0));
            row.forEach((v, j) => {
              total -= labels[b]![j]! * (v - lse);
            });
          });
          return total / logits.length;
        };
        const grads = tf.tidy(() => {
          const g = explicitGrads(model, x, y);
          return Object.fromEntries(Object.entries(g).map(([k, t]) => [k, Array.from(t.dataSync())]));
        });
        // float32 logits carry ~1e-7 relative noise, so the difference quotient has noise ~1e-7/eps; the central
        // difference has O(eps²) truncation error. eps = 1e-2 keeps both near 1e-5 (measured worst: ~1e-5).
        const eps = 1e-2;
        const hidden = tf.tidy(() =>
          tf.add(tf.matMul(x, model.params['dense_1/kernel']!), model.params['dense_1/bias']!).dataSync(),
        );
        const nearKink = activation === 'relu' && hidden.some((z) => Math.abs(z) < 5 * eps);
        for (const [name, v] of Object.entries(model.params)) {
          const base = v.dataSync().slice();
          for (let i = 0; i < base.length; i++) {
            const at = (delta: number) => {
              const w = base.slice();
              w[i] = w[i]! + delta;
              tf.tidy(() => v.assign(tf.tensor(w, v.shape)));
              return loss();
            };
            const fd = (at(eps) - at(-eps)) / (2 * eps);
            tf.tidy(() => v.assign(tf.tensor(base, v.shape)));
            const an = grads[name]![i]!;
            if (nearKink) continue;
            expect(Math.abs(fd - an), `${name}[${i}]: fd ${fd} vs backward ${an}`).toBeLessThan(
              5e-5 + 1e-3 * Math.abs(an),
            );
          }
        }
        expect(nearKink).toBe(false);
        tf.dispose([x, y]);
        model.dispose();
      });
    }

    it('leaks no tensors across forward/backward in tidy, with and without dropout', () => {
      for (const dropout of [0, 0.5]) {
        const model = createMlp({ seed: 1, dropout });
        expect(Object.keys(model.params)).toHaveLength(6);
        const { x, y } = batch(8, 784, 10);
        expectLeakFree(model, x, y);
      }
    });

    it('throws ModelError without a kept forward pass, or once its tensors are gone', () => {
      const model = createMlp({ seed: 1, hiddenSizes: [8], inputSize: 4, outputSize: 3 });
      const d = tf.zeros([2, 3]) as tf.Tensor2D;
      // A forward pass without keep leaves nothing for backward.
      tf.tidy(() => {
        model.forward(tf.zeros([2, 4]));
      });
      expect(() => model.backward(d)).toThrow(ModelError);
      expectRefusals(
        model,
        () => tf.zeros([2, 4]),
        d,
        () => {
          model.forward(tf.zeros([2, 4]), { keep: true });
          model.backward(d);
          expect(() => model.backward(d)).toThrow(expect.objectContaining({ code: 'NO_FORWARD_PASS' }));
        },
      );
      d.dispose();
      model.dispose();
    });
  });

  if (backend !== 'cpu') {
    // Kernels differ across backends: the same seeds give the cpu backend's weights and gradients.
    describe(`backward on ${backend} against the cpu backend`, () => {
      for (const activation of ACTIVATIONS) {
        it(`matches autograd on ${backend} and the cpu backend's result (${activation}, dropout 0.2)`, async () => {
          const model = createMlp({ activation, seed: 6, dropout: 0.2, hiddenSizes: [64, 32] });
          const run = () =>
            tf.tidy(() => {
              const { x, y } = batch(16, 784, 10, 2);
              const ours = explicitGrads(model, x, y, { training: true, seed: 5 });
              const ref = autogradGrads(model, () => crossEntropy(model.forward(x, { training: true, seed: 5 }), y));
              for (const name of Object.keys(model.params)) {
                expect(relError(ours[name]!, ref[name]!), name).toBeLessThan(1e-5);
              }
              return hostGrads(ours);
            });
          const onBackend = run();
          await tf.setBackend('cpu');
          const onCpu = run();
          await tf.setBackend(backend);
          for (const name of Object.keys(onBackend)) {
            expect(relativeL2Error(onBackend[name]!, onCpu[name]!), name).toBeLessThan(1e-5);
          }
          model.dispose();
        });
      }

      it('gives the same initial weights as on cpu for a seed', async () => {
        const onBackend = createMlp({ seed: 123 });
        await tf.setBackend('cpu');
        const onCpu = createMlp({ seed: 123 });
        await tf.setBackend(backend);
        expect(Array.from(onBackend.params['dense_2/kernel']!.dataSync())).toEqual(
          Array.from(onCpu.params['dense_2/kernel']!.dataSync()),
        );
        onBackend.dispose();
        onCpu.dispose();
      });
    });
  }
});
