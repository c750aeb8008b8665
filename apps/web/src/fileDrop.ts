/**
 * Makes `zone` a drop target: highlighted while files are dragged over it, `onFiles` called with what was
 * dropped (unless `enabled()` says the slot is locked, e.g. while training).
 */
export function dropZone(zone: HTMLElement, onFiles: (files: File[]) => void, enabled: () => boolean): void {
  zone.addEventListener('dragover', (event) => {
    event.preventDefault();
    zone.classList.add('over');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    zone.classList.remove('over');
    const files = [...(event.dataTransfer?.files ?? [])];
    if (files.length > 0 && enabled()) onFiles(files);
  });
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
