export { loadMlpFromDir } from './loadMlpFromDir';
export type { SaveMlpToDirResult } from './saveMlpToDir';
export { saveMlpToDir } from './saveMlpToDir';
