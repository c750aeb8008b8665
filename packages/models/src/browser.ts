// Browser entry (the package root under the `browser` export condition): the shared API (core.ts, its one
// list), free of Node built-ins. Save and load with saveMlp / loadMlp and any tfjs IOHandler or URL.
export * from './core';
