// mnist-kit's training engine: one whole training step of a dense network (forward, softmax
// cross-entropy, backward, optimizer update) in WebAssembly SIMD, split between threads that share
// one memory. The host (src/internal/engine/) lays out the memory and writes a plan; `step` reads it.
import { activationGrad, biasActivation, columnSums, dropout, LINEAR, transposeRows } from './elementwise';
import { GATHER_NONE, gatherRows } from './gather';
import { gemm } from './gemm';
import { adam, sgd } from './optimizers';
import { awaitPhase, claim, finish, resetPhases } from './schedule';
import { softmaxCrossEntropy } from './softmaxCrossEntropy';

// Plan header (i32 / f32 words); keep in sync with src/internal/engine/planLayout.ts.
const LAYERS = 0;
const THREADS = 1;
const INPUT = 2;
const ROWS = 3;
const PADDED_ROWS = 4;
const CLASSES = 5;
const X = 6;
const LABELS = 7;
const RESULT = 8;
const PHASES = 9;
const OPTIMIZER = 10;
const PARAMS = 11;
const GRADS = 12;
const SLOT1 = 13;
const SLOT2 = 14;
const TOTAL = 15;
const SEED = 16;
const SMOOTHING = 17;
const DROPOUT = 18;
const KEEP_SCALE = 19;
const OPT = 20; // 8 optimizer scalars
const GENERATION = 28;
const IMAGES = 29; // pixel bytes of the whole training split (gathering in the engine)
const LABEL_BYTES = 30;
const ORDER = 31; // row indices of this batch, i32
const GATHER = 32; // GATHER_NONE: the host wrote x and labels
const TABLE = 33; // 256 floats for GATHER_TABLE
const LAYER0 = 40;
const LAYER_WORDS = 16;
// Per layer
const K = 0;
const N = 1;
const P = 2;
const ACT = 3;
const IN = 4;
const W = 5;
const B = 6;
const GW = 7;
const GB = 8;
const Y = 9;
const D = 10;
const MASK = 11;
const DZ = 12;
const WT = 13;

const ADAM = 0;

// @ts-ignore: decorator
@inline function word(plan: usize, i: i32): i32 {
  return load<i32>(plan + (<usize>i << 2));
}
// @ts-ignore: decorator
@inline function real(plan: usize, i: i32): f32 {
  return load<f32>(plan + (<usize>i << 2));
}
// @ts-ignore: decorator
@inline function layer(plan: usize, l: i32, field: i32): i32 {
  return word(plan, LAYER0 + l * LAYER_WORDS + field);
}

/** Chunks of `units` in blocks of `block`, at most `max` chunks (each a whole number of blocks). */
// @ts-ignore: decorator
@inline function blocksPerChunk(units: i32, block: i32, max: i32): i32 {
  const blocks = (units + block - 1) / block;
  return (blocks + max - 1) / max;
}

// @ts-ignore: decorator
@inline function chunkCount(units: i32, block: i32, max: i32): i32 {
  const blocks = (units + block - 1) / block;
  const per = blocksPerChunk(units, block, max);
  return (blocks + per - 1) / per;
}

/** Chunk `c` of `units` in blocks of `block` as [start, end). */
// @ts-ignore: decorator
@inline function chunkStart(units: i32, block: i32, max: i32, c: i32): i32 {
  return min(units, c * blocksPerChunk(units, block, max) * block);
}

/** Chunks per phase: enough for a few threads to share, few enough that a claim costs nothing. */
const MAX_CHUNKS = 8;
/** The update works in chunks of this many floats. */
const UPDATE_BLOCK = 4096;

/**
 * Phases of a step of `layers` layers: the batch gather, the forward hidden layers, the output layer +
 * loss, the backward layers, the update. (`chunksOf`/`runChunk` number them from the first forward
 * phase; the gather is phase −1.)
 */
// @ts-ignore: decorator
@inline function phaseCount(layers: i32): i32 {
  return 2 * layers + 2;
}

