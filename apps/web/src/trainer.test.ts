import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { syntheticSplit } from '../test/fixtureData';
import { prepareSplits, resumableSource, type StepEvent, Trainer, type TrainerState } from './trainer';

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

describe('resumableSource', () => {
  it('skips the batches already trained in the resumed epoch only', () => {
    const split = syntheticSplit(100);
    const fresh = resumableSource(split, { batchSize: 32, seed: 3 });
    const resumed = resumableSource(split, { batchSize: 32, seed: 3, resumeAt: { epoch: 1, step: 2 } });
    const before = tf.memory().numTensors;
    const count = (source: typeof fresh, epoch: number) => {
      const sizes: number[] = [];
      for (const batch of source.batches(epoch)) {
        sizes.push(batch.size ?? 0);
        tf.dispose([batch.xs, batch.ys]);
      }
      return sizes;
    };
    expect(fresh.length).toBe(4);
    expect(count(resumed, 0)).toEqual([32, 32, 32, 4]);
    expect(count(resumed, 1)).toEqual([32, 4]);
    expect(resumed.offset(1)).toBe(2);
    expect(tf.memory().numTensors).toBe(before);
  });
  it('resumes with the same batches the full epoch would have had', async () => {
    const split = syntheticSplit(100);
    const first = (source: ReturnType<typeof resumableSource>, epoch: number) => {
      const batch = [...source.batches(epoch)];
      const data = batch.map((b) => b.ys.dataSync().join(','));
      for (const b of batch) tf.dispose([b.xs, b.ys]);
      return data;
    };
    const full = first(resumableSource(split, { batchSize: 32, seed: 3 }), 1);
    const rest = first(resumableSource(split, { batchSize: 32, seed: 3, resumeAt: { epoch: 1, step: 1 } }), 1);
    expect(rest).toEqual(full.slice(1));
  });
});

describe('Trainer', () => {
  const data = () => prepareSplits(syntheticSplit(600, 5));
  const config = { hidden: [32], epochs: 3, batchSize: 32, learningRate: 0.01, logEvery: 2 };

  it('trains to well above chance and reports steps, epochs and states', async () => {
    const steps: StepEvent[] = [];
    const states: TrainerState[] = [];
    const epochs: number[] = [];
    const trainer = new Trainer({
      onStep: (e) => steps.push(e),
      onEpoch: (log) => epochs.push(log.epoch),
      onState: (s) => states.push(s),
      yieldEveryMs: 0,
    });
    const history = await trainer.start(config, data());
    expect(history.stopped).toBe('completed');
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

  it('refuses to resume without a stopped run, and to start twice', async () => {
    const trainer = new Trainer({ yieldEveryMs: 0 });
    await expect(trainer.resume()).rejects.toThrow(/nothing to resume/);
    const run = trainer.start({ ...config, epochs: 1 }, data());
    await expect(trainer.start(config, data())).rejects.toThrow(/already in progress/);
    await run;
    trainer.dispose();
  });
});
