import { syntheticSplit } from '@mnist-kit/test-utils';
import { useCpuBackend } from '@mnist-kit/test-utils/backends';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { adam } from './adam';
import { type Checkpoint, createCheckpoint } from './createCheckpoint';
import { fit } from './fit';
import { restoreCheckpoint } from './restoreCheckpoint';
import { sgd } from './sgd';
import { TrainingError } from './TrainingError';
import { createLinearModel, type LinearModel } from './test-utils/createLinearModel';

beforeAll(useCpuBackend);

const train = syntheticSplit(200);
const models: LinearModel[] = [];
function model(seed = 1, inputs = 16): LinearModel {
  const m = createLinearModel(inputs, 3, seed);
  models.push(m);
  return m;
}
afterEach(() => {
  for (const m of models.splice(0)) m.dispose();
});

/** What a CLI would do: JSON manifest + bytes on disk, read back as a (possibly offset) Buffer. */
function throughDisk(checkpoint: Checkpoint) {
  const bytes = Buffer.concat([Buffer.alloc(3), Buffer.from(checkpoint.data)]).subarray(3);
  return { manifest: JSON.parse(JSON.stringify(checkpoint.manifest)), data: bytes };
}

function badCheckpoint(fn: () => unknown): TrainingError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(TrainingError);
    expect((error as TrainingError).code).toBe('BAD_CHECKPOINT');
    return error as TrainingError;
  }
  throw new Error('expected BAD_CHECKPOINT');
}

describe('createCheckpoint / restoreCheckpoint', () => {
  it('resumes training exactly: 2 epochs + checkpoint + 1 epoch ≈ 3 straight epochs', async () => {
    const options = { batchSize: 32, seed: 3, validation: syntheticSplit(40, { seed: 5 }) };
    const straightOpt = adam({ learningRate: 0.01, weightDecay: 0.01, decoupled: true });
    const straight = await fit(model(), train, { ...options, epochs: 3, optimizer: straightOpt });

    const first = model();
    const firstOpt = adam({ learningRate: 0.01, weightDecay: 0.01, decoupled: true });
    const partial = await fit(first, train, { ...options, epochs: 2, optimizer: firstOpt });
    const checkpoint = await createCheckpoint({
      model: first,
      optimizer: firstOpt,
      epoch: 2,
      seed: 3,
      history: partial,
      extra: { note: 'hi' },
    });
    expect(checkpoint.manifest.params).toEqual([
      { name: 'dense/kernel', shape: [16, 3] },
      { name: 'dense/bias', shape: [3] },
    ]);
    expect(checkpoint.manifest.optimizer).toMatchObject({ name: 'adam', step: 14 });
    expect(checkpoint.data.byteLength).toBe(4 * 51 * 3);

    const fresh = model(42);
    const freshOpt = adam();
    const restored = restoreCheckpoint(throughDisk(checkpoint), { model: fresh, optimizer: freshOpt });
    expect(restored.epoch).toBe(2);
    expect(restored.extra).toEqual({ note: 'hi' });
    expect(Array.from(fresh.params['dense/kernel']!.dataSync())).toEqual(
      Array.from(first.params['dense/kernel']!.dataSync()),
    );
    const resumed = await fit(fresh, train, {
      ...options,
      seed: restored.seed,
      epochs: 3,
      initialEpoch: restored.epoch,
      history: restored.history,
      optimizer: freshOpt,
    });
    expect(resumed.epochs.map((e) => e.epoch)).toEqual([0, 1, 2]);
    resumed.epochs.forEach((e, i) => {
      expect(Math.abs(e.trainLoss - straight.epochs[i]!.trainLoss)).toBeLessThan(1e-5);
      expect(Math.abs(e.valLoss! - straight.epochs[i]!.valLoss!)).toBeLessThan(1e-5);
    });
    for (const o of [straightOpt, firstOpt, freshOpt]) o.dispose();
  });

  it('restores the model alone when no optimizer is given', async () => {
    const a = model(1);
    const b = model(2);
    const checkpoint = await createCheckpoint({ model: a, epoch: 0 });
    expect(checkpoint.manifest.optimizer).toBeUndefined();
    restoreCheckpoint(checkpoint, { model: b });
    expect(Array.from(b.params['dense/bias']!.dataSync())).toEqual(Array.from(a.params['dense/bias']!.dataSync()));
  });

  it('validates names, shapes, optimizer kind and data length before writing anything', async () => {
    const a = model(1);
    const opt = adam();
    await fit(a, train, { epochs: 1, optimizer: opt });
    const checkpoint = await createCheckpoint({ model: a, optimizer: opt, epoch: 1 });
    const target = model(2);
    const before = Array.from(target.params['dense/kernel']!.dataSync());

    expect(badCheckpoint(() => restoreCheckpoint(checkpoint, { model: model(2, 8) })).message).toMatch(/\[16,3\]/);
    badCheckpoint(() => restoreCheckpoint({ ...checkpoint, data: checkpoint.data.slice(0, 40) }, { model: target }));
    badCheckpoint(() => restoreCheckpoint(checkpoint, { model: target, optimizer: sgd({ learningRate: 1 }) }));
    badCheckpoint(() =>
      restoreCheckpoint(
        { ...checkpoint, manifest: { ...checkpoint.manifest, params: [{ name: 'x', shape: [16, 3] }] } },
        { model: target },
      ),
    );
    badCheckpoint(() =>
      restoreCheckpoint({ ...checkpoint, manifest: { ...checkpoint.manifest, version: 99 } }, { model: target }),
    );
    const noOptimizer = await createCheckpoint({ model: a, epoch: 1 });
    badCheckpoint(() => restoreCheckpoint(noOptimizer, { model: target, optimizer: adam() }));
    expect(Array.from(target.params['dense/kernel']!.dataSync())).toEqual(before);
    opt.dispose();
  });
});
