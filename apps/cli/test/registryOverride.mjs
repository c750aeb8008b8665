// Test-only preload (`NODE_OPTIONS=--import=<this file>`): replaces the published sizes and checksums of
// the built-in datasets with those of generated files, so that the built CLI can download them from a
// local test server. `MNIST_KIT_TEST_REGISTRY` is JSON: { "<dataset>": { "<file key>": { name, size, md5 } } }.
import { DATASETS } from '@mnist-kit/datasets';

const override = JSON.parse(process.env.MNIST_KIT_TEST_REGISTRY ?? '{}');
for (const [name, files] of Object.entries(override)) {
  DATASETS[name].files = files;
}
