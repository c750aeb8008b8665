import { describe, expect, it } from 'vitest';
import { parseRunConfig, type RunConfig } from './runConfig.js';
import { runConfigFromFlags, type TrainFlags } from './trainFlags.js';

const COMMON = {
  dataset: 'fashion-mnist',
  dropout: 0,
  optimizer: 'adam',
  lr: 0.001,
  momentum: 0.9,
  weightDecay: 0,
  schedule: 'constant',
  labelSmoothing: 0,
  batchSize: 64,
  epochs: 10,
  seed: 0,
  validationSplit: 0,
  normalize: 'unit',
  gradients: 'explicit',
  flip: false,
  shift: 0,
  inputDropout: 0,
  backend: 'auto',
  stepEngine: 'auto',
} as const;
const CNN = { filters: [8, 16], kernelSize: [5], dense: [128], padding: 'valid', poolSize: 2, convDropout: 0 };

const problems = (run: unknown) => {
  try {
    parseRunConfig(run, 'c.json');
  } catch (error) {
    return (error as Error).message;
  }
  return undefined;
};

describe('run settings of a checkpoint', () => {
  it('settings written before --model existed are an MLP run', () => {
    const run = parseRunConfig({ ...COMMON, hidden: [128, 128], activation: 'relu' }, 'c.json');
    expect(run.model).toBe('mlp');
    expect(run.hidden).toEqual([128, 128]);
  });

  it('a CNN run needs its settings and none of the MLP ones', () => {
    const run = parseRunConfig({ ...COMMON, model: 'cnn', ...CNN }, 'c.json');
    expect(run).toMatchObject({ model: 'cnn', filters: [8, 16], dense: [128] });
    expect(problems({ ...COMMON, model: 'cnn', ...CNN, filters: undefined, hidden: [64] })).toMatch(
      /bad run settings: filters is missing \(a cnn run\); hidden is a mlp setting, but this is a cnn run/,
    );
    expect(problems({ ...COMMON, hidden: [64], activation: 'relu', poolSize: 2 })).toMatch(
      /poolSize is a cnn setting, but this is a mlp run/,
    );
    expect(problems({ ...COMMON, model: 'cnn', ...CNN, kernelSize: [5, 3, 3] })).toMatch(
      /kernelSize has 3 sizes for 2 conv blocks/,
    );
    expect(problems({ ...COMMON, model: 'rnn', hidden: [64], activation: 'relu' })).toMatch(
      /model must be one of mlp, cnn/,
    );
    expect(problems({ ...COMMON, model: 'cnn', ...CNN, padding: 'full' })).toMatch(
      /padding must be one of valid, same/,
    );
    // A CNN with no dense layer, an MLP with no hidden layer: empty lists are settings too.
    expect(problems({ ...COMMON, model: 'cnn', ...CNN, dense: [] })).toBeUndefined();
    expect(problems({ ...COMMON, hidden: [], activation: 'relu' })).toBeUndefined();
  });
});

describe('runConfigFromFlags', () => {
  const flags = { ...COMMON, hidden: [128, 128], activation: 'relu', json: true } as unknown as TrainFlags;

  it('records the chosen model and its settings only (the CNN defaults filled in)', () => {
    expect(runConfigFromFlags(flags)).toEqual({ ...COMMON, model: 'mlp', hidden: [128, 128], activation: 'relu' });
    const cnn: RunConfig = runConfigFromFlags({ ...flags, model: 'cnn', filters: [4, 8] });
    expect(cnn).toEqual({ ...COMMON, model: 'cnn', ...CNN, filters: [4, 8] });
    expect(parseRunConfig(cnn, 'c.json')).toEqual(cnn);
  });
});
