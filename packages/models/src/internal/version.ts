import { version } from '../../package.json';
/** This package's version (written into `generatedBy` of saved models). */
export const VERSION: string = version;
