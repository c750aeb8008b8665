import { DatasetError } from '../DatasetError';
import { parseSplit } from '../parseSplit';
import type { DatasetFileKey, DatasetSpec } from '../registry';
import type { Dataset } from '../types';

/** Builds a dataset from the four uncompressed IDX files, checking everything the parser checks plus train/test dims. */
export function assembleDataset(
  spec: DatasetSpec,
  raw: Readonly<Record<DatasetFileKey, Uint8Array>>,
  source: Dataset['source'],
  fileLabel: (key: DatasetFileKey) => string = (key) => spec.files[key].name,
): Dataset {
  const numClasses = spec.classNames.length;
  const train = parseSplit(raw.trainImages, raw.trainLabels, {
    numClasses,
    imagesFile: fileLabel('trainImages'),
    labelsFile: fileLabel('trainLabels'),
  });
  const test = parseSplit(raw.testImages, raw.testLabels, {
    numClasses,
    imagesFile: fileLabel('testImages'),
    labelsFile: fileLabel('testLabels'),
  });
  if (train.rows !== test.rows || train.cols !== test.cols) {
    throw new DatasetError(
      'IDX_BAD_DIMS',
      `${fileLabel('testImages')}: test images are ${test.rows}×${test.cols} but train images ` +
        `(${fileLabel('trainImages')}) are ${train.rows}×${train.cols}.`,
      { file: fileLabel('testImages') },
    );
  }
  return {
    name: spec.name,
    train,
    test,
    source,
    classNames: spec.classNames,
    preprocessing: spec.preprocessing ?? 'digit',
  };
}
