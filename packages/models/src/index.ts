// Node entry: the shared API (core.ts, its one list), plus the filesystem helpers saveMlpToDir / loadMlpFromDir.
export * from './core';
export { loadMlpFromDir } from './node/loadMlpFromDir';
export type { SaveMlpToDirResult } from './node/saveMlpToDir';
export { saveMlpToDir } from './node/saveMlpToDir';
