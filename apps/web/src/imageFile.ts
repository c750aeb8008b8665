import { DatasetError, type DigitImage } from '@mnist-kit/datasets';

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
  return bitmapPixels(bitmap);
}

/**
 * The RGBA pixels of `bitmap` at its own size, drawn on an `OffscreenCanvas` whose 2D context gets `settings`;
 * the bitmap is closed afterwards, whatever happens.
 */
function bitmapPixels(bitmap: ImageBitmap, settings?: CanvasRenderingContext2DSettings): DigitImage {
  try {
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext('2d', settings);
    if (ctx === null) throw new Error('no 2D canvas to decode the image');
    ctx.drawImage(bitmap, 0, 0);
    const data = ctx.getImageData(0, 0, bitmap.width, bitmap.height);
    return { data: data.data, width: data.width, height: data.height, channels: 4 };
  } finally {
    bitmap.close();
  }
}

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG_MAGIC = [0xff, 0xd8, 0xff];

/** `PNG` / `JPEG` from a file's first bytes (as the CLI tells them apart: by content, not by name), or `undefined`. */
export function imageFormat(head: Uint8Array): 'PNG' | 'JPEG' | undefined {
  const starts = (magic: readonly number[]) => head.length >= magic.length && magic.every((b, i) => head[i] === b);
  return starts(PNG_MAGIC) ? 'PNG' : starts(JPEG_MAGIC) ? 'JPEG' : undefined;
}

/**
 * Decodes an image of a dataset folder (PNG or JPEG) into RGBA pixels at its own size, for `imageFolderDataset`:
 * the browser's decoder (`createImageBitmap`, no colour-space conversion or premultiplication, so gray PNGs keep
 * their bytes) drawn on an `OffscreenCanvas`. Fails as the CLI's `readImageFile` does, with one
 * `DatasetError('BAD_IMAGE')` line naming `name`: `… is not a PNG or JPEG image.`, `… is a corrupt PNG: …`,
 * `cannot read …: …`.
 */
export async function decodeDatasetImage(file: Blob, name: string): Promise<DigitImage> {
  let head: Uint8Array;
  try {
    head = new Uint8Array(await file.slice(0, 8).arrayBuffer());
  } catch (cause) {
    throw new DatasetError('BAD_IMAGE', `cannot read ${name}: ${reason(cause)}`, { cause, file: name });
  }
  const format = imageFormat(head);
  if (format === undefined) throw new DatasetError('BAD_IMAGE', `${name} is not a PNG or JPEG image.`, { file: name });
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, { colorSpaceConversion: 'none', premultiplyAlpha: 'none' });
  } catch (cause) {
    throw new DatasetError('BAD_IMAGE', `${name} is a corrupt ${format}: ${reason(cause)}`, { cause, file: name });
  }
  return bitmapPixels(bitmap, { willReadFrequently: true });
}

/** An error's message on one line, without its final period. */
function reason(error: unknown): string {
  const message = error instanceof Error ? error.message || error.name : String(error);
  return message.replace(/\s+/g, ' ').trim().replace(/\.$/, '') || 'unknown error';
}
