import * as tf from '@tensorflow/tfjs-core';
import type { AdamKernelAttrs, SoftmaxCeKernelAttrs } from './kernelNames';

/**
 * Fused kernels for the backends whose tensors live in CPU memory (`cpu`, `wasm`).
 *
 * A training step on these backends is dominated by per-kernel overhead, not arithmetic: Adam is
 * ten element-wise kernels per parameter and softmax cross-entropy with its gradient and accuracy
 * count is eighteen. Each fused kernel here does the same arithmetic in one pass over the data,
 * registered with tfjs' own kernel registry (`tf.registerKernel`) and run with
 * `tf.engine().runKernel`, so tensors, tidy scopes and memory tracking work as for any op.
 */

/** Float32 views of tensor data on a CPU-memory backend, and a way to allocate outputs. */
interface HostMemory {
  view(t: tf.TensorInfo): Float32Array | Int32Array;
  allocate(shape: number[]): tf.TensorInfo;
}

interface WasmLike {
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array | Int32Array;
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
}
interface CpuLike {
  readSync(dataId: tf.DataId): unknown;
  makeTensorInfo(shape: number[], dtype: tf.DataType, values?: Float32Array): tf.TensorInfo;
}

function hostMemory(backend: unknown): HostMemory {
  const wasm = backend as Partial<WasmLike>;
  if (typeof wasm.typedArrayFromHeap === 'function' && typeof wasm.makeOutput === 'function') {
    return {
      view: (t) => (backend as WasmLike).typedArrayFromHeap(t),
      allocate: (shape) => (backend as WasmLike).makeOutput(shape, 'float32'),
    };
  }
  const cpu = backend as CpuLike;
  return {
    view: (t) => cpu.readSync(t.dataId) as Float32Array | Int32Array,
    allocate: (shape) => cpu.makeTensorInfo(shape, 'float32', new Float32Array(tf.util.sizeFromShape(shape))),
  };
}

/**
 * Scratch arrays in JS memory. V8 runs tight loops over ordinary typed arrays about twice as fast
 * as over views of a (growable) WebAssembly memory, so the Adam kernel copies its operands out of
 * the backend's memory, updates them here, and copies the results back: seven `memcpy`s beat the
 * slower loop.
 */
let scratch: Float32Array[] = [];
function scratchArrays(n: number): Float32Array[] {
  if ((scratch[0]?.length ?? 0) < n) scratch = Array.from({ length: 4 }, () => new Float32Array(n));
  return scratch.map((a) => a.subarray(0, n));
}

export const hostAdamKernel: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { p, g, m, v } = inputs as Record<'p' | 'g' | 'm' | 'v', tf.TensorInfo>;
  const { beta1, beta2, k, eps, l2, decay } = attrs as unknown as AdamKernelAttrs;
  const mem = hostMemory(backend);
  // Allocate first: on wasm an allocation can grow the heap and detach earlier views.
  const outP = mem.allocate(p.shape);
  const outM = mem.allocate(p.shape);
  const outV = mem.allocate(p.shape);
  const n = tf.util.sizeFromShape(p.shape);
  const [ps, gs, ms, vs] = scratchArrays(n) as [Float32Array, Float32Array, Float32Array, Float32Array];
  ps.set(mem.view(p));
  gs.set(mem.view(g));
  ms.set(mem.view(m));
  vs.set(mem.view(v));
  adamUpdate(ps, gs, ms, vs, beta1, beta2, k, eps, l2, decay);
  mem.view(outP).set(ps);
  mem.view(outM).set(ms);
  mem.view(outV).set(vs);
  return [outP, outM, outV];
};

/** In place: `p`, `m`, `v` become the updated parameter and (scaled) moments. */
function adamUpdate(
  p: Float32Array,
  g: Float32Array,
  m: Float32Array,
  v: Float32Array,
  beta1: number,
  beta2: number,
  k: number,
  eps: number,
  l2: number,
  decay: number,
): void {
  const n = p.length;
  for (let i = 0; i < n; i++) {
    const pi = p[i]!;
    const gi = g[i]! + l2 * pi;
    const mi = beta1 * m[i]! + gi;
    const vi = beta2 * v[i]! + gi * gi;
    m[i] = mi;
    v[i] = vi;
    p[i] = pi * decay - (k * mi) / (Math.sqrt(vi) + eps);
  }
}

/**
 * Inputs: logits `[B, C]` float32 and labels (`[B]` int32 class indices, or `[B, C]` float32
 * targets). Outputs: the gradient `(softmax − target)/B` `[B, C]`, the mean loss `[]`, and the
 * number of rows whose argmax equals the label's argmax `[]`. Stable: each row is shifted by its max.
 */
export const hostSoftmaxCeKernel: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { logits, labels } = inputs as Record<'logits' | 'labels', tf.TensorInfo>;
  const { smoothing } = attrs as unknown as SoftmaxCeKernelAttrs;
  const [batch, classes] = logits.shape as [number, number];
  const mem = hostMemory(backend);
  const outGrad = mem.allocate([batch, classes]);
  const outLoss = mem.allocate([]);
  const outCorrect = mem.allocate([]);
  const x = mem.view(logits);
  const y = mem.view(labels);
  const grad = mem.view(outGrad);
  const dense = labels.shape.length === 2;
  const off = smoothing / classes;
  const on = 1 - smoothing;
  let loss = 0;
  let correct = 0;
  for (let r = 0; r < batch; r++) {
    const row = r * classes;
    let max = Number.NEGATIVE_INFINITY;
    let argmax = 0;
    for (let c = 0; c < classes; c++) {
      const value = x[row + c]!;
      if (value > max) {
        max = value;
        argmax = c;
      }
    }
    let sum = 0;
    for (let c = 0; c < classes; c++) sum += Math.exp(x[row + c]! - max);
    const logSum = Math.log(sum);
    let label = 0;
    if (dense) {
      let best = Number.NEGATIVE_INFINITY;
      for (let c = 0; c < classes; c++) {
        const t = y[row + c]!;
        if (t > best) {
          best = t;
          label = c;
        }
      }
    } else {
      label = y[r]!;
    }
    if (label === argmax) correct++;
    for (let c = 0; c < classes; c++) {
      const hard = dense ? y[row + c]! : c === label ? 1 : 0;
      const target = on * hard + off;
      const logp = x[row + c]! - max - logSum;
      loss -= target * logp;
      grad[row + c] = (Math.exp(logp) - target) / batch;
    }
  }
  mem.view(outLoss)[0] = loss / batch;
  mem.view(outCorrect)[0] = correct;
  return [outGrad, outLoss, outCorrect];
};
