// No '@tensorflow/tfjs' import here: tfjs-core alone registers no gradients.
import { syntheticSplit } from '@mnist-kit/test-utils';
import { useCpuBackend } from '@mnist-kit/test-utils/backends';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { fit } from './fit';
import { createLinearModel } from './test-utils/createLinearModel';

beforeAll(useCpuBackend);

describe('fit without registered gradients', () => {
  it("trains with explicit gradients, and explains what to import for 'autograd'", async () => {
    const model = createLinearModel(16, 3);
    const train = syntheticSplit(64);
    const history = await fit(model, train, { epochs: 1, batchSize: 16 });
    expect(history.epochs).toHaveLength(1);
    const start = tf.memory().numTensors;
    const error = await fit(model, train, { epochs: 1, gradients: 'autograd' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'TrainingError', code: 'NO_GRADIENTS' });
    expect((error as Error).message).toMatch(/import '@tensorflow\/tfjs'/);
    expect(tf.memory().numTensors).toBe(start);
    model.dispose();
  });
});