/** Rows per gather chunk. */
const GATHER_ROWS = 8;

/** Chunks of phase `p`. */
function chunksOf(plan: usize, p: i32): i32 {
  const layers = word(plan, LAYERS);
  if (p < 0) return word(plan, GATHER) === GATHER_NONE ? 0 : (word(plan, ROWS) + GATHER_ROWS - 1) / GATHER_ROWS;
  const last = layers - 1;
  if (p < last) return chunkCount(layer(plan, p, P), 8, MAX_CHUNKS);
  if (p === last) return 1;
  if (p < 2 * layers) {
    const l = 2 * layers - 1 - p;
    const k = layer(plan, l, K);
    // dW rows, then the bias gradient, then (below the first layer) the dZ columns of the layer below.
    return chunkCount(k, 4, MAX_CHUNKS) + 1 + (l > 0 ? chunkCount(k, 8, MAX_CHUNKS) : 0);
  }
  return chunkCount(word(plan, TOTAL), UPDATE_BLOCK, 2 * MAX_CHUNKS);
}

/** Runs chunk `c` of phase `p`. */
function runChunk(plan: usize, p: i32, c: i32): void {
  const layers = word(plan, LAYERS);
  const last = layers - 1;
  const bp = word(plan, PADDED_ROWS);
  const rate = real(plan, DROPOUT);
  if (p < 0) {
    const r0 = c * GATHER_ROWS;
    gatherRows(<usize>word(plan, IMAGES), <usize>word(plan, LABEL_BYTES), <usize>word(plan, ORDER), word(plan, INPUT),
      <usize>word(plan, X), <usize>word(plan, LABELS), r0, min(r0 + GATHER_ROWS, word(plan, ROWS)), word(plan, GATHER), <usize>word(plan, TABLE));
    return;
  }
  if (p < last) {
    // Forward, hidden layer p: columns of the chunk.
    const l = p;
    const n = layer(plan, l, P);
    const j0 = chunkStart(n, 8, MAX_CHUNKS, c);
    const j1 = chunkStart(n, 8, MAX_CHUNKS, c + 1);
    const k = layer(plan, l, K);
    const y = <usize>layer(plan, l, Y);
    gemm(<usize>layer(plan, l, IN), k, 1, <usize>layer(plan, l, W), n, y, n, 0, bp, j0, j1, k);
    biasActivation(y, n, <usize>layer(plan, l, B), 0, bp, j0, j1, layer(plan, l, N), layer(plan, l, ACT));
    if (rate > 0) {
      dropout(y, <usize>layer(plan, l, D), <usize>layer(plan, l, MASK), n, 0, bp, j0, j1, layer(plan, l, N),
        rate, real(plan, KEEP_SCALE), <u32>word(plan, SEED) ^ (<u32>(l + 1) * 0x85ebca6b));
    }
    return;
  }
  if (p === last) {
    // The output layer and the loss: small, one chunk.
    const n = layer(plan, last, P);
    const k = layer(plan, last, K);
    const y = <usize>layer(plan, last, Y);
    gemm(<usize>layer(plan, last, IN), k, 1, <usize>layer(plan, last, W), n, y, n, 0, bp, 0, n, k);
    biasActivation(y, n, <usize>layer(plan, last, B), 0, bp, 0, n, layer(plan, last, N), LINEAR);
    softmaxCrossEntropy(y, n, word(plan, CLASSES), <usize>word(plan, LABELS), word(plan, ROWS), bp,
      <f64>real(plan, SMOOTHING), <usize>layer(plan, last, DZ), <usize>word(plan, RESULT));
    return;
  }
  if (p < 2 * layers) {
    // Backward, layer l: dW = inᵀ·dZ (rows), db = Σ dZ, and the layer below's dZ = (dZ·Wᵀ) ⊙ act'(y) [⊙ mask]
    // (columns; each chunk transposes the rows of W it needs).
    const l = 2 * layers - 1 - p;
    const k = layer(plan, l, K);
    const n = layer(plan, l, P);
    const dz = <usize>layer(plan, l, DZ);
    const rowChunks = chunkCount(k, 4, MAX_CHUNKS);
    if (c < rowChunks) {
      const i0 = chunkStart(k, 4, MAX_CHUNKS, c);
      const i1 = chunkStart(k, 4, MAX_CHUNKS, c + 1);
      gemm(<usize>layer(plan, l, IN), 1, k, dz, n, <usize>layer(plan, l, GW), n, i0, i1, 0, n, bp);
      return;
    }
    if (c === rowChunks) {
      columnSums(dz, n, bp, <usize>layer(plan, l, GB), 0, n);
      return;
    }
    const below = l - 1;
    const j0 = chunkStart(k, 8, MAX_CHUNKS, c - rowChunks - 1);
    const j1 = chunkStart(k, 8, MAX_CHUNKS, c - rowChunks);
    const wt = <usize>layer(plan, l, WT);
    transposeRows(<usize>layer(plan, l, W), n, wt, k, j0, j1, n);
    const dzBelow = <usize>layer(plan, below, DZ);
    gemm(dz, n, 1, wt, k, dzBelow, k, 0, bp, j0, j1, n);
    activationGrad(dzBelow, <usize>layer(plan, below, Y), rate > 0 ? <usize>layer(plan, below, MASK) : 0,
      k, 0, bp, j0, j1, layer(plan, below, ACT));
    return;
  }
  // The update of a range of the flat parameters.
  const total = word(plan, TOTAL);
  const u0 = chunkStart(total, UPDATE_BLOCK, 2 * MAX_CHUNKS, c);
  const u1 = chunkStart(total, UPDATE_BLOCK, 2 * MAX_CHUNKS, c + 1);
  const params = <usize>word(plan, PARAMS);
  const grads = <usize>word(plan, GRADS);
  if (word(plan, OPTIMIZER) === ADAM) {
    adam(params, grads, <usize>word(plan, SLOT1), <usize>word(plan, SLOT2), u0, u1,
      real(plan, OPT), real(plan, OPT + 1), real(plan, OPT + 2), real(plan, OPT + 3), real(plan, OPT + 4), real(plan, OPT + 5));
  } else {
    sgd(params, grads, <usize>word(plan, SLOT1), u0, u1,
      real(plan, OPT), real(plan, OPT + 1), real(plan, OPT + 2), real(plan, OPT + 3), word(plan, OPT + 4) !== 0, word(plan, OPT + 5) !== 0);
  }
}

