import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { sgd } from './sgd';
import { TrainingError } from './TrainingError';
import {
  compareWithReference,
  gradientAt,
  initialParams,
  type Params64,
  read,
  toTensors,
  toVariables,
} from './test-utils/optimizerHarness';
import { useCpuBackend } from './test-utils/setupBackend';

beforeAll(useCpuBackend);

interface Ref {
  lr: number;
  momentum?: number;
  nesterov?: boolean;
  wd?: number;
  dampening?: number;
}

/** torch.optim.SGD, float64. */
function pytorchSgd({ lr, momentum = 0, nesterov = false, wd = 0, dampening = 0 }: Ref) {
  const buf: Params64 = {};
  return (p: Params64, g: Params64, t: number) => {
    for (const name of Object.keys(p)) {
      p[name] = p[name]!.map((param, i) => {
        let d = g[name]![i]! + wd * param;
        if (momentum !== 0) {
          buf[name] ??= p[name]!.map(() => 0);
          const b = t === 1 ? d : momentum * buf[name]![i]! + (1 - dampening) * d;
          buf[name]![i] = b;
          d = nesterov ? d + momentum * b : b;
        }
        return param - lr * d;
      });
    }
  };
}

describe('sgd', () => {
  const cases: Ref[] = [
    { lr: 0.1 },
    { lr: 0.05, momentum: 0.9 },
    { lr: 0.05, momentum: 0.9, nesterov: true },
    { lr: 0.05, momentum: 0.8, dampening: 0.3, wd: 0.01 },
    { lr: 0.05, momentum: 0.9, nesterov: true, wd: 0.1 },
  ];
  for (const c of cases) {
    it(`matches PyTorch for ${JSON.stringify(c)}`, () => {
      const opt = sgd({
        learningRate: c.lr,
        momentum: c.momentum,
        nesterov: c.nesterov,
        weightDecay: c.wd,
        dampening: c.dampening,
      });
      expect(compareWithReference(opt, pytorchSgd(c), 7)).toBeLessThan(1e-6);
      opt.dispose();
    });
  }

  it('continues identically after getState / setState', async () => {
    const a = sgd({ learningRate: 0.05, momentum: 0.9, nesterov: true });
    const varsA = toVariables(initialParams());
    const run = (opt: typeof a, vars: ReturnType<typeof toVariables>, from: number, to: number) => {
      for (let t = from; t < to; t++) {
        const grads = toTensors(gradientAt(read(vars), t));
        opt.step(vars, grads);
        tf.dispose(Object.values(grads));
      }
    };
    run(a, varsA, 0, 2);
    const state = await a.getState();
    expect(Object.keys(state.slots)).toEqual(['momentum/w', 'momentum/b']);
    const b = sgd({ learningRate: 1 });
    b.setState(state);
    const varsB = toVariables(read(varsA));
    run(a, varsA, 2, 5);
    run(b, varsB, 2, 5);
    expect(read(varsB)).toEqual(read(varsA));
    tf.dispose([...Object.values(varsA), ...Object.values(varsB)]);
    a.dispose();
    b.dispose();
  });

  it('rejects bad options', () => {
    expect(() => sgd({ learningRate: 0.1, nesterov: true })).toThrow(TrainingError);
    expect(() => sgd({ learningRate: 0.1, momentum: 0.9, nesterov: true, dampening: 0.1 })).toThrow(/nesterov/);
    expect(() => sgd({} as { learningRate: number })).toThrow(expect.objectContaining({ code: 'BAD_OPTION' }));
  });
});
