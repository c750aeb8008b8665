import { csvData } from './internal/csvData';
import { ownDataset } from './internal/ownDataset';
import { parseDigitCsv } from './parseDigitCsv';
import type { Dataset } from './types';

/** Options of {@link csvDataset}. */
export interface CsvDatasetOptions {
  /** The train CSV (Kaggle "Digit Recognizer" layout, `label,pixel0,…,pixel783`), bytes or text; it must be labeled. Required. */
  train: Uint8Array | string;
  /**
   * The test CSV: labeled, it is the test split; unlabeled (Kaggle's `test.csv`, left for `predict`) or
   * absent, 10 % of train (seeded shuffle) is held out as the test split instead. Defaults to none.
   */
  test?: Uint8Array | string;
  /** How the train CSV is named in error messages (e.g. its path). Defaults to `'train.csv'`. */
  trainFile?: string;
  /** How the test CSV is named in error messages. Defaults to `'test.csv'`. */
  testFile?: string;
  /** The dataset's `name`: the data folder's name. Defaults to `'data'`. */
  name?: string;
  /** The dataset's `source`. Defaults to `'files'`. */
  source?: Dataset['source'];
}

/**
 * A dataset from Kaggle "Digit Recognizer" CSVs (see `parseDigitCsv`), as `loadDataset({ dataDir })`
 * reads `train.csv` and `test.csv`: class names `'0'` … the largest label of both splits, `layout: 'csv'`,
 * `heldOutTest` when train was split. Synchronous: the bytes are parsed in one scan.
 *
 * @throws DatasetError `CSV_MALFORMED` naming the file and line (an unlabeled train CSV, a ragged row,
 *   a bad value), `FILE_MISSING` (a single row and no test split to hold one out from).
 */
export function csvDataset(options: CsvDatasetOptions): Dataset {
  const { trainFile = 'train.csv', testFile = 'test.csv', name = 'data', source = 'files' } = options;
  const train = { csv: parseDigitCsv(options.train, { file: trainFile }), file: trainFile };
  const test =
    options.test === undefined ? undefined : { csv: parseDigitCsv(options.test, { file: testFile }), file: testFile };
  return ownDataset(name, csvData(train, test, trainFile), 'csv', source);
}
