// The deprecated `@mnist-kit/models/node` subpath: the same functions as the package root's Node entry.
import { loadMlpFromDir as rootLoadMlpFromDir } from './loadMlpFromDir';
import { type SaveMlpToDirResult as RootSaveMlpToDirResult, saveMlpToDir as rootSaveMlpToDir } from './saveMlpToDir';

/** @deprecated Import it from `@mnist-kit/models` (its Node entry); `@mnist-kit/models/node` goes away in the next minor. */
export const loadMlpFromDir: typeof rootLoadMlpFromDir = rootLoadMlpFromDir;

/** @deprecated Import it from `@mnist-kit/models` (its Node entry); `@mnist-kit/models/node` goes away in the next minor. */
export const saveMlpToDir: typeof rootSaveMlpToDir = rootSaveMlpToDir;

/** @deprecated Import it from `@mnist-kit/models` (its Node entry); `@mnist-kit/models/node` goes away in the next minor. */
export type SaveMlpToDirResult = RootSaveMlpToDirResult;
