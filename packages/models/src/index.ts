// Node entry: the shared API (core.ts, its one list), plus the filesystem helpers saveMlpToDir / loadMlpFromDir
// and, for any model (MLP or CNN), saveModelToDir / loadModelFromDir.
export * from './core';
export { loadMlpFromDir } from './node/loadMlpFromDir';
export { loadModelFromDir } from './node/loadModelFromDir';
export type { SaveMlpToDirResult } from './node/saveMlpToDir';
export { saveMlpToDir } from './node/saveMlpToDir';
export type { SaveModelToDirResult } from './node/saveModelToDir';
export { saveModelToDir } from './node/saveModelToDir';
