import { describeBackends } from '@mnist-kit/test-utils/backends';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { adam } from './adam';
import { TrainingError } from './TrainingError';
import {
  compareWithReference,
  expectSameContinuation,
  gradientAt,
  initialParams,
  type Params64,
  randomParams,
  runSteps,
  toTensors,
  toVariables,
} from './test-utils/optimizerHarness';

interface Ref {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  wd: number;
  decoupled: boolean;
}

/** torch.optim.Adam / AdamW, float64, one parameter element at a time. */
function pytorchAdam({ lr, beta1, beta2, eps, wd, decoupled }: Ref) {
  const m: Params64 = {};
  const v: Params64 = {};
  return (p: Params64, g: Params64, t: number) => {
    for (const name of Object.keys(p)) {
      m[name] ??= p[name]!.map(() => 0);
      v[name] ??= p[name]!.map(() => 0);
      p[name] = p[name]!.map((param, i) => {
        let grad = g[name]![i]!;
        let value = param;
        if (decoupled) value *= 1 - lr * wd;
        else grad += wd * param;
        const mi = beta1 * m[name]![i]! + (1 - beta1) * grad;
        const vi = beta2 * v[name]![i]! + (1 - beta2) * grad * grad;
        m[name]![i] = mi;
        v[name]![i] = vi;
        const bc1 = 1 - beta1 ** t;
        const bc2 = 1 - beta2 ** t;
        const denom = Math.sqrt(vi) / Math.sqrt(bc2) + eps;
        return value - (lr / bc1) * (mi / denom);
      });
    }
  };
}

const base: Ref = { lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, wd: 0, decoupled: false };

describeBackends(['cpu', 'wasm'], () => {
  describe('adam', () => {
    it('matches the PyTorch update over several steps', () => {
      const opt = adam({ learningRate: 0.01 });
      expect(compareWithReference(opt, pytorchAdam(base), 8)).toBeLessThan(1e-6);
      expect(opt.iterations).toBe(8);
      opt.dispose();
    });

    // wasm `split` copies its whole input per piece, so adam packs parameters differently there.
    it.each([
      // 40 000 elements: above the packing threshold on every backend; the others share one group.
      ['40 000 elements and three small ones, L2 decay', { big: [200, 200], b1: [7], small: [3, 5], b2: [2] }, 0.05],
      ['5 000 elements and two small ones', { big: [100, 50], b1: [7], small: [3, 5] }, 0],
    ])(
      'matches PyTorch when large parameters are updated alone and small ones packed together (%s)',
      (_label, shapes, wd) => {
        const opt = adam({ learningRate: 0.01, weightDecay: wd });
        const init = randomParams(shapes);
        expect(compareWithReference(opt, pytorchAdam({ ...base, wd }), 5, 1, { init, shapes })).toBeLessThan(1e-6);
        opt.dispose();
      },
    );

    it('reports mixed-group state per parameter, in parameter order, and restores it exactly', async () => {
      const shapes = { big: [200, 200], b1: [7], small: [3, 5] };
      const a = adam({ learningRate: 0.01 });
      const varsA = toVariables(randomParams(shapes), shapes);
      runSteps(a, varsA, 0, 2, shapes);
      const state = await a.getState();
      expect(Object.keys(state.slots)).toEqual(['m/big', 'm/b1', 'm/small', 'v/big', 'v/b1', 'v/small']);
      expect(state.slots['v/small']).toHaveLength(15);
      const b = adam();
      b.setState(state);
      expect(Object.keys((await b.getState()).slots)).toEqual(Object.keys(state.slots));
      expectSameContinuation(a, b, varsA, [2, 4], shapes);
    });

    it('places epsilon like PyTorch (added to sqrt(v)/sqrt(bc2))', () => {
      const ref = { ...base, eps: 1e-3, beta1: 0.8, beta2: 0.95 };
      const opt = adam({ learningRate: 0.01, epsilon: 1e-3, beta1: 0.8, beta2: 0.95 });
      // Tiny gradients: epsilon dominates the denominator, so its placement matters.
      expect(compareWithReference(opt, pytorchAdam(ref), 6, 1e-3)).toBeLessThan(1e-6);
      opt.dispose();
    });

    it('adds L2 weight decay to the gradient when not decoupled', () => {
      const opt = adam({ learningRate: 0.01, weightDecay: 0.1 });
      expect(compareWithReference(opt, pytorchAdam({ ...base, wd: 0.1 }), 6)).toBeLessThan(1e-6);
      opt.dispose();
    });

    it('shrinks weights directly when decoupled (AdamW)', () => {
      const opt = adam({ learningRate: 0.01, weightDecay: 0.5, decoupled: true });
      expect(compareWithReference(opt, pytorchAdam({ ...base, wd: 0.5, decoupled: true }), 6)).toBeLessThan(1e-6);
      opt.dispose();
    });

    it('continues identically after getState / setState into a fresh optimizer', async () => {
      const a = adam({ learningRate: 0.02, weightDecay: 0.01, decoupled: true });
      const varsA = toVariables(initialParams());
      runSteps(a, varsA, 0, 3);
      a.learningRate = 0.015;
      const state = await a.getState();
      expect(state).toMatchObject({ name: 'adam', step: 3, learningRate: 0.015 });
      expect(Object.keys(state.slots)).toEqual(['m/w', 'm/b', 'v/w', 'v/b']);
      expect(JSON.parse(JSON.stringify(state.config))).toEqual(state.config);

      const b = adam(); // different hyper-parameters: setState restores them
      b.setState(state);
      expect(b.config).toEqual(a.config);
      expect(b.learningRate).toBe(0.015);
      expect(b.baseLearningRate).toBe(0.02);
      expectSameContinuation(a, b, varsA, [3, 6]);
    });

    it('keeps the tensor count constant across steps and frees everything on dispose', () => {
      const before = tf.memory().numTensors;
      const opt = adam({ weightDecay: 0.1 });
      const vars = toVariables(initialParams());
      const grads = toTensors(gradientAt(initialParams(), 1));
      opt.step(vars, grads);
      const afterFirst = tf.memory().numTensors;
      for (let i = 0; i < 5; i++) opt.step(vars, grads);
      expect(tf.memory().numTensors).toBe(afterFirst);
      opt.dispose();
      tf.dispose([...Object.values(vars), ...Object.values(grads)]);
      expect(tf.memory().numTensors).toBe(before);
    });

    it('rejects bad options, gradients and states', async () => {
      expect(() => adam({ beta1: 1 })).toThrow(TrainingError);
      expect(() => adam({ learningRate: -1 })).toThrow(/learningRate/);
      const opt = adam();
      const vars = toVariables(initialParams());
      const grads = toTensors(gradientAt(initialParams(), 1));
      expect(() => opt.step(vars, { w: grads.w! })).toThrow(expect.objectContaining({ code: 'BAD_GRADIENTS' }));
      opt.step(vars, grads);
      const other = { w: vars.w! };
      expect(() => opt.step(other, { w: grads.w! })).toThrow(expect.objectContaining({ code: 'BAD_STATE' }));
      const state = await opt.getState();
      expect(() => opt.setState({ ...state, name: 'sgd' })).toThrow(expect.objectContaining({ code: 'BAD_STATE' }));
      expect(() => opt.setState({ ...state, slots: { 'm/w': new Float32Array(6) } })).toThrow(
        expect.objectContaining({ code: 'BAD_STATE' }),
      );
      opt.dispose();
      tf.dispose([...Object.values(vars), ...Object.values(grads)]);
    });
  });
});
