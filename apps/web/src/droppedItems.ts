/**
 * What was dropped or picked in the Data section, as paths: loose files, a dropped folder (walked through the
 * File and Directory Entries API) or a picked folder (`<input webkitdirectory>`). Pure but for the entries' own
 * callbacks, so it is unit-tested in Node with stand-in entries.
 */

/** A dropped or picked file (or folder) and where it sits in what was dropped. */
export interface DroppedItem<F = File> {
  /** `/`-separated: `digits/train/cat/1.png` for a dropped or picked folder `digits`; a loose file's name. */
  readonly path: string;
  /** The file; absent for a folder. */
  readonly file?: F;
  /** A folder (listed so that an empty one is seen: an empty class folder is an error, not nothing). */
  readonly folder?: boolean;
}

/** What the walk needs of a `FileSystemEntry` (a `FileSystemFileEntry` or `FileSystemDirectoryEntry`). */
export interface EntryLike<F = File> {
  readonly name: string;
  readonly isFile: boolean;
  readonly isDirectory: boolean;
  /** A file entry's file. */
  file?(success: (file: F) => void, failure?: (error: unknown) => void): void;
  /** A folder entry's reader: `readEntries` hands out its children a batch at a time, then an empty batch. */
  createReader?(): {
    readEntries(success: (entries: EntryLike<F>[]) => void, failure?: (error: unknown) => void): void;
  };
}

/** Loose files (a drop without folders, a multi-file pick): each under its own name. */
export function looseItems<F extends { readonly name: string }>(files: readonly F[]): DroppedItem<F>[] {
  return files.map((file) => ({ path: file.name, file }));
}

/**
 * The files of a picked folder (`<input type="file" webkitdirectory>`): each under its `webkitRelativePath`
 * (`digits/train/cat/1.png`; the name when the browser gives none). Empty folders are not seen this way.
 */
export function pickedFolderItems<F extends { readonly name: string; readonly webkitRelativePath?: string }>(
  files: readonly F[],
): DroppedItem<F>[] {
  return files.map((file) => ({ path: file.webkitRelativePath || file.name, file }));
}

/**
 * Every file and folder under the dropped `entries` (`DataTransferItem.webkitGetAsEntry()`), depth first, with
 * paths from the dropped items' names. Hidden folders below the dropped ones (`.git`, `.ipynb_checkpoints`) are
 * not walked: the datasets' rules skip them anyway. Rejects with one line naming what could not be read.
 */
export async function walkEntries<F>(entries: readonly EntryLike<F>[]): Promise<DroppedItem<F>[]> {
  const items: DroppedItem<F>[] = [];
  const visit = async (entry: EntryLike<F>, parent: string): Promise<void> => {
    const path = parent === '' ? entry.name : `${parent}/${entry.name}`;
    if (entry.isDirectory && entry.createReader !== undefined) {
      items.push({ path, folder: true });
      const children = await readAll(entry.createReader(), path);
      // Files of a folder are fetched together; its sub-folders one after another, so the order stays put.
      const files = children.filter((child) => !child.isDirectory);
      const got = await Promise.all(files.map((child) => fileOf(child, `${path}/${child.name}`)));
      files.forEach((child, i) => {
        items.push({ path: `${path}/${child.name}`, file: got[i]! });
      });
      for (const child of children) {
        if (child.isDirectory && !child.name.startsWith('.')) await visit(child, path);
      }
    } else if (entry.isFile) {
      items.push({ path, file: await fileOf(entry, path) });
    }
  };
  for (const entry of entries) await visit(entry, '');
  return items;
}

/** All children of a folder: `readEntries` until it hands out an empty batch. */
async function readAll<F>(reader: ReturnType<NonNullable<EntryLike<F>['createReader']>>, path: string) {
  const all: EntryLike<F>[] = [];
  for (;;) {
    const batch = await new Promise<EntryLike<F>[]>((resolve, reject) =>
      reader.readEntries(resolve, (error) => reject(readError(path, error))),
    );
    if (batch.length === 0) return all;
    all.push(...batch);
  }
}

function fileOf<F>(entry: EntryLike<F>, path: string): Promise<F> {
  return new Promise<F>((resolve, reject) => {
    if (entry.file === undefined) reject(readError(path, 'not a file'));
    else entry.file(resolve, (error) => reject(readError(path, error)));
  });
}

function readError(path: string, error: unknown): Error {
  const reason = error instanceof Error ? error.message || error.name : String(error);
  return new Error(`cannot read ${path} from the drop: ${reason.replace(/[.\s]+$/, '')}`);
}
