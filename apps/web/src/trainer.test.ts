import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { syntheticSplit } from '../test/fixtureData';
import { describeStepEngine, epochSplit, prepareSplits, type StepEvent, Trainer, type TrainerState } from './trainer';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('prepareSplits', () => {
  it('takes the first `limit` rows and holds out 10 % for validation', () => {
    const { train, validation } = prepareSplits(syntheticSplit(1000), { limit: 500 });
    expect(train.count).toBe(450);
    expect(validation?.count).toBe(50);
  });
  it('caps the hold-out and skips it for tiny splits', () => {
    expect(prepareSplits(syntheticSplit(1000), { maxValidation: 30 }).validation?.count).toBe(30);
    expect(prepareSplits(syntheticSplit(4)).validation).toBeUndefined();
  });
});

describe('epochSplit', () => {
  it('holds every row once, reshuffled every epoch, the same for the same seed', () => {
    const split = syntheticSplit(100);
    const labelsOf = (epoch: number, seed = 3) => Array.from(epochSplit(split, { batchSize: 32, seed, epoch }).labels);
    const rowsOf = (s: ReturnType<typeof epochSplit>) =>
      Array.from({ length: s.count }, (_, i) => s.images.subarray(i * 784, (i + 1) * 784).join(','));
    const epoch0 = epochSplit(split, { batchSize: 32, seed: 3, epoch: 0 });
    expect(epoch0.count).toBe(100);
    expect(rowsOf(epoch0).sort()).toEqual(rowsOf(split).sort());
    expect(labelsOf(0)).toEqual(labelsOf(0));
    expect(labelsOf(1)).not.toEqual(labelsOf(0));
    expect(labelsOf(0, 4)).not.toEqual(labelsOf(0));
  });
  it('resumes with the batches the full epoch would have had after the ones already trained', () => {
    const split = syntheticSplit(100);
    const full = epochSplit(split, { batchSize: 32, seed: 3, epoch: 1 });
    const rest = epochSplit(split, { batchSize: 32, seed: 3, epoch: 1, fromStep: 2 });
    expect(rest.count).toBe(36);
    expect(Array.from(rest.labels)).toEqual(Array.from(full.labels.subarray(64)));
    expect(Array.from(rest.images)).toEqual(Array.from(full.images.subarray(64 * 784)));
    expect(epochSplit(split, { batchSize: 32, seed: 3, epoch: 1, fromStep: 4 }).count).toBe(0);
  });
});

describe('describeStepEngine', () => {
  it('names the engine, its threads and the backend', () => {
    expect(describeStepEngine({ name: 'simd', backend: 'wasm', threads: 2, isa: 'relaxed-simd' })).toBe(
      'SIMD engine (relaxed-simd), 2 threads on wasm',
    );
    expect(describeStepEngine({ name: 'simd', backend: 'cpu', threads: 1, isa: 'simd' })).toBe(
      'SIMD engine (simd), 1 thread on cpu',
    );
    expect(describeStepEngine({ name: 'tfjs', backend: 'webgl', threads: 1, reason: 'not on webgl' })).toBe(
      'tfjs ops on webgl',
    );
  });
});