/** Starts a new step: a new generation, every phase's counters reset. Call before waking the workers. */
export function prepare(plan: usize): void {
  const generation = (word(plan, GENERATION) + 1) & 0x7fff;
  resetPhases(<usize>word(plan, PHASES), phaseCount(word(plan, LAYERS)), generation);
  atomic.store<i32>(plan + (<usize>GENERATION << 2), generation);
}

/**
 * Works on the current step: claims and runs chunks of each phase in order, waiting for a phase to
 * be complete before the next. Thread 0 (the caller of `prepare`) returns when the step is done;
 * a worker returns when it has nothing left to claim or finds a newer step. `canWait` says whether
 * this thread may block (false on a browser's main thread).
 */
export function step(plan: usize, tid: i32, canWait: bool): void {
  const phases = <usize>word(plan, PHASES);
  const current = plan + (<usize>GENERATION << 2);
  const generation = atomic.load<i32>(current);
  const count = phaseCount(word(plan, LAYERS));
  for (let line = 0; line < count; line++) {
    const p = line - 1;
    const chunks = chunksOf(plan, p);
    for (;;) {
      const c = claim(phases, line, chunks, generation);
      if (c < 0) break;
      runChunk(plan, p, c);
      finish(phases, line);
    }
    if (!awaitPhase(phases, line, chunks, current, generation, canWait)) return;
  }
}
