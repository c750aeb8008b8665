import * as tf from '@tensorflow/tfjs-core';
import { adamStepScalars } from './internal/adamScalars';
import { markBuiltinOptimizer } from './internal/builtins';
import { checkNumber } from './internal/checkOption';
import type { AdamKernelAttrs } from './internal/kernels/kernelNames';
import { ensureFusedKernels } from './internal/kernels/registerFusedKernels';
import { fusedAdam } from './internal/kernels/runFusedKernels';
import { lazyScalars } from './internal/lazyScalars';
import { ParamGroups } from './internal/ParamGroups';
import { TrainingError } from './TrainingError';
import type { NamedTensors, NamedVariables, Optimizer, OptimizerState } from './types';

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

function resolve(options: AdamOptions): AdamConfig {
  const where = 'adam';
  const config = {
    learningRate: checkNumber(where, 'learningRate', options.learningRate ?? 1e-3, { min: 0 }),
    beta1: checkNumber(where, 'beta1', options.beta1 ?? 0.9, { min: 0, max: 1, maxExclusive: true }),
    beta2: checkNumber(where, 'beta2', options.beta2 ?? 0.999, { min: 0, max: 1, maxExclusive: true }),
    epsilon: checkNumber(where, 'epsilon', options.epsilon ?? 1e-8, { min: 0 }),
    weightDecay: checkNumber(where, 'weightDecay', options.weightDecay ?? 0, { min: 0 }),
    decoupled: options.decoupled ?? false,
  };
  if (typeof config.decoupled !== 'boolean') {
    throw new TrainingError('BAD_OPTION', `adam: decoupled must be a boolean, got ${String(config.decoupled)}.`);
  }
  return config;
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
  let config = resolve(options);
  // On cpu/wasm/webgl/webgpu one fused kernel updates a parameter, so parameters are not packed into groups.
  let groupsStore: ParamGroups | undefined;
  const groupsFor = () => {
    groupsStore ??= new ParamGroups('adam', ['m', 'v'], !ensureFusedKernels());
    return groupsStore;
  };
  let iterations = 0;
  let learningRate = config.learningRate;
  let baseLearningRate = config.learningRate;
  // Constant scalars, created on first use and kept outside every tidy.
  const constants = lazyScalars(() => ({
    beta1: config.beta1,
    beta2: config.beta2,
    weightDecay: config.weightDecay,
  }));

  return markBuiltinOptimizer(
    {
      name: 'adam',
      get learningRate() {
        return learningRate;
      },
      set learningRate(value: number) {
        learningRate = checkNumber('adam', 'learningRate', value, { min: 0 });
      },
      get baseLearningRate() {
        return baseLearningRate;
      },
      set baseLearningRate(value: number) {
        baseLearningRate = checkNumber('adam', 'baseLearningRate', value, { min: 0 });
      },
      get iterations() {
        return iterations;
      },
      get config() {
        return { ...config };
      },

      step(params: NamedVariables, grads: NamedTensors): void {
        const groups = groupsFor();
        groups.prepare(params);
        const c = constants.get();
        const t = iterations + 1;
        const scalars = adamStepScalars(config, t, learningRate);
        if (ensureFusedKernels() && groups.groups.every((group) => group.names.length === 1)) {
          const attrs: AdamKernelAttrs = scalars;
          tf.tidy(() => {
            for (const group of groups.groups) {
              const name = group.names[0]!;
              const param = params[name]!;
              const grad = groups.gather(group, grads, 'gradient');
              const m = group.slots.get('m')!;
              const v = group.slots.get('v')!;
              const [pNext, mNext, vNext] = fusedAdam(param, grad, m, v, attrs);
              m.assign(mNext!);
              v.assign(vNext!);
              param.assign(pNext!);
            }
          });
          iterations = t;
          return;
        }
        tf.tidy(() => {
          const { weightDecay, decoupled } = config;
          const kScalar = tf.scalar(scalars.k);
          const epsScalar = tf.scalar(scalars.eps);
          const decay = scalars.decay !== 1 ? tf.scalar(scalars.decay) : undefined;
          for (const group of groups.groups) {
            let g = groups.gather(group, grads, 'gradient');
            if (weightDecay > 0 && !decoupled)
              g = tf.add(g, tf.mul(groups.gather(group, params, 'parameter'), c.weightDecay));
            const m = group.slots.get('m')!;
            const v = group.slots.get('v')!;
            const mNext = tf.add(tf.mul(m, c.beta1), g);
            const vNext = tf.add(tf.mul(v, c.beta2), tf.square(g));
            m.assign(mNext);
            v.assign(vNext);
            groups.apply(group, params, tf.mul(tf.div(mNext, tf.add(tf.sqrt(vNext), epsScalar)), kScalar), decay);
          }
        });
        iterations = t;
      },

      async getState(): Promise<OptimizerState> {
        return { name: 'adam', step: iterations, learningRate, config: { ...config }, slots: await groupsFor().read() };
      },

      setState(state: OptimizerState): void {
        if (state?.name !== 'adam') {
          throw new TrainingError('BAD_STATE', `adam: cannot load the state of a '${state?.name}' optimizer.`);
        }
        const next = resolve(state.config as AdamOptions);
        const step = checkNumber('adam', 'state.step', state.step, { min: 0, integer: true });
        const lr = checkNumber('adam', 'state.learningRate', state.learningRate, { min: 0 });
        groupsFor().write(state.slots);
        constants.dispose();
        config = next;
        iterations = step;
        baseLearningRate = config.learningRate;
        learningRate = lr;
      },

      dispose(): void {
        groupsStore?.dispose();
        groupsStore = undefined;
        constants.dispose();
        iterations = 0;
      },
    },
    'adam',
  );
}
