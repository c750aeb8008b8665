/**
 * Names a dataset file may have in a local folder or a `files` list, preferred first:
 * `train-images-idx3-ubyte.gz`, `train-images-idx3-ubyte`, `train-images.idx3-ubyte`, `train-images.idx3-ubyte.gz`.
 */
export function candidateNames(fileName: string): string[] {
  const base = fileName.endsWith('.gz') ? fileName.slice(0, -3) : fileName;
  const dotted = base.replace(/-(idx\d-ubyte)$/, '.$1');
  const names = [`${base}.gz`, base, dotted, `${dotted}.gz`];
  if (!fileName.endsWith('.gz')) names.unshift(fileName);
  return [...new Set(names)];
}
