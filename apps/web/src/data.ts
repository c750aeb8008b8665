import {
  type Dataset,
  type DatasetName,
  type DownloadProgress,
  FILE_KEYS,
  getDatasetSpec,
  isDatasetError,
} from '@mnist-kit/datasets';

/** The command that puts a dataset where the page looks by default. */
export function fetchDataCommand(dataset: DatasetName): string {
  return `pnpm --filter web fetch-data --dataset ${dataset}`;
}

/** The dataset's four file names (`train-images-idx3-ubyte.gz`, …), in load order. */
export function dataFileNames(dataset: DatasetName): string[] {
  const spec = getDatasetSpec(dataset);
  return FILE_KEYS.map((key) => spec.files[key].name);
}

/**
 * A one-line message for a failed load that tells the user what to do: for files missing at the default
 * location, the command that fetches them; for another URL, to check it; for picked files, which file is wrong.
 * With `picked`, `baseUrl` is not mentioned (the files did not come from it).
 */
export function dataErrorMessage(
  error: unknown,
  context: { dataset: DatasetName; baseUrl: string; isDefaultUrl: boolean; picked?: boolean },
): string {
  const message = reasonOf(error);
  if (context.picked === true) return `Could not load ${context.dataset} from the picked files: ${message}.`;
  if (isDatasetError(error, 'FILE_MISSING') || isDatasetError(error, 'DOWNLOAD_FAILED')) {
    const fix = context.isDefaultUrl
      ? `Fetch it with \`${fetchDataCommand(context.dataset)}\` (add \`--data-dir DIR\` to copy local files), then reload`
      : 'Check the data= URL (it must serve the four files, with CORS allowed for another origin)';
    return `No ${context.dataset} data at ${context.baseUrl}: ${message}. ${fix}, or pick or drop the four .gz files below.`;
  }
  return `Could not load ${context.dataset}: ${message}.`;
}

/**
 * The error's message without its final period. A gzip file that is cut off or corrupt is said so in words:
 * Chromium reports DecompressionStream failures read through `Response` as "Failed to fetch", which reads like a
 * network error.
 */
function reasonOf(error: unknown): string {
  if (isDatasetError(error, 'DECOMPRESS_FAILED') && error.file !== undefined) {
    return `${error.file}: the gzip data is corrupt or cut off (an incomplete download?)`;
  }
  return (error instanceof Error ? error.message : String(error)).trim().replace(/[.\s]+$/, '');
}

/**
 * `Still using the mnist data loaded before (60,000 train / 10,000 test images).`, plus, when the page went back
 * from the dataset `tried` to that one, `; choose kmnist again once it is there.`
 */
export function keptDataNote(dataset: Dataset, tried?: DatasetName): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const again = tried === undefined || tried === dataset.name ? '' : `; choose ${tried} again once it is there`;
  return `Still using the ${dataset.name} data loaded before (${n(dataset.train.count)} train / ${n(dataset.test.count)} test images)${again}.`;
}

/**
 * `ready: 60,000 train / 10,000 test images, 28×28 (from browser cache)`; for a dataset that came from a
 * fallback mirror (its `baseUrl` is not the folder asked for, `passedOver` says why), where from, that it was
 * verified, and that the page's own folder had nothing.
 */
export function describeDataset(
  dataset: Dataset & { baseUrl?: string; passedOver?: readonly { baseUrl: string; reason: string }[] },
): string {
  const from: Record<Dataset['source'], string> = {
    download: 'downloaded',
    cache: 'from browser cache',
    local: 'from a local folder',
    url: 'downloaded',
    files: 'from picked files',
  };
  const n = (x: number) => x.toLocaleString('en-US');
  const ready = `ready: ${n(dataset.train.count)} train / ${n(dataset.test.count)} test images, ${dataset.train.rows}×${dataset.train.cols}`;
  const skipped = dataset.passedOver ?? [];
  if (dataset.baseUrl === undefined || skipped.length === 0) return `${ready} (${from[dataset.source]})`;
  const how = dataset.source === 'cache' ? 'from browser cache, first downloaded from' : 'downloaded from';
  return `${ready} (${how} ${dataset.baseUrl}, size and SHA-256 checked against the registry; no data at ${skipped[0]!.baseUrl})`;
}

/** `loading train-images-idx3-ubyte.gz: 3.1 / 9.9 MB`. */
export function describeProgress(progress: DownloadProgress): string {
  const mb = (bytes: number) => (bytes / 1e6).toFixed(1);
  const total = progress.bytesTotal === undefined ? '' : ` / ${mb(progress.bytesTotal)}`;
  const host = /^https?:\/\//.test(progress.mirror) ? ` from ${new URL(progress.mirror).host}` : '';
  return `loading ${progress.file}${host}: ${mb(progress.bytesDone)}${total} MB`;
}

/** `circle, square, triangle`; more than `max` names: the first ones and `…`. */
function classList(names: readonly string[], max = 6): string {
  return names.length <= max ? names.join(', ') : `${names.slice(0, max - 1).join(', ')}, …`;
}

/**
 * The status line of your own data (an image folder or CSVs), `label` saying where it came from:
 * `ready: your folder shapes: 3 classes (circle, square, triangle), 270 train / 30 test images, 28×28; 10 % of
 * train held out as test (30 images)`.
 */
export function describeOwnData(dataset: Dataset, label: string): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const names = dataset.classNames ?? [];
  const classes = `${names.length} class${names.length === 1 ? '' : 'es'} (${classList(names)})`;
  const held =
    dataset.heldOutTest === undefined
      ? ''
      : `; 10 % of train held out as test (${n(dataset.heldOutTest)} image${dataset.heldOutTest === 1 ? '' : 's'})`;
  return `ready: ${label}: ${classes}, ${n(dataset.train.count)} train / ${n(dataset.test.count)} test images, ${dataset.train.rows}×${dataset.train.cols}${held}`;
}

/** The one line of own data that did not load: `Could not load your folder shapes: shapes/train/b holds no images …`. */
export function ownDataErrorMessage(error: unknown, label: string): string {
  return `Could not load ${label}: ${reasonOf(error)}.`;
}
