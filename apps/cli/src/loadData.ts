import { resolve } from 'node:path';
import { defaultCacheDir, loadDataset } from '@mnist-kit/datasets';
import { type DatasetFlags, DEFAULT_DATASET, datasetName } from './commonOptions.js';
import { interruptSignal } from './interruptSignal.js';
import { createDownloadProgress } from './output/createDownloadProgress.js';
import type { Reporter } from './output/createReporter.js';
import { explainDownloadError } from './output/explainDownloadError.js';

/** `<cache dir>/<dataset>` for the flags, absolute (where downloads go). */
export function datasetCacheDir(flags: Pick<DatasetFlags, 'dataset' | 'cacheDir'>): string {
  return resolve(flags.cacheDir ?? defaultCacheDir(), flags.dataset ?? DEFAULT_DATASET);
}

/**
 * Loads the dataset named by the flags: `--data-dir` (local), else cache, else download with a bar per
 * file. A failed download becomes one line naming each missing file with each mirror's reason.
 *
 * @param signal aborts a download (the bytes received are parked for the next run). Defaults to one
 *   hooked to Ctrl-C for the duration of the call (a second Ctrl-C exits 130 at once).
 */
export async function loadData(flags: DatasetFlags, reporter: Reporter, signal?: AbortSignal) {
  const interrupt = signal === undefined ? interruptSignal() : undefined;
  const progress = createDownloadProgress(reporter);
  try {
    const started = performance.now();
    const dataset = await loadDataset({
      name: datasetName(flags),
      dataDir: flags.dataDir,
      cacheDir: flags.cacheDir,
      mirrors: flags.mirror,
      preprocess: flags.preprocess,
      onProgress: progress.onProgress,
      signal: signal ?? interrupt?.signal,
    });
    reporter.debug(
      `data: ${dataset.name} from ${dataset.source}${dataset.layout === undefined ? '' : ` (${dataset.layout})`}: ${dataset.train.count} train, ${dataset.test.count} test${dataset.heldOutTest === undefined ? '' : ' (held out of train)'}, ${dataset.classNames?.length ?? 10} classes, in ${((performance.now() - started) / 1000).toFixed(2)} s`,
    );
    return dataset;
  } catch (error) {
    throw explainDownloadError(error, { dataset: flags.dataset ?? DEFAULT_DATASET, dir: datasetCacheDir(flags) });
  } finally {
    progress.stop();
    interrupt?.dispose();
  }
}
