import { thrownBy } from '@mnist-kit/test-utils';
import { describe, expect, it } from 'vitest';
import { DatasetError } from './DatasetError';
import { parseDigitCsv } from './parseDigitCsv';

const HEADER_LABELED = ['label', ...Array.from({ length: 784 }, (_, i) => `pixel${i}`)].join(',');
const HEADER_UNLABELED = Array.from({ length: 784 }, (_, i) => `pixel${i}`).join(',');

/** The pixels of row `row`: a deterministic pattern over 0…255. */
function pixels(row: number): number[] {
  return Array.from({ length: 784 }, (_, i) => (row * 37 + i * 11) % 256);
}

/** A CSV in the Kaggle layout: `labels` given → labeled rows; `header` adds Kaggle's header line. */
function csv(options: { rows: number; labels?: (row: number) => number; header?: boolean; eol?: string }): string {
  const { rows, labels, header = true, eol = '\n' } = options;
  const lines: string[] = [];
  if (header) lines.push(labels ? HEADER_LABELED : HEADER_UNLABELED);
  for (let r = 0; r < rows; r++) lines.push([...(labels ? [labels(r)] : []), ...pixels(r)].join(','));
  return lines.join(eol) + eol;
}

function malformed(fn: () => unknown): DatasetError {
  const error = thrownBy(fn);
  expect(error).toBeInstanceOf(DatasetError);
  expect((error as DatasetError).code).toBe('CSV_MALFORMED');
  return error as DatasetError;
}

function expectRows(parsed: ReturnType<typeof parseDigitCsv>, rows: number): void {
  expect(parsed).toMatchObject({ count: rows, rows: 28, cols: 28 });
  expect(parsed.images.length).toBe(rows * 784);
  for (let r = 0; r < rows; r++) expect(Array.from(parsed.images.subarray(r * 784, (r + 1) * 784))).toEqual(pixels(r));
}

