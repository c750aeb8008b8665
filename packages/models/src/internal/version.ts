/** This package's version (written into `generatedBy` of saved models). */
export const VERSION = '0.0.0';
