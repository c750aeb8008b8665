import { kaggleCsv } from '@mnist-kit/test-utils';
import { describe, expect, it } from 'vitest';
import { csvDataset } from './csvDataset';
import { failure } from './test-utils/failure';

describe('csvDataset', () => {
  it('train + labeled test: both splits, classes "0" … the largest label of both, from bytes or text', async () => {
    const dataset = csvDataset({
      train: new TextEncoder().encode(kaggleCsv(20, (r) => r % 4)),
      test: kaggleCsv(6, (r) => 3 + (r % 3)),
      name: 'kaggle',
    });
    expect(dataset).toMatchObject({ name: 'kaggle', layout: 'csv', source: 'files' });
    expect(dataset.classNames).toEqual(['0', '1', '2', '3', '4', '5']);
    expect([dataset.train.count, dataset.test.count]).toEqual([20, 6]);
    expect(dataset.heldOutTest).toBeUndefined();
    expect(Array.from(dataset.test.labels)).toEqual([3, 4, 5, 3, 4, 5]);
    expect(dataset.train.images[784 + 10]).toBe(15);
    expect(dataset.train).toMatchObject({ rows: 28, cols: 28 });
  });

  it('train alone, or with an unlabeled test (left for predict): 10 % of train held out, the same either way', () => {
    const alone = csvDataset({ train: kaggleCsv(30, (r) => r % 3), source: 'local' });
    expect([alone.train.count, alone.test.count, alone.heldOutTest]).toEqual([27, 3, 3]);
    expect(alone).toMatchObject({ name: 'data', source: 'local', classNames: ['0', '1', '2'] });
    const unlabeled = csvDataset({ train: kaggleCsv(30, (r) => r % 3), test: kaggleCsv(8) });
    expect(unlabeled.heldOutTest).toBe(3);
    expect(unlabeled.test.images).toEqual(alone.test.images);
  });

  it('CSV_MALFORMED names the file (as trainFile / testFile say) and the line', async () => {
    const unlabeled = await failure(
      Promise.resolve().then(() => csvDataset({ train: kaggleCsv(3) })),
      'CSV_MALFORMED',
    );
    expect(unlabeled.message).toContain('train.csv has no label column');
    const lines = kaggleCsv(4, () => 1).split('\n');
    lines[2] = lines[2]!.slice(0, lines[2]!.lastIndexOf(','));
    const ragged = await failure(
      Promise.resolve().then(() => csvDataset({ train: lines.join('\n'), trainFile: 'mine/train.csv' })),
      'CSV_MALFORMED',
    );
    expect(ragged.message).toBe('mine/train.csv line 3: 784 values, expected 785.');
    const test = await failure(
      Promise.resolve().then(() =>
        csvDataset({ train: kaggleCsv(4, () => 1), test: 'label,pixel0\n', testFile: 't.csv' }),
      ),
      'CSV_MALFORMED',
    );
    expect(test.file).toBe('t.csv');
  });

  it('a single row and no test split: FILE_MISSING naming the train CSV', async () => {
    const error = await failure(
      Promise.resolve().then(() => csvDataset({ train: kaggleCsv(1, () => 0) })),
      'FILE_MISSING',
    );
    expect(error.message).toMatch(/^train\.csv has no test split/);
  });
});