describe('parseDigitCsv', () => {
  it('reads a labeled CSV with the Kaggle header (train.csv)', () => {
    const parsed = parseDigitCsv(csv({ rows: 5, labels: (r) => (r * 3) % 10 }), { file: 'train.csv' });
    expectRows(parsed, 5);
    expect(Array.from(parsed.labels!)).toEqual([0, 3, 6, 9, 2]);
  });

  it('reads an unlabeled CSV with the header (test.csv): labels undefined', () => {
    const parsed = parseDigitCsv(csv({ rows: 3 }), { file: 'test.csv' });
    expectRows(parsed, 3);
    expect(parsed.labels).toBeUndefined();
  });

  it('without a header, tells labeled (785 values) from unlabeled (784) by the first row', () => {
    const labeled = parseDigitCsv(csv({ rows: 4, labels: () => 254, header: false }), { file: 'a.csv' });
    expectRows(labeled, 4);
    expect(Array.from(labeled.labels!)).toEqual([254, 254, 254, 254]);
    const unlabeled = parseDigitCsv(csv({ rows: 2, header: false }), { file: 'b.csv' });
    expectRows(unlabeled, 2);
    expect(unlabeled.labels).toBeUndefined();
  });

  it('accepts CRLF, a UTF-8 BOM, no final newline, blank (trailing) lines and spaces around values', () => {
    const base = csv({ rows: 3, labels: (r) => r, eol: '\r\n' });
    for (const text of [base, `\uFEFF${base}`, base.trimEnd(), `${base}\r\n\r\n  \n`, base.replaceAll(',', ' , ')]) {
      const parsed = parseDigitCsv(text, { file: 'x.csv' });
      expectRows(parsed, 3);
      expect(Array.from(parsed.labels!)).toEqual([0, 1, 2]);
    }
    const bytes = new TextEncoder().encode(`\uFEFF${csv({ rows: 2, header: false })}\n\n`);
    expectRows(parseDigitCsv(bytes, { file: 'x.csv' }), 2);
  });

  it('a quoted header is a header too; a header whose first column is not "label" means unlabeled', () => {
    const quoted = `"label",${HEADER_UNLABELED.split(',')
      .map((n) => `"${n}"`)
      .join(',')}\n${[7, ...pixels(0)].join(',')}\n`;
    expect(Array.from(parseDigitCsv(quoted, { file: 'q.csv' }).labels!)).toEqual([7]);
    const error = malformed(() => parseDigitCsv(`id,${HEADER_UNLABELED}\n`, { file: 'ids.csv' }));
    expect(error.message).toBe(
      'ids.csv line 1: the header has 785 columns, expected 784 (pixel0,…,pixel783, or label first).',
    );
  });

  it('a ragged row is CSV_MALFORMED naming the file, the line and the counts', () => {
    const lines = csv({ rows: 5, labels: () => 1 }).split('\n');
    lines[3] = lines[3]!.split(',').slice(0, 783).join(',');
    const error = malformed(() => parseDigitCsv(lines.join('\n'), { file: 'train.csv' }));
    expect(error.message).toBe('train.csv line 4: 783 values, expected 785.');
    expect(error.file).toBe('train.csv');
    const long = csv({ rows: 2, header: false }).replace('\n', ',0,0\n');
    expect(malformed(() => parseDigitCsv(`${csv({ rows: 1, header: false })}${long}`, { file: 't.csv' })).message).toBe(
      't.csv line 2: 786 values, expected 784.',
    );
    const first = malformed(() => parseDigitCsv('1,2,3\n', { file: 'tiny.csv' }));
    expect(first.message).toBe(
      'tiny.csv line 1: 3 values, expected 785 (a label, then 784 pixels) or 784 (pixels only).',
    );
    const header = malformed(() => parseDigitCsv('label,pixel0\n1,2\n', { file: 'h.csv' }));
    expect(header.message).toContain('h.csv line 1: the header has 2 columns, expected 785');
  });

  it('a value that is not an integer in range is CSV_MALFORMED naming the line and column', () => {
    const row = (values: string[]) => `${HEADER_LABELED}\n${[1, ...pixels(0)].join(',')}\n${values.join(',')}\n`;
    const cases: [string[], string][] = [
      [['3', 'x', ...pixels(1).slice(1).map(String)], 'line 3, column 2 (pixel0): "x" is not an integer 0…255.'],
      [['3', '1.5', ...pixels(1).slice(1).map(String)], 'line 3, column 2 (pixel0): "1.5" is not an integer 0…255.'],
      [
        ['3', ...pixels(1).slice(0, 9).map(String), '-1', ...pixels(1).slice(10).map(String)],
        'column 11 (pixel9): "-1"',
      ],
      [
        ['3', ...pixels(1).slice(0, 783).map(String), '256'],
        'line 3, column 785 (pixel783): 256 is out of range (pixels are 0…255).',
      ],
      [['255', ...pixels(1).map(String)], 'line 3, column 1 (label): 255 is out of range (labels are 0…254).'],
      [['', ...pixels(1).map(String)], 'line 3, column 1 (label): "" is not an integer 0…254.'],
    ];
    for (const [values, message] of cases) {
      const error = malformed(() => parseDigitCsv(row(values), { file: 'train.csv' }));
      expect(error.message).toContain(`train.csv ${message.startsWith('line') ? '' : 'line 3, '}${message}`);
    }
  });

  it('an empty file, a BOM alone, blank lines alone or a header alone are CSV_MALFORMED', () => {
    for (const text of ['', '\uFEFF', '\n\r\n  \n']) {
      expect(malformed(() => parseDigitCsv(text, { file: 'e.csv' })).message).toMatch(/^e\.csv is empty/);
    }
    expect(malformed(() => parseDigitCsv(`${HEADER_LABELED}\n`, { file: 'h.csv' })).message).toBe(
      'h.csv has a header but no rows.',
    );
  });

  it('parses a Kaggle-sized train.csv (42 000 rows, ~75 MB) quickly', () => {
    const rows = 42_000;
    const parts: string[] = [HEADER_LABELED];
    const line = (r: number) => [r % 10, ...pixels(r % 256)].join(',');
    const distinct = Array.from({ length: 256 }, (_, r) => line(r));
    for (let r = 0; r < rows; r++) parts.push(distinct[r % 256]!);
    const bytes = new TextEncoder().encode(`${parts.join('\n')}\n`);
    const start = performance.now();
    const parsed = parseDigitCsv(bytes, { file: 'train.csv' });
    const ms = performance.now() - start;
    expect(parsed.count).toBe(rows);
    expect(Array.from(parsed.images.subarray(41_999 * 784, 42_000 * 784))).toEqual(pixels(41_999 % 256));
    expect(parsed.labels![41_999]).toBe((41_999 % 256) % 10);
    // Generous for a busy CI machine; a byte scan takes a few hundred ms on one core.
    expect(ms).toBeLessThan(10_000);
  });
});
