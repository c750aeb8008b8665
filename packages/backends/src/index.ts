// Node entry: the shared API (core.ts), plus Node's candidates (tfjs-node-gpu, WebGPU through Dawn, …).
export * from './core';
export type { NodeBackendName } from './node/nodeCandidates';
export {
  NODE_BACKEND_NAMES,
  nodeCandidates,
  nodeCandidates as defaultCandidates,
  wasmDir,
} from './node/nodeCandidates';
