import type { DownloadProgress } from '@mnist-kit/datasets';
import type { ProgressHandle, Reporter } from './createReporter.js';

/** What {@link createDownloadProgress} returns. */
export interface DownloadProgressView {
  /** Pass as `onProgress` to `loadDataset` / `downloadDataset`. */
  onProgress(progress: DownloadProgress): void;
  /** Draws the bars' final state; call when the download ends, however it ends. Idempotent. */
  stop(): void;
}

/** The longest file name of the built-in datasets (`train-images-idx3-ubyte.gz`): bars line up. */
const NAME_WIDTH = 26;

/**
 * Progress of a dataset download, whose files are fetched concurrently: on a TTY, one bar per file
 * (file, bar, percentage, kB or MB, mirror host), drawn together one below the other; otherwise one
 * `downloading <file> from <mirror>` line when a file starts (again only if it moves to another mirror).
 * A file that comes from the cache gets neither.
 */
export function createDownloadProgress(reporter: Reporter): DownloadProgressView {
  const bars = new Map<string, ProgressHandle>();
  const mirrors = new Map<string, string>();
  return {
    onProgress: (p) => {
      if (mirrors.get(p.file) !== p.mirror) {
        mirrors.set(p.file, p.mirror);
        if (!reporter.tty) reporter.info(`downloading ${p.file} from ${p.mirror}`);
      }
      const payload = { amount: amount(p.bytesDone, p.bytesTotal), host: hostOf(p.mirror) };
      let bar = bars.get(p.file);
      if (bar === undefined) {
        bar = reporter.bar(
          `${p.file.padEnd(NAME_WIDTH)} |{bar}| {percentage}% {amount} · {host}`,
          p.bytesTotal ?? 0,
          payload,
        );
        bars.set(p.file, bar);
      }
      bar.update(p.bytesDone, payload);
    },
    stop: () => {
      for (const bar of bars.values()) bar.stop();
    },
  };
}

/** `364.9/729.8 kB`, `4.5/9.9 MB`: in the unit of the total (kB below 1 MB). */
function amount(done: number, total: number | undefined): string {
  const [unit, scale] = (total ?? done) < 1e6 ? ['kB', 1e3] : ['MB', 1e6];
  const f = (bytes: number) => (bytes / scale).toFixed(1);
  return `${f(done)}/${total === undefined ? '?' : f(total)} ${unit}`;
}

function hostOf(mirror: string): string {
  try {
    return new URL(mirror).host;
  } catch {
    return mirror;
  }
}
