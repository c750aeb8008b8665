import type { Split } from '@mnist-kit/datasets';

/** Paints image `index` of `split` (light ink on black, as stored) onto a canvas of the image's size. */
export function imageCanvas(split: Split, index: number): HTMLCanvasElement {
  const { rows, cols } = split;
  const canvas = document.createElement('canvas');
  canvas.width = cols;
  canvas.height = rows;
  const ctx = canvas.getContext('2d')!;
  const image = ctx.createImageData(cols, rows);
  const pixels = split.images.subarray(index * rows * cols, (index + 1) * rows * cols);
  paintGray(image.data, pixels);
  ctx.putImageData(image, 0, 0);
  return canvas;
}

/** Writes gray bytes into RGBA pixel data (opaque). */
export function paintGray(rgba: Uint8ClampedArray, gray: ArrayLike<number>): void {
  for (let i = 0; i < gray.length; i++) {
    const v = gray[i]!;
    rgba[i * 4] = v;
    rgba[i * 4 + 1] = v;
    rgba[i * 4 + 2] = v;
    rgba[i * 4 + 3] = 255;
  }
}

/**
 * Renders misclassified test images with their true and predicted labels; with `onPick`, each is a button
 * that hands its index over (to show what the network does with it).
 */
export function renderMisclassified(
  container: HTMLElement,
  split: Split,
  examples: readonly { index: number; trueLabel: number; predictedLabel: number; confidence?: number }[],
  classNames: readonly string[],
  onPick?: (index: number) => void,
): void {
  const items = examples.map((example) => {
    const item = document.createElement(onPick === undefined ? 'figure' : 'button');
    item.className = 'miss';
    const canvas = imageCanvas(split, example.index);
    const trueName = classNames[example.trueLabel] ?? String(example.trueLabel);
    const predictedName = classNames[example.predictedLabel] ?? String(example.predictedLabel);
    const description = `test image ${example.index}: true ${trueName}, predicted ${predictedName}`;
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', description);
    const caption = document.createElement(onPick === undefined ? 'figcaption' : 'span');
    const confidence = example.confidence === undefined ? '' : ` (${Math.round(example.confidence * 100)} %)`;
    caption.textContent = `true ${trueName} → ${predictedName}${confidence}`;
    item.append(canvas, caption);
    if (item instanceof HTMLButtonElement) {
      item.type = 'button';
      item.setAttribute('aria-label', `${description}; show what the network does with it`);
      item.addEventListener('click', () => onPick?.(example.index));
    }
    return item;
  });
  if (items.length === 0) {
    const p = document.createElement('p');
    p.textContent = 'No misclassified images.';
    container.replaceChildren(p);
  } else {
    container.replaceChildren(...items);
  }
}
