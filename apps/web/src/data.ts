import { type Dataset, type DatasetName, type DownloadProgress, isDatasetError } from '@mnist-kit/datasets';

/** The command that puts a dataset where the page looks by default. */
export function fetchDataCommand(dataset: DatasetName): string {
  return `pnpm --filter web fetch-data --dataset ${dataset}`;
}

/**
 * A message for a failed load that tells the user what to do: for missing files at the default
 * location, the command that fetches them; otherwise the error itself.
 */
export function dataErrorMessage(
  error: unknown,
  context: { dataset: DatasetName; baseUrl: string; isDefaultUrl: boolean },
): string {
  const message = error instanceof Error ? error.message : String(error);
  if (isDatasetError(error, 'FILE_MISSING') || isDatasetError(error, 'DOWNLOAD_FAILED')) {
    const where = `No ${context.dataset} data at ${context.baseUrl} (${message})`;
    const fix = context.isDefaultUrl
      ? ` Fetch it with \`${fetchDataCommand(context.dataset)}\` (add \`--data-dir DIR\` to copy local files), then reload;`
      : ' Check the data= URL (it must serve the four files with CORS allowed), or';
    return `${where}.${fix} or pick or drop the four .gz files below.`;
  }
  return `Could not load ${context.dataset}: ${message}`;
}

/** `ready: 60,000 train / 10,000 test images (from cache)`. */
export function describeDataset(dataset: Dataset): string {
  const from: Record<Dataset['source'], string> = {
    download: 'downloaded',
    cache: 'from browser cache',
    local: 'from a local folder',
    url: 'downloaded',
    files: 'from picked files',
  };
  const n = (x: number) => x.toLocaleString('en-US');
  return `ready: ${n(dataset.train.count)} train / ${n(dataset.test.count)} test images, ${dataset.train.rows}×${dataset.train.cols} (${from[dataset.source]})`;
}

/** `loading train-images-idx3-ubyte.gz: 3.1 / 9.9 MB`. */
export function describeProgress(progress: DownloadProgress): string {
  const mb = (bytes: number) => (bytes / 1e6).toFixed(1);
  const total = progress.bytesTotal === undefined ? '' : ` / ${mb(progress.bytesTotal)}`;
  return `loading ${progress.file}: ${mb(progress.bytesDone)}${total} MB`;
}
