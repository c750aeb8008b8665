import type { Dataset, DatasetLayout } from '../types';
import type { OwnData } from './OwnData';

/** The `Dataset` of your own data (an image folder or CSVs): `heldOutTest` set only when train was split. */
export function ownDataset(name: string, data: OwnData, layout: DatasetLayout, source: Dataset['source']): Dataset {
  const { train, test, classNames, preprocessing, heldOutTest } = data;
  return {
    name,
    train,
    test,
    source,
    classNames,
    preprocessing,
    layout,
    ...(heldOutTest === undefined ? {} : { heldOutTest }),
  };
}
