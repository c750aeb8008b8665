// mnist-kit's training engine: one whole training step of a dense network (forward, softmax
// cross-entropy, backward, optimizer update) in WebAssembly SIMD, split between threads that share
// one memory. The host (src/internal/engine/) lays out the memory and writes a plan; `step` reads it.
import { barrier } from './barrier';
import { activationGrad, biasActivation, columnSums, dropout, LINEAR, transposeRows } from './elementwise';
import { gemm } from './gemm';
import { adam, sgd } from './optimizers';
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
const BARRIER = 9;
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
const LAYER0 = 32;
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

/** The part [start, end) of `units` that thread `tid` of `threads` does, in blocks of `block`. */
// @ts-ignore: decorator
@inline function partStart(units: i32, block: i32, tid: i32, threads: i32): i32 {
  const blocks = (units + block - 1) / block;
  return min(units, ((blocks * tid) / threads) * block);
}

/**
 * One training step, as thread `tid`. Every thread of the plan must call it; `canWait` says whether
 * this thread may block (false on a browser's main thread).
 */
export function step(plan: usize, tid: i32, canWait: bool): void {
  const layers = word(plan, LAYERS);
  const threads = word(plan, THREADS);
  const rows = word(plan, ROWS);
  const bp = word(plan, PADDED_ROWS);
  const bar = <usize>word(plan, BARRIER);
  const seed = <u32>word(plan, SEED);
  const rate = real(plan, DROPOUT);
  const last = layers - 1;

  // Forward: hidden layers split by column blocks of 8.
  for (let l = 0; l < last; l++) {
    const p = layer(plan, l, P);
    const j0 = partStart(p, 8, tid, threads);
    const j1 = partStart(p, 8, tid + 1, threads);
    if (j1 > j0) {
      const k = layer(plan, l, K);
      const y = <usize>layer(plan, l, Y);
      gemm(<usize>layer(plan, l, IN), k, 1, <usize>layer(plan, l, W), p, y, p, 0, bp, j0, j1, k);
      biasActivation(y, p, <usize>layer(plan, l, B), 0, bp, j0, j1, layer(plan, l, N), layer(plan, l, ACT));
      if (rate > 0) {
        dropout(y, <usize>layer(plan, l, D), <usize>layer(plan, l, MASK), p, 0, bp, j0, j1, layer(plan, l, N),
          rate, real(plan, KEEP_SCALE), seed ^ (<u32>(l + 1) * 0x85ebca6b));
      }
    }
    barrier(bar, threads, canWait);
  }

  // Output layer and loss: small, one thread.
  if (tid === 0) {
    const p = layer(plan, last, P);
    const k = layer(plan, last, K);
    const y = <usize>layer(plan, last, Y);
    gemm(<usize>layer(plan, last, IN), k, 1, <usize>layer(plan, last, W), p, y, p, 0, bp, 0, p, k);
    biasActivation(y, p, <usize>layer(plan, last, B), 0, bp, 0, p, layer(plan, last, N), LINEAR);
    softmaxCrossEntropy(y, p, word(plan, CLASSES), <usize>word(plan, LABELS), rows, bp,
      <f64>real(plan, SMOOTHING), <usize>layer(plan, last, DZ), <usize>word(plan, RESULT));
  }
  barrier(bar, threads, canWait);

  // Backward, last layer first: dW = inᵀ·dZ (rows split), db = Σ dZ, and dZ of the layer below
  // = (dZ·Wᵀ) ⊙ act'(y) [⊙ mask] (columns split; each thread transposes the rows of W it needs).
  for (let l = last; l >= 0; l--) {
    const k = layer(plan, l, K);
    const p = layer(plan, l, P);
    const dz = <usize>layer(plan, l, DZ);
    const i0 = partStart(k, 4, tid, threads);
    const i1 = partStart(k, 4, tid + 1, threads);
    if (i1 > i0) gemm(<usize>layer(plan, l, IN), 1, k, dz, p, <usize>layer(plan, l, GW), p, i0, i1, 0, p, bp);
    const c0 = partStart(p, 8, tid, threads);
    const c1 = partStart(p, 8, tid + 1, threads);
    if (c1 > c0) columnSums(dz, p, bp, <usize>layer(plan, l, GB), c0, c1);
    if (l > 0) {
      const below = l - 1;
      const j0 = partStart(k, 8, tid, threads);
      const j1 = partStart(k, 8, tid + 1, threads);
      if (j1 > j0) {
        const wt = <usize>layer(plan, l, WT);
        transposeRows(<usize>layer(plan, l, W), p, wt, k, j0, j1, p);
        const dzBelow = <usize>layer(plan, below, DZ);
        gemm(dz, p, 1, wt, k, dzBelow, k, 0, bp, j0, j1, p);
        activationGrad(dzBelow, <usize>layer(plan, below, Y), rate > 0 ? <usize>layer(plan, below, MASK) : 0,
          k, 0, bp, j0, j1, layer(plan, below, ACT));
      }
    }
    barrier(bar, threads, canWait);
  }

  // Update, the flat parameter range split in blocks of 4.
  const total = word(plan, TOTAL);
  const u0 = partStart(total, 4, tid, threads);
  const u1 = partStart(total, 4, tid + 1, threads);
  if (u1 > u0) {
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
  barrier(bar, threads, canWait);
}
