/**
 * The names a dataset file (`fileName`, as the registry names it) is found under in a local folder, a `files`
 * list or picked files, preferred first: for `train-images-idx3-ubyte.gz`, `train-images-idx3-ubyte.gz`,
 * `train-images-idx3-ubyte`, `train-images.idx3-ubyte` and `train-images.idx3-ubyte.gz` (the gzipped and raw
 * files, with a dash or a dot before `idx3-ubyte`). A name without `.gz` comes first itself.
 *
 * @param fileName - A file's published name, e.g. `DATASETS.mnist.files.trainImages.name`.
 * @returns The accepted names, each once.
 */
export function candidateNames(fileName: string): string[] {
  const base = fileName.endsWith('.gz') ? fileName.slice(0, -3) : fileName;
  const dotted = base.replace(/-(idx\d-ubyte)$/, '.$1');
  const names = [`${base}.gz`, base, dotted, `${dotted}.gz`];
  if (!fileName.endsWith('.gz')) names.unshift(fileName);
  return [...new Set(names)];
}
