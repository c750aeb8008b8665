/** Pixels that tell the rows apart: pixel `i` of row `row` is `(row·5 + i) mod 256`. */
function rowPattern(row: number): number[] {
  return Array.from({ length: 784 }, (_, i) => (row * 5 + i) % 256);
}

/**
 * Kaggle "Digit Recognizer" CSV text of `count` 28×28 images: with `label`, train.csv's shape (header
 * `label,pixel0,…,pixel783`, each line the row's label then its pixels), without it test.csv's (header
 * `pixel0,…,pixel783`, pixels only). Row `row`'s 784 pixels are `pixels(row)` (by default a pattern that tells the
 * rows apart: `(row·5 + i) mod 256`). Ends with a newline.
 */
export function kaggleCsv(
  count: number,
  label?: (row: number) => number,
  pixels: (row: number) => ArrayLike<number> = rowPattern,
): string {
  const names = Array.from({ length: 784 }, (_, i) => `pixel${i}`);
  const lines = [(label ? ['label', ...names] : names).join(',')];
  for (let row = 0; row < count; row++) {
    const values = Array.from(pixels(row));
    lines.push((label ? [label(row), ...values] : values).join(','));
  }
  return `${lines.join('\n')}\n`;
}
