import { join } from 'node:path';
import { thrownBy } from '@mnist-kit/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DatasetError } from '../DatasetError';
import { encodeJpeg, encodePng, type PngColorType, rgbaImage, writeTree } from '../test-utils/images';
import { tempDir } from '../test-utils/tempDir';
import { decodeImage, readImageFile } from './decodeImage';

let tmp: { dir: string; cleanup: () => Promise<void> };
beforeEach(async () => {
  tmp = await tempDir();
});
afterEach(async () => {
  await tmp.cleanup();
});

const colour = rgbaImage(5, 3, (x, y) => [x * 50, y * 100, 255 - x * 40, 255]);
const translucent = rgbaImage(4, 4, (x, y) => [200, 200, 200, (x + y) * 30]);

function badImage(fn: () => unknown): DatasetError {
  const error = thrownBy(fn);
  expect(error).toBeInstanceOf(DatasetError);
  expect((error as DatasetError).code).toBe('BAD_IMAGE');
  return error as DatasetError;
}

describe('decodeImage', () => {
  it('decodes PNGs of every colour type and bit depth into RGBA', () => {
    const cases: [PngColorType, Uint8Array][] = [
      [6, Uint8Array.from(translucent.data)],
      [2, Uint8Array.from(colour.data)],
    ];
    for (const [type, expected] of cases) {
      const source = type === 6 ? translucent : colour;
      const decoded = decodeImage(encodePng(source, type), 'x.png');
      expect(decoded).toMatchObject({ width: source.width, height: source.height, channels: 4 });
      expect(Uint8Array.from(decoded.data)).toEqual(expected);
    }
    const gray = rgbaImage(6, 2, (x, y) => x * 40 + y);
    for (const bitDepth of [8, 16] as const) {
      const decoded = decodeImage(encodePng(gray, 0, bitDepth), 'gray.png');
      expect(Uint8Array.from(decoded.data), `${bitDepth}-bit`).toEqual(Uint8Array.from(gray.data));
    }
    const grayAlpha = decodeImage(encodePng(translucent, 4), 'ga.png');
    expect(Uint8Array.from(grayAlpha.data)).toEqual(Uint8Array.from(translucent.data));
  });

  it('decodes JPEGs into RGBA (lossy: close to the original)', () => {
    const image = rgbaImage(16, 16, (x, y) => (x < 8 ? 30 : 220) + (y & 1));
    const decoded = decodeImage(encodeJpeg(image, 100), 'x.jpg');
    expect(decoded).toMatchObject({ width: 16, height: 16, channels: 4 });
    let worst = 0;
    for (let i = 0; i < image.data.length; i++) worst = Math.max(worst, Math.abs(decoded.data[i]! - image.data[i]!));
    expect(worst).toBeLessThan(12);
  });

  it('tells the formats apart by their bytes, not their names', () => {
    expect(decodeImage(encodePng(colour, 2), 'photo.jpg').width).toBe(5);
    expect(decodeImage(encodeJpeg(colour), 'scan.png').width).toBe(5);
  });

  it('rejects other bytes, corrupt PNGs and corrupt JPEGs with BAD_IMAGE naming the file', () => {
    const text = badImage(() => decodeImage(new TextEncoder().encode('not an image'), 'notes.png'));
    expect(text.message).toBe('notes.png is not a PNG or JPEG image.');
    expect(text.file).toBe('notes.png');
    expect(badImage(() => decodeImage(new Uint8Array(0), 'empty.png')).message).toContain('empty.png is not a PNG');
    const png = encodePng(colour, 2);
    const corruptPng = badImage(() => decodeImage(png.subarray(0, png.length - 20), 'cut.png'));
    expect(corruptPng.message).toMatch(/^cut\.png is a corrupt PNG: \S/);
    expect(corruptPng.message).not.toContain('\n');
    const jpg = encodeJpeg(colour);
    const corruptJpeg = badImage(() => decodeImage(jpg.subarray(0, 40), 'cut.jpg'));
    expect(corruptJpeg.message).toMatch(/^cut\.jpg is a corrupt JPEG: \S/);
  });
});

describe('readImageFile', () => {
  it('reads and decodes a file; a missing one is BAD_IMAGE "cannot read …: ENOENT"', async () => {
    await writeTree(tmp.dir, { 'a.png': encodePng(colour, 2) });
    expect((await readImageFile(join(tmp.dir, 'a.png'))).height).toBe(3);
    const missing = join(tmp.dir, 'nope.png');
    const error = (await readImageFile(missing).catch((e: unknown) => e)) as DatasetError;
    expect(error.code).toBe('BAD_IMAGE');
    expect(error.message).toBe(`cannot read ${missing}: ENOENT`);
    expect(error.file).toBe(missing);
    await writeTree(tmp.dir, { 'b.png': 'hello' });
    const garbage = (await readImageFile(join(tmp.dir, 'b.png')).catch((e: unknown) => e)) as DatasetError;
    expect(garbage.message).toBe(`${join(tmp.dir, 'b.png')} is not a PNG or JPEG image.`);
  });
});
