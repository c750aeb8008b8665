// Shared test fixtures of the workspace (private, never published; consumed as source). The tfjs
// backend helpers (`describeBackends`, `useCpuBackend`, …) are in `@mnist-kit/test-utils/backends`.
export type { EntryImportsOptions } from './entryImports';
export { entryImports, expectEntriesShareCore } from './entryImports';
export { idxBytes, MNIST_FILE_NAMES, writeIdxDataset } from './idx';
export { kaggleCsv } from './kaggleCsv';
export { maxAbsDiff, maxRelativeDiff, relativeL2Error } from './numeric';
export { mulberry32, randomArray } from './random';
export type { CliFlagValue, CliResult, RunCliOptions } from './runCli';
export { CLI, cliFlags, FASHION_MNIST_DIR, lastLine, runCli } from './runCli';
export type { SyntheticSplit } from './syntheticSplits';
export { blockSplit, glyphSplit, syntheticSplit, writeSyntheticDataset } from './syntheticSplits';
export { thrownBy } from './thrownBy';
