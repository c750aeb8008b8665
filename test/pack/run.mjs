// Runs in the temporary consumer project that scripts/pack-test.sh creates: plain Node ESM against the
// packed tarballs, tfjs-core and backends from the registry. Exits non-zero on any failure.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as backends from '@mnist-kit/backends';
import * as datasets from '@mnist-kit/datasets';
import * as evaluation from '@mnist-kit/evaluation';
import * as models from '@mnist-kit/models';
import * as training from '@mnist-kit/training';
import * as tf from '@tensorflow/tfjs-core';

const require = createRequire(import.meta.url);
const dataDir = process.env.DATA_DIR ?? '/usr/share/datasets/fashion-mnist';

// Every package's VERSION export matches the version in its published package.json.
for (const [name, mod] of Object.entries({ backends, datasets, models, training, evaluation })) {
  const pkg = JSON.parse(await readFile(require.resolve(`@mnist-kit/${name}/package.json`), 'utf8'));
  assert.equal(mod.VERSION, pkg.version, `@mnist-kit/${name}: VERSION export ≠ package.json version`);
}

// The backend the user chooses, at run time, from @mnist-kit/backends' Node candidates: not tfjs-node or
// WebGPU (not installed here), so wasm (its .wasm files from node_modules).
const selection = await backends.selectBackend({ candidates: backends.defaultCandidates() });
console.log(selection.message);
assert.equal(tf.getBackend(), 'wasm', 'the wasm backend should load from node_modules');
assert.equal(typeof training.selectBackend, 'function', 'the deprecated re-export from training still works');

const data = await datasets.loadDataset({ name: 'fashion-mnist', dataDir });
assert.equal(data.source, 'local');
const train = datasets.takeSubset(data.train, 5000, 1);
assert.equal(train.count, 5000);

const model = models.createMlp({ hiddenSizes: [128, 128], seed: 0 });
const before = tf.memory().numTensors;
const started = performance.now();
const history = await training.fit(model, train, { epochs: 1, batchSize: 64, seed: 0 });
assert.equal(history.stepEngine?.name, 'simd', 'fit trains on the SIMD step engine (built into the published package)');
const seconds = (performance.now() - started) / 1000;
assert.equal(history.epochs.length, 1);
assert.equal(tf.memory().numTensors, before, 'fit leaked tensors');

const result = await evaluation.evaluate(model, data.test);
console.log(
  `fit 1 epoch on ${train.count} images: loss ${history.epochs[0].trainLoss.toFixed(4)}, ${seconds.toFixed(2)} s;`,
  `test accuracy ${(result.accuracy * 100).toFixed(2)} % on ${result.count} images`,
);
assert.ok(result.accuracy > 0.6, `test accuracy ${result.accuracy} should be above 0.6`);

// The filesystem helpers of the package root's Node entry: save, load, same predictions.
const dir = await mkdtemp(join(tmpdir(), 'mnist-kit-pack-model-'));
try {
  await models.saveMlpToDir(model, dir);
  const loaded = await models.loadMlpFromDir(dir);
  const again = await evaluation.evaluate(loaded, data.test);
  assert.equal(again.accuracy, result.accuracy, 'a saved and loaded model should score the same');
  loaded.dispose();
} finally {
  await rm(dir, { recursive: true, force: true });
}
model.dispose();

// The deprecated ./node subpath (until the next minor of @mnist-kit/models) still resolves, to the same functions.
const deprecatedNode = await import('@mnist-kit/models/node');
assert.equal(deprecatedNode.saveMlpToDir, models.saveMlpToDir, '@mnist-kit/models/node: saveMlpToDir');
assert.equal(deprecatedNode.loadMlpFromDir, models.loadMlpFromDir, '@mnist-kit/models/node: loadMlpFromDir');
console.log('ESM run: ok');
