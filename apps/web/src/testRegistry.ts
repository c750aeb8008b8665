import {
  type DatasetFileKey,
  type DatasetFileSpec,
  type DatasetName,
  type DatasetSpec,
  getDatasetSpec,
} from '@mnist-kit/datasets';

/**
 * The registry's override for the e2e tests, as `apps/cli/test/registryOverride.mjs` is the CLI's: a script
 * run before the page's (Playwright's `addInitScript`) sets
 * `globalThis.__MNIST_KIT_TEST_REGISTRY__ = { mnist: { trainImages: { name, size, sha256 }, … } }`, so that a
 * local fixture can stand in for a public mirror (its bytes verified against those sizes and hashes). Only
 * the files' published sizes and hashes are replaced — the mirrors stay the registry's — and nothing else
 * reads this global; a script that can set it could replace the page anyway.
 */
declare global {
  var __MNIST_KIT_TEST_REGISTRY__: Partial<Record<DatasetName, Record<DatasetFileKey, DatasetFileSpec>>> | undefined;
}

/** The registry's spec of `name`, with the test override's files where there is one. */
export function datasetSpec(name: DatasetName): DatasetSpec {
  const spec = getDatasetSpec(name);
  const files = globalThis.__MNIST_KIT_TEST_REGISTRY__?.[name];
  return files === undefined ? spec : { ...spec, files };
}
