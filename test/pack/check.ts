// Type-checked (not run) in the temporary consumer project under moduleResolution nodenext and bundler.
// The @ts-expect-error lines fail the check if a package's types resolve to `any`.
import { type BackendSelection, defaultCandidates, nodeCandidates, selectBackend } from '@mnist-kit/backends';
import { type Dataset, DatasetError, loadDataset, type Split, takeSubset } from '@mnist-kit/datasets';
import { type EvaluationResult, evaluate, formatEvaluation } from '@mnist-kit/evaluation';
import {
  createMlp,
  loadMlpFromDir,
  type Mlp,
  type MlpOptions,
  type SaveMlpToDirResult,
  saveMlpToDir,
} from '@mnist-kit/models';
import { adam, type BatchSource, fit, type History, type TrainableModel } from '@mnist-kit/training';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';

const selection: BackendSelection = await selectBackend({ preference: 'cpu', candidates: nodeCandidates() });
console.log(selection.device?.kind, defaultCandidates().length);
await selection.release();
await tf.setBackend('cpu');
const data: Dataset = await loadDataset({ name: 'fashion-mnist', dataDir: '/usr/share/datasets/fashion-mnist' });
const train: Split = takeSubset(data.train, 5000, 1);
const options: MlpOptions = { hiddenSizes: [128, 128], activation: 'relu', seed: 0 };
const model: Mlp = createMlp(options);
const trainable: TrainableModel = model; // models' Mlp fits training's TrainableModel (one tfjs-core)
const history: History = await fit(trainable, train, { epochs: 1, optimizer: adam({ learningRate: 1e-3 }) });
const result: EvaluationResult = await evaluate(model, data.test);
const accuracy: number = result.accuracy;
console.log(history.stopped, accuracy, formatEvaluation(result));

const saved: SaveMlpToDirResult = await saveMlpToDir(model, './model');
const loaded: Mlp = await loadMlpFromDir(saved.modelPath);
const logits: tf.Tensor = loaded.forward(tf.zeros([1, 784]) as tf.Tensor2D);

const source: BatchSource = {
  *batches() {
    yield { xs: tf.zeros([2, 784]), ys: tf.tensor1d([0, 1], 'int32') };
  },
};
await fit(model, source, { epochs: 1 });

try {
  // @ts-expect-error -- not a dataset name
  await loadDataset({ name: 'cifar-10', dataDir: '.' });
} catch (error) {
  if (error instanceof DatasetError) console.log(error.code);
}
// @ts-expect-error -- not an activation
createMlp({ activation: 'swish' });
// @ts-expect-error -- not a fit option
await fit(model, train, { epoch: 1 });
logits.dispose();