describe('Trainer', () => {
  const data = () => prepareSplits(syntheticSplit(600, 5));
  const config = { hidden: [32], epochs: 3, batchSize: 32, learningRate: 0.01, logEvery: 2 };

  it('trains to well above chance and reports steps, epochs and states', async () => {
    const steps: StepEvent[] = [];
    const states: TrainerState[] = [];
    const epochs: number[] = [];
    const engines: string[] = [];
    const trainer = new Trainer({
      onStep: (e) => steps.push(e),
      onEpoch: (log) => epochs.push(log.epoch),
      onState: (s) => states.push(s),
      onStepEngine: (info) => engines.push(info.name),
      yieldEveryMs: 0,
    });
    const history = await trainer.start(config, data());
    expect(history.stopped).toBe('completed');
    // The steps run on mnist-kit's SIMD engine (a Split on the cpu backend), reported once.
    expect(history.stepEngine).toMatchObject({ name: 'simd', backend: 'cpu' });
    expect(trainer.stepEngine).toEqual(history.stepEngine);
    expect(engines).toEqual(['simd']);
    expect(history.epochs).toHaveLength(3);
    expect(history.epochs[2]!.valAccuracy).toBeGreaterThan(0.6);
    expect(states).toEqual(['training', 'done']);
    expect(epochs).toEqual([0, 1, 2]);
    expect(steps).toHaveLength(3 * 17);
    expect(steps.at(-1)).toMatchObject({ globalStep: 51, epoch: 2, stepInEpoch: 17, stepsPerEpoch: 17, epochs: 3 });
    expect(steps.filter((s) => s.loss !== undefined).length).toBeGreaterThan(20);
    expect(trainer.model?.isDisposed).toBe(false);
    trainer.dispose();
  });

  it("sizes the model from the data's class names and records them with its preprocessing", async () => {
    const trainer = new Trainer({ yieldEveryMs: 0 });
    const names = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'extra'];
    await trainer.start({ ...config, epochs: 1, classNames: names, preprocessing: 'resize' }, data());
    expect(trainer.model?.config).toMatchObject({ outputSize: 11, classNames: names, preprocessing: 'resize' });
    await trainer.start({ ...config, epochs: 1 }, data());
    expect(trainer.model?.config).toMatchObject({ outputSize: 10, classNames: null, preprocessing: 'digit' });
    trainer.dispose();
  });

  it('stops after the current step, keeps the model, and resumes where it stopped', async () => {
    const steps: StepEvent[] = [];
    let trainer: Trainer;
    trainer = new Trainer({
      onStep: (e) => {
        steps.push(e);
        if (e.globalStep === 20) trainer.stop();
      },
      yieldEveryMs: 0,
    });
    const stopped = await trainer.start(config, data());
    expect(stopped.stopped).toBe('aborted');
    expect(stopped.stoppedAt).toEqual({ epoch: 1, step: 3 });
    expect(trainer.state).toBe('stopped');
    expect(trainer.canResume).toBe(true);
    const model = trainer.model!;
    expect(model.isDisposed).toBe(false);
    const tensors = tf.memory().numTensors;

    const done = await trainer.resume();
    expect(done.stopped).toBe('completed');
    expect(trainer.model).toBe(model);
    expect(steps).toHaveLength(3 * 17);
    expect(steps[20]).toMatchObject({ globalStep: 21, epoch: 1, stepInEpoch: 4 });
    expect(done.epochs.map((e) => e.epoch)).toEqual([0, 1, 2]);
    expect(tf.memory().numTensors).toBe(tensors);
    trainer.dispose();
    expect(model.isDisposed).toBe(true);
  });

  it('resumes at the next epoch when stopped on an epoch boundary', async () => {
    let trainer: Trainer;
    trainer = new Trainer({
      onStep: (e) => {
        if (e.globalStep === 17) trainer.stop();
      },
      yieldEveryMs: 0,
    });
    const stopped = await trainer.start(config, data());
    expect(stopped.stoppedAt).toEqual({ epoch: 0, step: 17 });
    const done = await trainer.resume();
    expect(done.epochs.map((e) => e.epoch)).toEqual([1, 2]);
    trainer.dispose();
  });

  it("trains the CNN (createCnn's defaults) on tfjs ops to above chance, leaking no tensor across epochs", async () => {
    const before = tf.memory().numTensors;
    const atEpochEnd: number[] = [];
    const trainer = new Trainer({ onEpoch: () => atEpochEnd.push(tf.memory().numTensors), yieldEveryMs: 0 });
    const small = prepareSplits(syntheticSplit(400, 5));
    const history = await trainer.start(
      { model: 'cnn', epochs: 3, batchSize: 32, learningRate: 0.005, logEvery: 2, dropout: 0.1, seed: 3 },
      small,
    );
    const model = trainer.model!;
    expect(model.kind).toBe('cnn');
    if (model.kind !== 'cnn') throw new Error('not a CNN');
    expect(model.config).toMatchObject({
      filters: [8, 16],
      kernelSize: [5, 5],
      denseSizes: [128],
      dropout: 0.1,
      seed: 3,
      outputSize: 10,
      classNames: null,
      preprocessing: 'digit',
    });
    expect(model.paramCount).toBe(37_610);
    // No dense architecture: fit runs the CNN on tfjs ops, not on the SIMD engine.
    expect(history.stepEngine?.name).toBe('tfjs');
    expect(history.stopped).toBe('completed');
    expect(history.epochs).toHaveLength(3);
    expect(history.epochs[2]!.valAccuracy).toBeGreaterThan(0.3);
    expect(atEpochEnd).toHaveLength(3);
    expect(new Set(atEpochEnd).size).toBe(1);
    trainer.dispose();
    expect(model.isDisposed).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
  });

  it("sizes the CNN from the data's class names too", async () => {
    const trainer = new Trainer({ yieldEveryMs: 0 });
    const names = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k'];
    await trainer.start(
      { model: 'cnn', epochs: 1, batchSize: 64, classNames: names, preprocessing: 'resize' },
      prepareSplits(syntheticSplit(64, 5)),
    );
    expect(trainer.model?.kind).toBe('cnn');
    expect(trainer.model?.config).toMatchObject({ outputSize: 11, classNames: names, preprocessing: 'resize' });
    trainer.dispose();
  });

  it('refuses to resume without a stopped run, and to start twice', async () => {
    const trainer = new Trainer({ yieldEveryMs: 0 });
    await expect(trainer.resume()).rejects.toThrow(/nothing to resume/);
    const run = trainer.start({ ...config, epochs: 1 }, data());
    await expect(trainer.start(config, data())).rejects.toThrow(/already in progress/);
    await run;
    trainer.dispose();
  });
});
