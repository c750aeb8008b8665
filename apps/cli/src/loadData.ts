import { type DownloadProgress, loadDataset } from '@mnist-kit/datasets';
import type { DatasetFlags } from './commonOptions.js';
import type { ProgressHandle, Reporter } from './output/createReporter.js';

/** Loads the dataset named by the flags: `--data-dir` (local), else cache, else download with a bar per file. */
export async function loadData(flags: DatasetFlags, reporter: Reporter, signal?: AbortSignal) {
  const bars = new Map<string, ProgressHandle>();
  const onProgress = (p: DownloadProgress) => {
    let bar = bars.get(p.file);
    if (!bar) {
      bar = reporter.bar(`${p.file} |{bar}| {percentage}% {done}/{size} MB`, p.bytesTotal ?? 0, {
        done: '0.0',
        size: mb(p.bytesTotal),
      });
      bars.set(p.file, bar);
      if (!reporter.tty) reporter.info(`downloading ${p.file} from ${p.mirror}`);
    }
    bar.update(p.bytesDone, { done: mb(p.bytesDone), size: mb(p.bytesTotal) });
  };
  try {
    const started = performance.now();
    const dataset = await loadDataset({
      name: flags.dataset,
      dataDir: flags.dataDir,
      cacheDir: flags.cacheDir,
      mirrors: flags.mirror,
      onProgress,
      signal,
    });
    reporter.debug(
      `data: ${flags.dataset} from ${dataset.source} (${dataset.train.count} train, ${dataset.test.count} test) in ${((performance.now() - started) / 1000).toFixed(2)} s`,
    );
    return dataset;
  } finally {
    for (const bar of bars.values()) bar.stop();
  }
}

function mb(bytes: number | undefined): string {
  return bytes === undefined ? '?' : (bytes / 1e6).toFixed(1);
}
