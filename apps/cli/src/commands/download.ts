import { downloadDataset, isDatasetError } from '@mnist-kit/datasets';
import { Command } from 'commander';
import { CliError } from '../CliError.js';
import {
  addDatasetOptions,
  addOutputOptions,
  type DatasetFlags,
  DEFAULT_DATASET,
  type OutputFlags,
} from '../commonOptions.js';
import { interruptSignal } from '../interruptSignal.js';
import { datasetCacheDir } from '../loadData.js';
import { createDownloadProgress } from '../output/createDownloadProgress.js';
import { createReporter } from '../output/createReporter.js';
import { explainDownloadError } from '../output/explainDownloadError.js';

/**
 * `mnist-kit download`: fetch and verify a dataset's four files into the cache (concurrently, a bar per
 * file). Files already cached and verified are not fetched again; when some cannot be had, the others
 * stay cached and one line names the missing ones (with `--json`, stdout also gets `{ error }` with
 * `failures`). Ctrl-C parks the bytes received for the next run and exits 130.
 */
export function createDownloadCommand(): Command {
  const cmd = new Command('download').description('download and verify a dataset into the cache');
  addDatasetOptions(cmd);
  addOutputOptions(cmd);
  return cmd.action(async (given: DatasetFlags & OutputFlags) => {
    if (given.dataDir)
      throw new CliError('USAGE', '--data-dir reads local files; download fills the cache (use --cache-dir)');
    const flags = { ...given, dataset: given.dataset ?? DEFAULT_DATASET };
    const reporter = createReporter(flags);
    const progress = createDownloadProgress(reporter);
    const interrupt = interruptSignal();
    const dir = datasetCacheDir(flags);
    let result: Awaited<ReturnType<typeof downloadDataset>>;
    try {
      result = await downloadDataset({
        name: flags.dataset,
        cacheDir: flags.cacheDir,
        mirrors: flags.mirror,
        onProgress: progress.onProgress,
        signal: interrupt.signal,
      });
    } catch (error) {
      const explained = explainDownloadError(error, { dataset: flags.dataset, dir });
      progress.stop();
      reporter.emitJson({
        command: 'download',
        dataset: flags.dataset,
        dir,
        error: {
          code: (explained as { code?: string }).code ?? 'UNKNOWN',
          message: explained instanceof Error ? explained.message : String(explained),
          failures: isDatasetError(error) ? error.failures : [],
        },
      });
      throw explained;
    } finally {
      progress.stop();
      interrupt.dispose();
    }
    reporter.result(`${flags.dataset}: ${result.files.length} files verified in ${result.cacheDir}`);
    reporter.emitJson({ command: 'download', dataset: flags.dataset, ...result });
  });
}
