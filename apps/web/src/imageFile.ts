import type { DigitImage } from '@mnist-kit/datasets';

/** Image files a user may pick or drop to show the model (what the browser decodes). */
export const IMAGE_FILE_TYPES = /^image\/(png|jpeg|gif|webp|bmp)$/;

/**
 * Decodes an image file (PNG, JPEG, …) into RGBA pixels at its own size, for `preprocessDigit` — the same
 * path as a drawing and as the CLI's `predict`. Rejects with a message for a file that is not an image.
 */
export async function decodeImageFile(file: Blob & { name?: string }): Promise<DigitImage> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    throw new Error(`${file.name ?? 'the file'} is not an image this browser can read (PNG or JPEG)`);
  }
  try {
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext('2d');
    if (ctx === null) throw new Error('no 2D canvas to decode the image');
    ctx.drawImage(bitmap, 0, 0);
    const data = ctx.getImageData(0, 0, bitmap.width, bitmap.height);
    return { data: data.data, width: data.width, height: data.height, channels: 4 };
  } finally {
    bitmap.close();
  }
}
