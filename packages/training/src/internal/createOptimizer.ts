import { TrainingError } from '../TrainingError';
import type { NamedTensors, NamedVariables, Optimizer, OptimizerConfig, OptimizerState } from '../types';
import { markBuiltinOptimizer } from './builtins';
import { checkNumber } from './checkOption';
import { ParamGroups } from './ParamGroups';

/** What one optimizer adds to the shell: its hyper-parameters, its slots and its update. */
export interface OptimizerSpec<C extends OptimizerConfig & { learningRate: number }> {
  name: 'adam' | 'sgd';
  /** Validates and completes a config (the factory's options, or a state's `config`). */
  resolve(config: unknown): C;
  /** The slot variables the config needs (e.g. `['m', 'v']`). */
  slots(config: C): readonly string[];
  /** Whether small parameters are packed into flat groups (asked when the slots are laid out). */
  pack(): boolean;
  /** One update of every parameter, in the groups' layout. */
  update(groups: ParamGroups, params: NamedVariables, grads: NamedTensors, step: UpdateContext<C>): void;
  /** Frees cached constants (after a new config is loaded, and on dispose). */
  reset(): void;
}

/** What an update knows of the optimizer. */
export interface UpdateContext<C> {
  config: C;
  /** Steps taken before this one. */
  iterations: number;
  learningRate: number;
}

/**
 * The shell every built-in optimizer shares: the learning-rate accessors, `iterations`, `config`,
 * `getState`/`setState` (validated before anything changes) and `dispose`, around one `spec`.
 */
export function createOptimizer<C extends OptimizerConfig & { learningRate: number }>(
  spec: OptimizerSpec<C>,
  options: unknown,
): Optimizer {
  const { name } = spec;
  let config = spec.resolve(options);
  let groups: ParamGroups | undefined;
  const groupsFor = () => {
    groups ??= new ParamGroups(name, spec.slots(config), spec.pack());
    return groups;
  };
  let iterations = 0;
  let learningRate = config.learningRate;
  let baseLearningRate = config.learningRate;

  return markBuiltinOptimizer(
    {
      name,
      get learningRate() {
        return learningRate;
      },
      set learningRate(value: number) {
        learningRate = checkNumber(name, 'learningRate', value, { min: 0 });
      },
      get baseLearningRate() {
        return baseLearningRate;
      },
      set baseLearningRate(value: number) {
        baseLearningRate = checkNumber(name, 'baseLearningRate', value, { min: 0 });
      },
      get iterations() {
        return iterations;
      },
      get config() {
        return { ...config };
      },

      step(params: NamedVariables, grads: NamedTensors): void {
        const g = groupsFor();
        g.prepare(params);
        spec.update(g, params, grads, { config, iterations, learningRate });
        iterations++;
      },

      async getState(): Promise<OptimizerState> {
        return { name, step: iterations, learningRate, config: { ...config }, slots: await groupsFor().read() };
      },

      setState(state: OptimizerState): void {
        if (state?.name !== name) {
          throw new TrainingError('BAD_STATE', `${name}: cannot load the state of a '${state?.name}' optimizer.`);
        }
        const next = spec.resolve(state.config);
        const step = checkNumber(name, 'state.step', state.step, { min: 0, integer: true });
        const lr = checkNumber(name, 'state.learningRate', state.learningRate, { min: 0 });
        const nextGroups = new ParamGroups(name, spec.slots(next), spec.pack());
        nextGroups.write(state.slots);
        groups?.dispose();
        groups = nextGroups;
        spec.reset();
        config = next;
        iterations = step;
        baseLearningRate = config.learningRate;
        learningRate = lr;
      },

      dispose(): void {
        groups?.dispose();
        groups = undefined;
        spec.reset();
        iterations = 0;
      },
    },
    name,
  );
}
