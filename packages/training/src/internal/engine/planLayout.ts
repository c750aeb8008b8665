/**
 * Word offsets of the plan the engine's `step` reads (i32/f32 words); the same numbers are in
 * `assembly/index.ts`.
 */
export const PLAN = {
  layers: 0,
  threads: 1,
  input: 2,
  rows: 3,
  paddedRows: 4,
  classes: 5,
  x: 6,
  labels: 7,
  result: 8,
  /** Byte offset of the phase lines (64 bytes each) of `assembly/schedule.ts`. */
  phases: 9,
  optimizer: 10,
  params: 11,
  grads: 12,
  slot1: 13,
  slot2: 14,
  total: 15,
  seed: 16,
  smoothing: 17,
  dropout: 18,
  keepScale: 19,
  /** Eight optimizer scalars (see `assembly/optimizers.ts`). */
  opt: 20,
  /** The current step's generation (written by `prepare`). */
  generation: 28,
  /** Pixel bytes of the training split, when the engine gathers batches itself. */
  images: 29,
  labelBytes: 30,
  /** Row indices of the current batch (i32). */
  order: 31,
  /** A `GATHER_CODE`. */
  gather: 32,
  /** 256 floats: the byte → input table for `GATHER_CODE.table`. */
  table: 33,
  layer0: 40,
  layerWords: 16,
} as const;

/** Word offsets within a layer's block of the plan. */
export const LAYER = {
  k: 0,
  n: 1,
  p: 2,
  act: 3,
  input: 4,
  w: 5,
  b: 6,
  gw: 7,
  gb: 8,
  y: 9,
  d: 10,
  mask: 11,
  dz: 12,
  wt: 13,
} as const;

/** Activation codes of `assembly/elementwise.ts`. */
export const ACTIVATION_CODE = { linear: 0, relu: 1, tanh: 2, sigmoid: 3 } as const;

/** Optimizer codes of `assembly/index.ts`. */
export const OPTIMIZER_CODE = { adam: 0, sgd: 1 } as const;

/** How the engine builds a batch (`assembly/gather.ts`): not at all (the host wrote it), x/255, or a table. */
export const GATHER_CODE = { none: 0, unit: 1, table: 2 } as const;
