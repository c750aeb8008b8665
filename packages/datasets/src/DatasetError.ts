import type { DatasetFileKey } from './types';

/** Stable codes carried by {@link DatasetError}; match on these, not on messages. */
export type DatasetErrorCode =
  /** The first four bytes are not the IDX magic expected (2051 images, 2049 labels), or the file is still gzipped. */
  | 'IDX_BAD_MAGIC'
  /** A dimension is zero, or the images' `rows × cols` differ from what was expected (e.g. train vs test). */
  | 'IDX_BAD_DIMS'
  /** The file is shorter than its header says. */
  | 'IDX_TRUNCATED'
  /** The file is longer than its header says. */
  | 'IDX_TRAILING_BYTES'
  /** The images and labels files hold different numbers of items. */
  | 'IDX_COUNT_MISMATCH'
  /** A label is not in `0 … numClasses-1`. */
  | 'LABEL_OUT_OF_RANGE'
  /** Gzip data could not be decompressed. */
  | 'DECOMPRESS_FAILED'
  /** A local file, a `files` entry or a URL (HTTP 404) is missing. */
  | 'FILE_MISSING'
  /**
   * Every mirror failed for a file (see {@link DatasetError.attempts}), or, from `downloadDataset` /
   * `loadDataset`, one or more files could not be had (see {@link DatasetError.failures}). Also a
   * non-404 HTTP failure of a URL load.
   */
  | 'DOWNLOAD_FAILED'
  /** Bytes do not match the published SHA-256/MD5. */
  | 'CHECKSUM_MISMATCH'
  /** Bytes do not have the published size. */
  | 'SIZE_MISMATCH'
  /** No response, or no body data, within the timeout. */
  | 'TIMEOUT'
  /** The dataset name is not in the registry. */
  | 'UNKNOWN_DATASET'
  /** The caller's `AbortSignal` fired. */
  | 'ABORTED'
  /** `preprocessDigit` (or `preprocessImage` in `'digit'` mode) found no ink in the image. */
  | 'EMPTY_IMAGE'
  /** An image file is not a PNG or JPEG, is corrupt, or cannot be read (`file` names it). */
  | 'BAD_IMAGE'
  /** A class folder of an image-folder dataset holds no PNG or JPEG image (`file` names the folder). */
  | 'EMPTY_CLASS'
  /** An image folder or CSV has more than 255 classes (labels are bytes, `0 … 254`). */
  | 'TOO_MANY_CLASSES'
  /** An image folder's `test/` has other class folders than its `train/` (the message lists the differences). */
  | 'CLASS_MISMATCH'
  /**
   * A CSV is not in the Kaggle "Digit Recognizer" layout: empty, a row with the wrong number of values,
   * or a value that is not an integer in range (the message names the file, line and column).
   */
  | 'CSV_MALFORMED'
  /** An option has an invalid value (e.g. `batchSize: 0`, `fraction: 1.5`). */
  | 'INVALID_OPTION';

/** One failed mirror of a download that failed on every mirror. */
export interface DownloadAttempt {
  /** The mirror's base URL. */
  mirror: string;
  /** The file's full URL on that mirror. */
  url: string;
  /** Why the last try on this mirror failed, e.g. `HTTP 404 Not Found`. */
  reason: string;
  /** The code of the last failure on this mirror, e.g. `CHECKSUM_MISMATCH`. */
  code: DatasetErrorCode;
}

/** One file of a dataset that could not be downloaded, in {@link DatasetError.failures}. */
export interface DownloadFailure {
  /** The file's key, e.g. `'trainImages'`. */
  key: DatasetFileKey;
  /** The file's name, e.g. `train-images-idx3-ubyte.gz`. */
  file: string;
  /** Its error's code: `DOWNLOAD_FAILED` when every mirror failed (then `attempts` lists them). */
  code: DatasetErrorCode;
  /** Its error's message (one line per mirror tried, with the reason). */
  message: string;
  /** Each mirror tried, in order, with its reason; empty when no mirror was to blame (e.g. the cache could not be written). */
  attempts: readonly DownloadAttempt[];
}

/** Extra fields of a {@link DatasetError}. */
export interface DatasetErrorOptions {
  cause?: unknown;
  /** The file (name, path or URL) the error is about. */
  file?: string;
  /** For `DOWNLOAD_FAILED`: each mirror tried, in order, with its reason. */
  attempts?: readonly DownloadAttempt[];
  /** For `DOWNLOAD_FAILED` from a dataset download: each file that could not be had. */
  failures?: readonly DownloadFailure[];
}

/** The one error class thrown by `@mnist-kit/datasets`. */
export class DatasetError extends Error {
  override readonly name = 'DatasetError';
  /** Stable machine-readable code. */
  readonly code: DatasetErrorCode;
  /** The file (name, path or URL) the error is about, when there is one. */
  readonly file: string | undefined;
  /**
   * For `DOWNLOAD_FAILED`: each mirror tried with its reason (of the first failed file, for a dataset
   * download; {@link DatasetError.failures} has them all); empty otherwise.
   */
  readonly attempts: readonly DownloadAttempt[];
  /**
   * For `DOWNLOAD_FAILED` from `downloadDataset` / `loadDataset`: each file that could not be had, in
   * `FILE_KEYS` order (the files not listed were verified and cached); empty otherwise.
   */
  readonly failures: readonly DownloadFailure[];

  constructor(code: DatasetErrorCode, message: string, options: DatasetErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.file = options.file;
    this.attempts = options.attempts ?? [];
    this.failures = options.failures ?? [];
  }
}

/** `true` when `error` is a {@link DatasetError}, optionally with the given code. */
export function isDatasetError(error: unknown, code?: DatasetErrorCode): error is DatasetError {
  return error instanceof DatasetError && (code === undefined || error.code === code);
}
