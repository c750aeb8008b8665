import type { DroppedItem } from './droppedItems';
import { baseName, checkDataSlot, type DatasetFileNames, fileKind, listAnd } from './fileSlots';

/**
 * Which dataset a drop or a pick in the Data section holds, found as `loadDataset({ dataDir })` finds it in a
 * folder (the four IDX files, then an image folder per class, then Kaggle CSVs), in the dropped folder itself or
 * the shallowest folder inside it that holds one. Pure: paths only.
 */
export type DataLayout<F = File> =
  /** The four MNIST-format files: loaded as the dataset chosen in the menu. */
  | { readonly kind: 'idx'; readonly files: F[] }
  /** `train/<class>/…` (and `test/<class>/…`) under `root`: `entries` are relative to it, for `imageFolderDataset`. */
  | {
      readonly kind: 'image-folder';
      /** The folder holding `train/` (`''`: the dropped items themselves are `train/` and `test/`). */
      readonly root: string;
      /** The dataset's name: the root folder's name. */
      readonly name: string;
      /** In words, for the status line: `your folder digits`. */
      readonly label: string;
      readonly entries: { readonly path: string; readonly folder?: boolean; readonly file?: F }[];
    }
  /** `train.csv` (and `test.csv`) in `root`. */
  | {
      readonly kind: 'csv';
      readonly root: string;
      readonly name: string;
      /** `your train.csv + test.csv`, `your kaggle/train.csv`. */
      readonly label: string;
      /** The file and its path as dropped (what errors name). */
      readonly train: { readonly path: string; readonly file: F };
      readonly test?: { readonly path: string; readonly file: F };
    }
  /** None of them: why, in one line (without the final period). */
  | { readonly kind: 'none'; readonly reason: string };

/** A folder path and its parent (`''` is the top: the dropped items themselves). */
function parentOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

/** `root` + `/` + `path`, or `path` at the top. */
function under(root: string, path: string): string {
  return root === '' ? path : `${root}/${path}`;
}

/**
 * The dataset `items` hold, or why none. `dataset` and `dataFiles` are the dataset chosen in the menu and its four
 * file names (what IDX files are loaded as). Shallower folders win; in one folder, IDX files, then `train/`, then
 * `train.csv`, as in the CLI's `--data-dir`. Dot-folders are never a root.
 */
export function findDataLayout<F>(
  items: readonly DroppedItem<F>[],
  dataset: string,
  dataFiles: DatasetFileNames,
): DataLayout<F> {
  const paths = items.map((item) =>
    item.path
      .split('/')
      .filter((part) => part !== '' && part !== '.')
      .join('/'),
  );
  /** Every folder there is: listed ones and the ancestors of every item. */
  const folders = new Set<string>(['']);
  paths.forEach((path, i) => {
    if (items[i]!.folder === true) folders.add(path);
    for (let p = parentOf(path); p !== ''; p = parentOf(p)) folders.add(p);
  });
  const roots = [...folders]
    .filter((folder) => !folder.split('/').some((part) => part.startsWith('.')))
    .sort((a, b) => depth(a) - depth(b) || (a < b ? -1 : a > b ? 1 : 0));
  const filesIn = (root: string) =>
    items.filter((item, i) => item.file !== undefined && item.folder !== true && parentOf(paths[i]!) === root);
  for (const root of roots) {
    const here = filesIn(root);
    if (here.length > 0 && checkDataSlot(here.map(named), dataset, dataFiles) === undefined) {
      return { kind: 'idx', files: here.map((item) => item.file!) };
    }
    const name = root === '' ? '' : root.slice(root.lastIndexOf('/') + 1);
    if (folders.has(under(root, 'train'))) {
      const entries: { path: string; folder?: boolean; file?: F }[] = [];
      paths.forEach((path, i) => {
        if (root !== '' && !path.startsWith(`${root}/`)) return;
        const item = items[i]!;
        const relative = root === '' ? path : path.slice(root.length + 1);
        entries.push({
          path: relative,
          ...(item.folder === true ? { folder: true } : {}),
          ...(item.file === undefined ? {} : { file: item.file }),
        });
      });
      return {
        kind: 'image-folder',
        root,
        name: name || 'your data',
        label: root === '' ? 'your train/ and test/ folders' : `your folder ${name}`,
        entries,
      };
    }
    const train = here.find((item) => baseName(item.path) === 'train.csv');
    if (train !== undefined) {
      const test = here.find((item) => baseName(item.path) === 'test.csv');
      const trainPath = under(root, 'train.csv');
      return {
        kind: 'csv',
        root,
        name: name || 'train.csv',
        label: `your ${trainPath}${test === undefined ? '' : ' + test.csv'}`,
        train: { path: trainPath, file: train.file! },
        ...(test === undefined ? {} : { test: { path: under(root, 'test.csv'), file: test.file! } }),
      };
    }
  }
  return { kind: 'none', reason: noDataReason(items, paths, dataset, dataFiles) };
}

function depth(folder: string): number {
  return folder === '' ? 0 : folder.split('/').length;
}

const named = <F>(item: DroppedItem<F>) => ({ name: baseName(item.path) });

/**
 * Why nothing loads: with dataset or model files among them, what the Data slot says of loose files
 * (`checkDataSlot`); otherwise every layout it takes, and a few of the names given.
 */
function noDataReason<F>(
  items: readonly DroppedItem<F>[],
  paths: readonly string[],
  dataset: string,
  dataFiles: DatasetFileNames,
): string {
  const files = items.filter((item) => item.folder !== true);
  const kinds = files.map((item) => fileKind(item.path, dataFiles));
  if (kinds.some((kind) => kind !== 'other')) {
    return checkDataSlot(files.map(named), dataset, dataFiles) ?? `the ${dataset} files must sit in one folder`;
  }
  const tops = [...new Set(paths.map((path) => path.split('/')[0]!))].filter((top) => top !== '');
  const shown = tops.length > 4 ? `${tops.slice(0, 4).join(', ')} and ${tops.length - 4} more` : listAnd(tops);
  return (
    `no dataset in ${shown || 'what was given'}: the Data slot takes the four ${dataset} files (${dataFiles.join(', ')}), ` +
    'a folder of images per class (train/<class>/*.png|jpg, optional test/<class>/…) or a Kaggle train.csv (optional test.csv)'
  );
}
