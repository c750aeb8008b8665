import { describeBackends } from '@mnist-kit/test-utils/backends';
import { describe, expect, it } from 'vitest';
import { sgd } from './sgd';
import { TrainingError } from './TrainingError';
import {
  compareWithReference,
  expectSameContinuation,
  initialParams,
  type Params64,
  randomParams,
  runSteps,
  toVariables,
} from './test-utils/optimizerHarness';

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

describeBackends(['cpu', 'wasm'], () => {
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

    it('matches PyTorch with mixed parameter sizes', () => {
      const shapes = { big: [100, 50], b1: [7], small: [3, 5] };
      const opt = sgd({ learningRate: 0.1 });
      expect(
        compareWithReference(opt, pytorchSgd({ lr: 0.1 }), 3, 1, { init: randomParams(shapes), shapes }),
      ).toBeLessThan(1e-6);
      opt.dispose();
    });

    it('continues identically after getState / setState', async () => {
      const a = sgd({ learningRate: 0.05, momentum: 0.9, nesterov: true });
      const varsA = toVariables(initialParams());
      runSteps(a, varsA, 0, 2);
      const state = await a.getState();
      expect(Object.keys(state.slots)).toEqual(['momentum/w', 'momentum/b']);
      const b = sgd({ learningRate: 1 });
      b.setState(state);
      expectSameContinuation(a, b, varsA, [2, 5]);
    });

    it('rejects bad options', () => {
      expect(() => sgd({ learningRate: 0.1, nesterov: true })).toThrow(TrainingError);
      expect(() => sgd({ learningRate: 0.1, momentum: 0.9, nesterov: true, dampening: 0.1 })).toThrow(/nesterov/);
      expect(() => sgd({} as { learningRate: number })).toThrow(expect.objectContaining({ code: 'BAD_OPTION' }));
    });
  });
});
