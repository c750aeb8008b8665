/** Each row divided by its sum (rows of zeros stay zeros): the share of each true class predicted as each class. */
export function rowShares(matrix: readonly (readonly number[])[]): number[][] {
  return matrix.map((row) => {
    const sum = row.reduce((a, b) => a + b, 0);
    return row.map((v) => (sum > 0 ? v / sum : 0));
  });
}

/**
 * Background colour of a heatmap cell for a share in [0, 1]: white → blue on the diagonal (correct),
 * white → red off it (mistakes), so errors stand out. Returns an `rgb()` string.
 */
export function heatColor(share: number, diagonal: boolean): string {
  const t = Math.min(1, Math.max(0, Number.isFinite(share) ? share : 0));
  // Off-diagonal shares are small: stretch them (sqrt) so a 5 % confusion is visible.
  const k = diagonal ? t : Math.sqrt(t);
  const [r, g, b] = diagonal ? [37, 99, 235] : [220, 38, 38];
  const mix = (c: number) => Math.round(255 + (c - 255) * k);
  return `rgb(${mix(r)}, ${mix(g)}, ${mix(b)})`;
}

/** Text colour readable on {@link heatColor}'s background. */
export function inkColor(share: number, diagonal: boolean): string {
  return (diagonal ? share : Math.sqrt(share)) > 0.55 ? '#fff' : '#111';
}

/** Renders a confusion matrix as an accessible table (rows: true class, columns: predicted class). */
export function renderConfusionMatrix(
  container: HTMLElement,
  matrix: readonly (readonly number[])[],
  classNames: readonly string[],
): void {
  const shares = rowShares(matrix);
  const table = document.createElement('table');
  table.className = 'confusion';
  const caption = table.createCaption();
  caption.textContent = 'Confusion matrix: rows are true classes, columns predicted classes (counts).';
  const head = table.createTHead().insertRow();
  const corner = document.createElement('th');
  corner.textContent = 'true \\ pred';
  corner.scope = 'col';
  head.append(corner);
  for (let j = 0; j < matrix.length; j++) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = String(j);
    th.title = classNames[j] ?? String(j);
    head.append(th);
  }
  const body = table.createTBody();
  matrix.forEach((row, i) => {
    const tr = body.insertRow();
    const th = document.createElement('th');
    th.scope = 'row';
    th.textContent = String(i);
    th.title = classNames[i] ?? String(i);
    tr.append(th);
    row.forEach((count, j) => {
      const td = tr.insertCell();
      const share = shares[i]![j]!;
      td.textContent = String(count);
      td.style.background = heatColor(share, i === j);
      td.style.color = inkColor(share, i === j);
      td.title = `true ${classNames[i] ?? i}, predicted ${classNames[j] ?? j}: ${count} (${(share * 100).toFixed(1)} %)`;
    });
  });
  container.replaceChildren(table);
}
