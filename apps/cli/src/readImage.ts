import { type DigitImage, isDatasetError, readImageFile } from '@mnist-kit/datasets';
import { CliError } from './CliError.js';

/**
 * Reads a PNG or JPEG file (told apart by its bytes, not its name) with datasets' `readImageFile` — the
 * decoder image-folder datasets use — as one `CliError('IMAGE')` line when it cannot: "image not found: …",
 * "… is not a PNG or JPEG image", "… is a corrupt PNG: …".
 */
export async function readImage(path: string): Promise<DigitImage> {
  try {
    return await readImageFile(path);
  } catch (error) {
    if (!isDatasetError(error)) throw error;
    const missing = (error.cause as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
    throw new CliError('IMAGE', missing ? `image not found: ${path}` : error.message, { cause: error });
  }
}
