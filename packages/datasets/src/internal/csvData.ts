import { DatasetError } from '../DatasetError';
import type { DigitCsv } from '../parseDigitCsv';
import type { Split } from '../types';
import { checkOwnSplits } from './checkOwnSplits';
import { holdOutTest } from './holdOutTest';
import type { OwnData } from './OwnData';

/** One parsed CSV and how to name it in errors. */
export interface CsvInput {
  csv: DigitCsv;
  file: string;
}

/**
 * Splits and class names from a labeled train CSV and an optional test CSV: a labeled test CSV is the
 * test split; without one (absent, or unlabeled: left for `predict`), 10 % of train is held out.
 * Class names are `'0'` … the largest label of both splits.
 */
export function csvData(train: CsvInput, test: CsvInput | undefined, where: string): OwnData {
  if (train.csv.labels === undefined) {
    throw new DatasetError(
      'CSV_MALFORMED',
      `${train.file} has no label column: a train CSV needs one (label,pixel0,…,pixel783).`,
      { file: train.file },
    );
  }
  const all = toSplit(train.csv, train.csv.labels);
  let trainSplit: Split;
  let testSplit: Split;
  let heldOutTest: number | undefined;
  let testFile: string;
  if (test?.csv.labels !== undefined) {
    trainSplit = all;
    testSplit = toSplit(test.csv, test.csv.labels);
    testFile = test.file;
  } else {
    const held = holdOutTest(all, where);
    trainSplit = held.train;
    testSplit = held.test;
    heldOutTest = held.heldOut;
    testFile = `${train.file} (held out)`;
  }
  let max = 0;
  for (const labels of [trainSplit.labels, testSplit.labels]) for (const label of labels) if (label > max) max = label;
  const classNames = Array.from({ length: max + 1 }, (_, i) => String(i));
  checkOwnSplits(trainSplit, testSplit, classNames.length, train.file, testFile);
  return { train: trainSplit, test: testSplit, classNames, preprocessing: 'digit', heldOutTest };
}

function toSplit(csv: DigitCsv, labels: Uint8Array): Split {
  return { images: csv.images, labels, count: csv.count, rows: csv.rows, cols: csv.cols };
}
