import { type DroppedItem, type EntryLike, looseItems, walkEntries } from './droppedItems';

/**
 * Makes `zone` a drop target: highlighted while files are dragged over it, `onFiles` called with what was
 * dropped (unless `enabled()` says the slot is locked, e.g. while training).
 */
export function dropZone(zone: HTMLElement, onFiles: (files: File[]) => void, enabled: () => boolean): void {
  dropTarget(zone, (transfer) => {
    const files = [...(transfer?.files ?? [])];
    if (files.length > 0 && enabled()) onFiles(files);
  });
}

/**
 * A drop target for files and folders (the Data section's): like {@link dropZone}, but `onItems` gets everything
 * dropped, folders walked ({@link droppedItems}) — a promise, since walking a folder takes a while.
 */
export function folderDropZone(
  zone: HTMLElement,
  onItems: (items: Promise<DroppedItem[]>) => void,
  enabled: () => boolean,
): void {
  dropTarget(zone, (transfer) => {
    if (transfer === null || transfer.files.length === 0 || !enabled()) return;
    onItems(droppedItems(transfer));
  });
}

/**
 * What both drop zones share: `zone` highlighted (class `over`) while something is dragged over it, the browser's
 * own handling (opening the file) prevented, and `onDrop` given each drop's data.
 */
function dropTarget(zone: HTMLElement, onDrop: (transfer: DataTransfer | null) => void): void {
  zone.addEventListener('dragover', (event) => {
    event.preventDefault();
    zone.classList.add('over');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    zone.classList.remove('over');
    onDrop(event.dataTransfer);
  });
}

/**
 * What a drop holds: loose files under their names, dropped folders walked through the File and Directory
 * Entries API (`webkitGetAsEntry`, {@link walkEntries}). The entries are taken at once, while the drop event
 * still lets them be read; the walk comes after.
 */
export function droppedItems(transfer: DataTransfer): Promise<DroppedItem[]> {
  const folders: EntryLike[] = [];
  const loose: File[] = [];
  for (let i = 0; i < transfer.items.length; i++) {
    const item = transfer.items[i]!;
    if (item.kind !== 'file') continue;
    const entry = item.webkitGetAsEntry?.() ?? null;
    if (entry?.isDirectory === true) folders.push(entry as unknown as EntryLike);
    else {
      const file = item.getAsFile();
      if (file !== null) loose.push(file);
    }
  }
  if (folders.length === 0 && loose.length === 0) loose.push(...transfer.files);
  return walkEntries(folders).then((walked) => [...looseItems(loose), ...walked]);
}

/**
 * Files dropped outside the drop zones are ignored instead of opened: by default the browser would replace
 * the page with the dropped file, losing the model and the data in memory.
 */
export function ignoreStrayDrops(target: Window): void {
  for (const type of ['dragover', 'drop'] as const) {
    target.addEventListener(type, (event) => {
      if (event.dataTransfer?.types.includes('Files')) event.preventDefault();
    });
  }
}

/** A file input's files, then cleared so that picking the same files again still fires `change`. */
export function takeFiles(input: HTMLInputElement): File[] {
  const files = [...(input.files ?? [])];
  input.value = '';
  return files;
}
