import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DatasetError } from '../DatasetError';
import { nodePlatform } from '../node/nodePlatform';
import type { DatasetFileSpec } from '../registry';
import { gzip, makeTestDataset } from '../test-utils/idx';
import { checksumMismatch } from './checksumMismatch';
import type { DatasetPlatform } from './DatasetPlatform';
import { decodeIdxFile } from './decodeIdxFile';
import { webPlatform } from './webPlatform';

afterEach(() => {
  vi.unstubAllGlobals();
});

const hex = (algorithm: string, bytes: Uint8Array) => createHash(algorithm).update(bytes).digest('hex');

// The shared decode and checksum code, on each platform it is handed.
describe.each<[string, DatasetPlatform]>([
  ['node', nodePlatform],
  ['web', webPlatform],
])('on the %s platform', (_, platform) => {
  it('decodeIdxFile gunzips by magic and passes raw IDX through', async () => {
    const raw = makeTestDataset().raw.trainLabels;
    expect(await decodeIdxFile(raw, 'x', platform)).toBe(raw);
    expect(await decodeIdxFile(gzip(raw, 9), 'x', platform)).toEqual(raw);
  });

  it('decodeIdxFile: corrupt gzip → DECOMPRESS_FAILED naming the file', async () => {
    const gz = gzip(makeTestDataset().raw.trainImages, 9);
    const broken = gz.slice(0, gz.length - 20);
    const error = (await decodeIdxFile(broken, 'f.gz', platform).catch((e: unknown) => e)) as DatasetError;
    expect(error).toBeInstanceOf(DatasetError);
    expect(error.code).toBe('DECOMPRESS_FAILED');
    expect(error.file).toBe('f.gz');
    expect(error.message).toMatch(/^f\.gz: gzip data is corrupt \(.+\)\.$/);
  });

  it('checksumMismatch checks SHA-256 (any case), preferred over MD5', async () => {
    const bytes = makeTestDataset().gz.trainImages;
    const sha256 = hex('sha256', bytes);
    const file: DatasetFileSpec = { name: 'f.gz', sha256: sha256.toUpperCase(), md5: '0'.repeat(32) };
    expect(await checksumMismatch(bytes, file, platform)).toBeUndefined();
    const wrong = { ...file, sha256: 'ab'.repeat(32) };
    expect(await checksumMismatch(bytes, wrong, platform)).toEqual({
      algorithm: 'sha256',
      actual: sha256,
      expected: 'ab'.repeat(32),
    });
    expect(await checksumMismatch(bytes, { name: 'f.gz' }, platform)).toBeUndefined();
  });
});

describe('checksumMismatch, MD5 only', () => {
  const bytes = new Uint8Array([1, 2, 3]);
  const file: DatasetFileSpec = { name: 'f.gz', md5: '0'.repeat(32) };

  it('checks MD5 on Node', async () => {
    expect(await checksumMismatch(bytes, file, nodePlatform)).toEqual({
      algorithm: 'md5',
      actual: hex('md5', bytes),
      expected: file.md5,
    });
    expect(await checksumMismatch(bytes, { ...file, md5: hex('md5', bytes) }, nodePlatform)).toBeUndefined();
  });

  it('skips it on the web platform (SubtleCrypto has no MD5), and SHA-256 without crypto.subtle', async () => {
    expect(webPlatform.md5).toBeUndefined();
    expect(await checksumMismatch(bytes, file, webPlatform)).toBeUndefined();
    vi.stubGlobal('crypto', {});
    expect(await webPlatform.sha256(bytes)).toBeUndefined();
    expect(await checksumMismatch(bytes, { name: 'f.gz', sha256: 'ab'.repeat(32) }, webPlatform)).toBeUndefined();
  });
});
