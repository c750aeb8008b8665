import * as tf from '@tensorflow/tfjs-core';
import { adamStepScalars } from './internal/adamScalars';
import { checkBoolean, type NumberRule, resolveNumbers } from './internal/checkOption';
import { createOptimizer } from './internal/createOptimizer';
import type { AdamKernelAttrs } from './internal/kernels/kernelNames';
import { ensureFusedKernels } from './internal/kernels/registerFusedKernels';
import { fusedAdam } from './internal/kernels/runFusedKernels';
import { lazyScalars } from './internal/lazyScalars';
import type { Optimizer } from './types';

/** Options of {@link adam}. */
export interface AdamOptions {
  /** Step size. Defaults to `1e-3`. */
  learningRate?: number;
  /** Decay rate of the first-moment (mean) estimate, in `[0, 1)`. Defaults to `0.9`. */
  beta1?: number;
  /** Decay rate of the second-moment (uncentred variance) estimate, in `[0, 1)`. Defaults to `0.999`. */
  beta2?: number;
  /** Added to `sqrt(v̂)` in the denominator (PyTorch placement). Defaults to `1e-8`. */
  epsilon?: number;
  /**
   * Weight decay coefficient. Without `decoupled` it is an L2 penalty added to the gradient
   * (`g + wd·p`, PyTorch `Adam`); with `decoupled` the weights shrink directly (`p ← p·(1 − lr·wd)`,
   * PyTorch `AdamW`). Defaults to `0`.
   */
  weightDecay?: number;
  /** Use decoupled weight decay (AdamW). Defaults to `false`. */
  decoupled?: boolean;
}

/** The resolved hyper-parameters of an {@link adam} optimizer. */
type AdamConfig = Required<AdamOptions>;

const NUMBERS = {
  learningRate: { default: 1e-3, min: 0 },
  beta1: { default: 0.9, min: 0, max: 1, maxExclusive: true },
  beta2: { default: 0.999, min: 0, max: 1, maxExclusive: true },
  epsilon: { default: 1e-8, min: 0 },
  weightDecay: { default: 0, min: 0 },
} as const satisfies Record<string, NumberRule>;

function resolve(options: AdamOptions): AdamConfig {
  return {
    ...resolveNumbers('adam', options, NUMBERS),
    decoupled: checkBoolean('adam', 'decoupled', options.decoupled ?? false),
  };
}

/**
 * Adam / AdamW with PyTorch semantics, on tfjs-core ops. At step `t` (from 1), with `g` the
 * gradient (plus `wd·p` for L2 weight decay):
 *
 * ```
 * m ← β1·m + (1 − β1)·g        v ← β2·v + (1 − β2)·g²
 * p ← p − lr/(1 − β1ᵗ) · m / (sqrt(v)/sqrt(1 − β2ᵗ) + ε)      (AdamW: p·(1 − lr·wd) first)
 * ```
 *
 * Implementation: the moments are kept as `M = m/(1 − β1)` and `V = v/(1 − β2)`, so they update
 * with two and three element-wise ops (`M ← β1·M + g`, `V ← β2·V + g²`), and the bias
 * corrections, the `(1 − β)` factors and `lr` fold into two scalars computed in JS:
 * `p ← p − K · M / (sqrt(V) + ε')`. That is ten element-wise ops per parameter group; small
 * parameters are concatenated into flat groups. `getState` reports `m/<param>` and `v/<param>`
 * in this internal form (`M`, `V`), so a restored state continues bit-for-bit.
 */
export function adam(options: AdamOptions = {}): Optimizer {
  // Constant scalars, created on first use and kept outside every tidy.
  let current: AdamConfig | undefined;
  const constants = lazyScalars(() => ({
    beta1: current!.beta1,
    beta2: current!.beta2,
    weightDecay: current!.weightDecay,
  }));
  return createOptimizer<AdamConfig>(
    {
      name: 'adam',
      resolve: (config) => resolve((config ?? {}) as AdamOptions),
      slots: () => ['m', 'v'],
      // On cpu/wasm/webgl/webgpu one fused kernel updates a parameter, so parameters are not packed into groups.
      pack: () => !ensureFusedKernels(),
      update(groups, params, grads, { config, iterations, learningRate }) {
        current = config;
        const scalars = adamStepScalars(config, iterations + 1, learningRate);
        if (ensureFusedKernels() && groups.groups.every((group) => group.names.length === 1)) {
          const attrs: AdamKernelAttrs = scalars;
          tf.tidy(() => {
            for (const group of groups.groups) {
              const param = params[group.names[0]!]!;
              const grad = groups.gather(group, grads, 'gradient');
              const m = group.slots.get('m')!;
              const v = group.slots.get('v')!;
              const [pNext, mNext, vNext] = fusedAdam(param, grad, m, v, attrs);
              m.assign(mNext!);
              v.assign(vNext!);
              param.assign(pNext!);
            }
          });
          return;
        }
        const c = constants.get();
        tf.tidy(() => {
          const kScalar = tf.scalar(scalars.k);
          const epsScalar = tf.scalar(scalars.eps);
          const decay = scalars.decay !== 1 ? tf.scalar(scalars.decay) : undefined;
          for (const group of groups.groups) {
            let g = groups.gather(group, grads, 'gradient');
            if (scalars.l2 > 0) g = tf.add(g, tf.mul(groups.gather(group, params, 'parameter'), c.weightDecay));
            const m = group.slots.get('m')!;
            const v = group.slots.get('v')!;
            const mNext = tf.add(tf.mul(m, c.beta1), g);
            const vNext = tf.add(tf.mul(v, c.beta2), tf.square(g));
            m.assign(mNext);
            v.assign(vNext);
            groups.apply(group, params, tf.mul(tf.div(mNext, tf.add(tf.sqrt(vNext), epsScalar)), kScalar), decay);
          }
        });
      },
      reset: () => constants.dispose(),
    },
    options,
  );
}
