import { version } from '../package.json';

/** This package's version (from its package.json). */
export const VERSION: string = version;
