import * as tf from '@tensorflow/tfjs-core';
import { markBuiltinOptimizer } from './internal/builtins';
import { checkNumber } from './internal/checkOption';
import { lazyScalars } from './internal/lazyScalars';
import { ParamGroups } from './internal/ParamGroups';
import { TrainingError } from './TrainingError';
import type { NamedTensors, NamedVariables, Optimizer, OptimizerState } from './types';

/** Options of {@link sgd}. */
export interface SgdOptions {
  /** Step size (required). */
  learningRate: number;
  /** Momentum factor. Defaults to `0` (plain SGD, no state). */
  momentum?: number;
  /** Nesterov momentum (needs `momentum > 0` and `dampening = 0`). Defaults to `false`. */
  nesterov?: boolean;
  /** L2 penalty added to the gradient: `g + wd·p`. Defaults to `0`. */
  weightDecay?: number;
  /** Dampening of the gradient in the momentum buffer, in `[0, 1]`. Defaults to `0`. */
  dampening?: number;
}

type SgdConfig = Required<SgdOptions>;

function resolve(options: SgdOptions): SgdConfig {
  const where = 'sgd';
  const config = {
    learningRate: checkNumber(where, 'learningRate', options?.learningRate, { min: 0 }),
    momentum: checkNumber(where, 'momentum', options.momentum ?? 0, { min: 0 }),
    nesterov: options.nesterov ?? false,
    weightDecay: checkNumber(where, 'weightDecay', options.weightDecay ?? 0, { min: 0 }),
    dampening: checkNumber(where, 'dampening', options.dampening ?? 0, { min: 0, max: 1 }),
  };
  if (typeof config.nesterov !== 'boolean') {
    throw new TrainingError('BAD_OPTION', `sgd: nesterov must be a boolean, got ${String(config.nesterov)}.`);
  }
  if (config.nesterov && (config.momentum <= 0 || config.dampening !== 0)) {
    throw new TrainingError('BAD_OPTION', 'sgd: nesterov momentum requires momentum > 0 and dampening = 0.');
  }
  return config;
}

/**
 * Stochastic gradient descent with PyTorch semantics, on tfjs-core ops:
 *
 * ```
 * g ← g + wd·p
 * buf ← g (first step)  |  momentum·buf + (1 − dampening)·g
 * d ← nesterov ? g + momentum·buf : buf          (d = g without momentum)
 * p ← p − lr·d
 * ```
 *
 * Each parameter is updated in its own shape (2–6 element-wise ops each; packing parameters into
 * one vector would not save ops here).
 */
export function sgd(options: SgdOptions): Optimizer {
  let config = resolve(options ?? ({} as SgdOptions));
  let groups = new ParamGroups('sgd', config.momentum > 0 ? ['momentum'] : [], false);
  let iterations = 0;
  let learningRate = config.learningRate;
  let baseLearningRate = config.learningRate;
  const constants = lazyScalars(() => ({
    momentum: config.momentum,
    oneMinusDampening: 1 - config.dampening,
    weightDecay: config.weightDecay,
  }));

  return markBuiltinOptimizer(
    {
      name: 'sgd',
      get learningRate() {
        return learningRate;
      },
      set learningRate(value: number) {
        learningRate = checkNumber('sgd', 'learningRate', value, { min: 0 });
      },
      get baseLearningRate() {
        return baseLearningRate;
      },
      set baseLearningRate(value: number) {
        baseLearningRate = checkNumber('sgd', 'baseLearningRate', value, { min: 0 });
      },
      get iterations() {
        return iterations;
      },
      get config() {
        return { ...config };
      },

      step(params: NamedVariables, grads: NamedTensors): void {
        groups.prepare(params);
        const c = constants.get();
        const { momentum, nesterov, weightDecay, dampening } = config;
        tf.tidy(() => {
          const lr = tf.scalar(learningRate);
          for (const group of groups.groups) {
            let g = groups.gather(group, grads, 'gradient');
            if (weightDecay > 0) g = tf.add(g, tf.mul(groups.gather(group, params, 'parameter'), c.weightDecay));
            let direction = g;
            if (momentum > 0) {
              const buf = group.slots.get('momentum')!;
              const scaled = dampening > 0 ? tf.mul(g, c.oneMinusDampening) : g;
              const next = iterations === 0 ? g : tf.add(tf.mul(buf, c.momentum), scaled);
              buf.assign(next);
              direction = nesterov ? tf.add(g, tf.mul(next, c.momentum)) : next;
            }
            groups.apply(group, params, tf.mul(direction, lr));
          }
        });
        iterations++;
      },

      async getState(): Promise<OptimizerState> {
        return { name: 'sgd', step: iterations, learningRate, config: { ...config }, slots: await groups.read() };
      },

      setState(state: OptimizerState): void {
        if (state?.name !== 'sgd') {
          throw new TrainingError('BAD_STATE', `sgd: cannot load the state of a '${state?.name}' optimizer.`);
        }
        const next = resolve(state.config as unknown as SgdOptions);
        const step = checkNumber('sgd', 'state.step', state.step, { min: 0, integer: true });
        const lr = checkNumber('sgd', 'state.learningRate', state.learningRate, { min: 0 });
        const nextGroups = new ParamGroups('sgd', next.momentum > 0 ? ['momentum'] : [], false);
        nextGroups.write(state.slots);
        groups.dispose();
        groups = nextGroups;
        constants.dispose();
        config = next;
        iterations = step;
        baseLearningRate = config.learningRate;
        learningRate = lr;
      },

      dispose(): void {
        groups.dispose();
        constants.dispose();
        iterations = 0;
      },
    },
    'sgd',
  );
}
