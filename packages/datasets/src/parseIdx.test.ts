import { describe, expect, it } from 'vitest';
import { DatasetError } from './DatasetError';
import { isGzip } from './isGzip';
import { parseIdx } from './parseIdx';
import { parseSplit } from './parseSplit';
import { gzip, idxImages, idxLabels } from './test-utils/idx';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DatasetError);
    return (error as DatasetError).code;
  }
  return undefined;
}

describe('parseIdx', () => {
  it('parses images and labels as views of the input', () => {
    const bytes = idxImages(3, 4, 5);
    const images = parseIdx(bytes, { expect: 'images' });
    expect(images).toMatchObject({ kind: 'images', count: 3, rows: 4, cols: 5 });
    expect(images.data.length).toBe(60);
    expect(images.data.buffer).toBe(bytes.buffer);
    expect(images.data[0]).toBe(bytes[16]);
    const labels = parseIdx(idxLabels([1, 2, 3]));
    expect(labels).toMatchObject({ kind: 'labels', count: 3 });
    expect([...labels.data]).toEqual([1, 2, 3]);
  });

  it('reads from a view with a byte offset', () => {
    const inner = idxLabels([7, 8]);
    const outer = new Uint8Array(inner.length + 5);
    outer.set(inner, 5);
    expect([...parseIdx(outer.subarray(5), { expect: 'labels' }).data]).toEqual([7, 8]);
  });

  it('rejects a bad magic number, naming the file', () => {
    const bytes = idxLabels([1]);
    bytes[3] = 0x09;
    expect(codeOf(() => parseIdx(bytes, { file: 'x.idx' }))).toBe('IDX_BAD_MAGIC');
    expect(() => parseIdx(bytes, { file: 'x.idx' })).toThrow(/x\.idx: bad IDX magic number 2057/);
    const html = new TextEncoder().encode('<!doctype html><html></html>');
    expect(() => parseIdx(html)).toThrow(/HTML page/);
  });

  it('rejects the wrong kind of file', () => {
    expect(codeOf(() => parseIdx(idxLabels([1]), { expect: 'images' }))).toBe('IDX_BAD_MAGIC');
    expect(() => parseIdx(idxImages(1, 2, 2), { expect: 'labels', file: 'l' })).toThrow(/expected an IDX labels file/);
  });

  it('rejects wrong dims (zero rows or cols)', () => {
    const bytes = idxImages(2, 3, 3);
    new DataView(bytes.buffer).setUint32(12, 0);
    expect(codeOf(() => parseIdx(bytes))).toBe('IDX_BAD_DIMS');
  });

  it('rejects truncated files (header and body)', () => {
    expect(codeOf(() => parseIdx(new Uint8Array([0, 0, 8])))).toBe('IDX_TRUNCATED');
    expect(codeOf(() => parseIdx(idxImages(2, 3, 3).subarray(0, 12)))).toBe('IDX_TRUNCATED');
    const short = idxImages(2, 3, 3).subarray(0, 16 + 17);
    expect(codeOf(() => parseIdx(short))).toBe('IDX_TRUNCATED');
    expect(() => parseIdx(short, { file: 'f' })).toThrow(
      /announces 2 images of 3×3 \(34 bytes\) but there are only 33/,
    );
    expect(codeOf(() => parseIdx(idxLabels([1, 2, 3]).subarray(0, 10)))).toBe('IDX_TRUNCATED');
  });

  it('rejects trailing bytes', () => {
    const bytes = new Uint8Array(idxLabels([1, 2]).length + 1);
    bytes.set(idxLabels([1, 2]));
    expect(codeOf(() => parseIdx(bytes))).toBe('IDX_TRAILING_BYTES');
    expect(() => parseIdx(bytes, { file: 'f' })).toThrow(/1 unexpected trailing bytes/);
  });

  it('detects gzip by magic bytes, not by name, and refuses to parse it compressed', () => {
    const raw = idxLabels([1, 2]);
    const gz = gzip(raw, 6);
    expect(isGzip(gz)).toBe(true);
    expect(isGzip(raw)).toBe(false);
    expect(isGzip(new Uint8Array([0x1f]))).toBe(false);
    expect(codeOf(() => parseIdx(gz, { file: 'labels.idx' }))).toBe('IDX_BAD_MAGIC');
    expect(() => parseIdx(gz)).toThrow(/gzip-compressed/);
  });
});

describe('parseSplit', () => {
  it('builds a split', () => {
    const split = parseSplit(idxImages(3, 2, 2), idxLabels([0, 9, 4]));
    expect(split).toMatchObject({ count: 3, rows: 2, cols: 2 });
    expect(split.images.length).toBe(12);
    expect([...split.labels]).toEqual([0, 9, 4]);
  });

  it('rejects an images/labels count mismatch, naming both files', () => {
    const fn = () => parseSplit(idxImages(3, 2, 2), idxLabels([0, 1]), { imagesFile: 'a.gz', labelsFile: 'b.gz' });
    expect(codeOf(fn)).toBe('IDX_COUNT_MISMATCH');
    expect(fn).toThrow('a.gz holds 3 images but b.gz holds 2 labels.');
  });

  it('rejects labels out of range', () => {
    const fn = () => parseSplit(idxImages(2, 2, 2), idxLabels([0, 10]), { labelsFile: 'l.gz' });
    expect(codeOf(fn)).toBe('LABEL_OUT_OF_RANGE');
    expect(fn).toThrow(/l\.gz: label 10 at index 1 is out of range \(expected 0…9\)/);
    expect(codeOf(() => parseSplit(idxImages(2, 2, 2), idxLabels([0, 3]), { numClasses: 3 }))).toBe(
      'LABEL_OUT_OF_RANGE',
    );
  });

  it('rejects swapped files', () => {
    expect(codeOf(() => parseSplit(idxLabels([0]), idxImages(1, 2, 2)))).toBe('IDX_BAD_MAGIC');
  });
});
