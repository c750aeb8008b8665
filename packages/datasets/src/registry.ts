import { DatasetError } from './DatasetError';
import type { DatasetFileKey, DatasetName, ImagePreprocessing } from './types';

export type { DatasetFileKey };

/** The four files of an MNIST-format dataset. */

/** The four file keys, in download order. */
export const FILE_KEYS: readonly DatasetFileKey[] = ['trainImages', 'trainLabels', 'testImages', 'testLabels'];

/** One published file: its name on the mirrors and, where known, its size and checksums. */
export interface DatasetFileSpec {
  /** File name on every mirror, e.g. `train-images-idx3-ubyte.gz`; the URL is mirror base + name. */
  name: string;
  /** Published size in bytes, when known. */
  size?: number;
  /** Published SHA-256 (lower-case hex), when known. Preferred over `md5`. */
  sha256?: string;
  /** Published MD5 (lower-case hex), when known. Used when there is no `sha256`. */
  md5?: string;
}

/** Everything needed to fetch, verify and label one dataset. */
export interface DatasetSpec {
  name: DatasetName;
  /** Human-readable title. */
  title: string;
  files: Readonly<Record<DatasetFileKey, DatasetFileSpec>>;
  /** Base URLs (ending in `/`) in preference order. */
  mirrors: readonly string[];
  /** One name per class index. */
  classNames: readonly string[];
  /**
   * How an image from outside the dataset (a photo to `predict`) becomes one of its 28 × 28 images:
   * `'digit'` for drawn characters (MNIST, KMNIST), `'resize'` for framed pictures (Fashion-MNIST).
   * Defaults to `'digit'`.
   */
  preprocessing?: ImagePreprocessing;
}

const MNIST_DIGITS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

/** The built-in datasets. */
export const DATASETS: Readonly<Record<DatasetName, DatasetSpec>> = {
  mnist: {
    name: 'mnist',
    title: 'MNIST handwritten digits',
    files: {
      trainImages: {
        name: 'train-images-idx3-ubyte.gz',
        size: 9912422,
        md5: 'f68b3c2dcbeaaa9fbdd348bbdeb94873',
        sha256: '440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609',
      },
      trainLabels: {
        name: 'train-labels-idx1-ubyte.gz',
        size: 28881,
        md5: 'd53e105ee54ea40749a09fcbcd1e9432',
        sha256: '3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c',
      },
      testImages: {
        name: 't10k-images-idx3-ubyte.gz',
        size: 1648877,
        md5: '9fb629c4189551a2d022fa330f9573f3',
        sha256: '8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6',
      },
      testLabels: {
        name: 't10k-labels-idx1-ubyte.gz',
        size: 4542,
        md5: 'ec29112dd5afa0611ce80d1b7f02629c',
        sha256: 'f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6',
      },
    },
    mirrors: [
      'https://storage.googleapis.com/cvdf-datasets/mnist/',
      'https://ossci-datasets.s3.amazonaws.com/mnist/',
      'https://cdn.jsdelivr.net/gh/fgnt/mnist/',
      'http://yann.lecun.com/exdb/mnist/',
    ],
    classNames: MNIST_DIGITS,
    preprocessing: 'digit',
  },
  'fashion-mnist': {
    name: 'fashion-mnist',
    title: 'Fashion-MNIST (Zalando article images)',
    files: {
      trainImages: { name: 'train-images-idx3-ubyte.gz', size: 26421880, md5: '8d4fb7e6c68d591d4c3dfef9ec88bf0d' },
      trainLabels: { name: 'train-labels-idx1-ubyte.gz', size: 29515, md5: '25c81989df183df01b3e8a0aad5dffbe' },
      testImages: { name: 't10k-images-idx3-ubyte.gz', size: 4422102, md5: 'bef4ecab320f06d8554ea6380940ec79' },
      testLabels: { name: 't10k-labels-idx1-ubyte.gz', size: 5148, md5: 'bb300cfdad3c16e7a12a480ee83cd310' },
    },
    mirrors: [
      'http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/',
      'https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/',
    ],
    classNames: [
      'T-shirt/top',
      'Trouser',
      'Pullover',
      'Dress',
      'Coat',
      'Sandal',
      'Shirt',
      'Sneaker',
      'Bag',
      'Ankle boot',
    ],
    preprocessing: 'resize',
  },
  kmnist: {
    name: 'kmnist',
    title: 'Kuzushiji-MNIST (cursive Japanese hiragana)',
    files: {
      trainImages: { name: 'train-images-idx3-ubyte.gz', md5: 'bdb82020997e1d708af4cf47b453dcf7' },
      trainLabels: { name: 'train-labels-idx1-ubyte.gz', md5: 'e144d726b3acfaa3e44228e80efcd344' },
      testImages: { name: 't10k-images-idx3-ubyte.gz', md5: '5c965bf0a639b31b8f53240b1b52f4d7' },
      testLabels: { name: 't10k-labels-idx1-ubyte.gz', md5: '7320c461ea6c1c855c0b718fb2a4b134' },
    },
    mirrors: ['http://codh.rois.ac.jp/kmnist/dataset/kmnist/'],
    classNames: [
      'o (お)',
      'ki (き)',
      'su (す)',
      'tsu (つ)',
      'na (な)',
      'ha (は)',
      'ma (ま)',
      'ya (や)',
      're (れ)',
      'wo (を)',
    ],
    preprocessing: 'digit',
  },
};

/** Names of the built-in datasets, in registry order. */
export const DATASET_NAMES = Object.keys(DATASETS) as DatasetName[];

/** `true` when `name` is a built-in dataset. */
export function isDatasetName(name: string): name is DatasetName {
  return Object.hasOwn(DATASETS, name);
}

/** The built-in spec of `name`; throws `DatasetError('UNKNOWN_DATASET')` for any other name. */
export function getDatasetSpec(name: string): DatasetSpec {
  if (!isDatasetName(name)) {
    throw new DatasetError(
      'UNKNOWN_DATASET',
      `Unknown dataset "${name}"; expected one of ${DATASET_NAMES.map((n) => `"${n}"`).join(', ')}.`,
    );
  }
  return DATASETS[name];
}
