import * as tf from '@tensorflow/tfjs-core';
import { checkBoolean, type NumberRule, resolveNumbers } from './internal/checkOption';
import { createOptimizer } from './internal/createOptimizer';
import { lazyScalars } from './internal/lazyScalars';
import { TrainingError } from './TrainingError';
import type { Optimizer } from './types';

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

const NUMBERS = {
  learningRate: { min: 0 },
  momentum: { default: 0, min: 0 },
  weightDecay: { default: 0, min: 0 },
  dampening: { default: 0, min: 0, max: 1 },
} as const satisfies Record<string, NumberRule>;

function resolve(options: SgdOptions): SgdConfig {
  const config = {
    ...resolveNumbers('sgd', options, NUMBERS),
    nesterov: checkBoolean('sgd', 'nesterov', options.nesterov ?? false),
  };
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
  let current: SgdConfig | undefined;
  const constants = lazyScalars(() => ({
    momentum: current!.momentum,
    oneMinusDampening: 1 - current!.dampening,
    weightDecay: current!.weightDecay,
  }));
  return createOptimizer<SgdConfig>(
    {
      name: 'sgd',
      resolve: (config) => resolve((config ?? {}) as SgdOptions),
      slots: (config) => (config.momentum > 0 ? ['momentum'] : []),
      pack: () => false,
      update(groups, params, grads, { config, iterations, learningRate }) {
        current = config;
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
      },
      reset: () => constants.dispose(),
    },
    options,
  );
}
