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

/** Renders misclassified test images with their true and predicted labels. */
export function renderMisclassified(
  container: HTMLElement,
  split: Split,
  examples: readonly { index: number; trueLabel: number; predictedLabel: number; confidence?: number }[],
  classNames: readonly string[],
): void {
  const items = examples.map((example) => {
    const figure = document.createElement('figure');
    figure.className = 'miss';
    const canvas = imageCanvas(split, example.index);
    const trueName = classNames[example.trueLabel] ?? String(example.trueLabel);
    const predictedName = classNames[example.predictedLabel] ?? String(example.predictedLabel);
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', `test image ${example.index}: true ${trueName}, predicted ${predictedName}`);
    const caption = document.createElement('figcaption');
    const confidence = example.confidence === undefined ? '' : ` (${Math.round(example.confidence * 100)} %)`;
    caption.textContent = `true ${trueName} → ${predictedName}${confidence}`;
    figure.append(canvas, caption);
    return figure;
  });
  if (items.length === 0) {
    const p = document.createElement('p');
    p.textContent = 'No misclassified images.';
    container.replaceChildren(p);
  } else {
    container.replaceChildren(...items);
  }
}
