import { type DownloadProgress, downloadDataset } from '@mnist-kit/datasets';
import { Command } from 'commander';
import { CliError } from '../CliError.js';
import { addDatasetOptions, addOutputOptions, type DatasetFlags, type OutputFlags } from '../commonOptions.js';
import { createReporter, type ProgressHandle } from '../output/createReporter.js';

export function createDownloadCommand(): Command {
  const cmd = new Command('download').description('download and verify a dataset into the cache');
  addDatasetOptions(cmd);
  addOutputOptions(cmd);
  return cmd.action(async (flags: DatasetFlags & OutputFlags) => {
    if (flags.dataDir)
      throw new CliError('USAGE', '--data-dir reads local files; download fills the cache (use --cache-dir)');
    const reporter = createReporter(flags);
    const bars = new Map<string, ProgressHandle>();
    const result = await downloadDataset({
      name: flags.dataset,
      cacheDir: flags.cacheDir,
      mirrors: flags.mirror,
      onProgress: (p: DownloadProgress) => {
        let bar = bars.get(p.file);
        if (!bar) {
          bar = reporter.bar(`${p.file} |{bar}| {percentage}% {value}/{total} bytes`, p.bytesTotal ?? 0);
          bars.set(p.file, bar);
          if (!reporter.tty) reporter.info(`downloading ${p.file} from ${p.mirror}`);
        }
        bar.update(p.bytesDone);
      },
    }).finally(() => {
      for (const bar of bars.values()) bar.stop();
    });
    reporter.result(`${flags.dataset}: ${result.files.length} files verified in ${result.cacheDir}`);
    reporter.emitJson({ command: 'download', dataset: flags.dataset, ...result });
  });
}
