import * as tf from '@tensorflow/tfjs-core';
import { webglAdamKernel, webglSoftmaxCeKernel } from './webglKernels';

/**
 * Fused kernels, written here for the backends whose tensors live in CPU memory (`cpu`, `wasm`).
 *
 * A training step on these backends is dominated by per-kernel overhead, not arithmetic: Adam is
 * ten element-wise kernels per parameter and softmax cross-entropy with its gradient and accuracy
 * count is eighteen. Each fused kernel here does the same arithmetic in one pass over the data,
 * registered with tfjs' own kernel registry (`tf.registerKernel`) and run with
 * `tf.engine().runKernel`, so tensors, tidy scopes and memory tracking work as for any op.
 * Both also run on `webgl` as GPGPU programs (see `webglKernels.ts`); other backends (webgpu,
 * tensorflow) keep the plain tfjs-core op path.
 */
export const ADAM_KERNEL = 'MnistKitAdamUpdate';
export const SOFTMAX_CE_KERNEL = 'MnistKitSoftmaxCrossEntropy';

const FUSED_BACKENDS = ['cpu', 'wasm', 'webgl'] as const;

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

/** Attributes of the fused Adam kernel (see `adam.ts` for the scaled-moment formulation). */
export interface AdamKernelAttrs {
  /** β1, β2 of the scaled moments `M ← β1·M + g`, `V ← β2·V + g²`. */
  beta1: number;
  beta2: number;
  /** The step factor `K` in `p ← p·decay − K·M/(sqrt(V) + eps)`. */
  k: number;
  eps: number;
  /** L2 weight decay added to the gradient (`g + l2·p`); 0 for none. */
  l2: number;
  /** Decoupled (AdamW) shrink factor `1 − lr·wd`; 1 for none. */
  decay: number;
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

const adamKernel: tf.KernelFunc = ({ inputs, backend, attrs }) => {
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

/** Attributes of the fused softmax cross-entropy kernel. */
export interface SoftmaxCeKernelAttrs {
  /** Label smoothing ε: targets `(1 − ε)·onehot + ε/C`. */
  smoothing: number;
}

/**
 * Inputs: logits `[B, C]` float32 and labels (`[B]` int32 class indices, or `[B, C]` float32
 * targets). Outputs: the gradient `(softmax − target)/B` `[B, C]`, the mean loss `[]`, and the
 * number of rows whose argmax equals the label's argmax `[]`. Stable: each row is shifted by its max.
 */
const softmaxCeKernel: tf.KernelFunc = ({ inputs, backend, attrs }) => {
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

let registered = false;
let enabled = true;

/** Turns the fused kernels off (or back on), e.g. to compare them with the op path in tests. */
export function setFusedKernelsEnabled(on: boolean): void {
  enabled = on;
}

/** The kernel functions per backend. */
const KERNELS: Record<(typeof FUSED_BACKENDS)[number], Record<string, tf.KernelFunc>> = {
  cpu: { [ADAM_KERNEL]: adamKernel, [SOFTMAX_CE_KERNEL]: softmaxCeKernel },
  wasm: { [ADAM_KERNEL]: adamKernel, [SOFTMAX_CE_KERNEL]: softmaxCeKernel },
  webgl: { [ADAM_KERNEL]: webglAdamKernel, [SOFTMAX_CE_KERNEL]: webglSoftmaxCeKernel },
};

/** Registers the fused kernels for `cpu`, `wasm` and `webgl` (once per process; idempotent across copies). */
function register(): void {
  if (registered) return;
  registered = true;
  for (const [backendName, kernels] of Object.entries(KERNELS)) {
    for (const [kernelName, kernelFunc] of Object.entries(kernels)) {
      if (tf.getKernel(kernelName, backendName) === undefined)
        tf.registerKernel({ kernelName, backendName, kernelFunc });
    }
  }
}

/** Whether the active backend runs the fused kernels (registering them on first use). */
export function hasFusedKernels(): boolean {
  if (!enabled) return false;
  const backend = tf.getBackend();
  if (!(FUSED_BACKENDS as readonly string[]).includes(backend)) return false;
  register();
  return true;
}

/** One fused Adam update of one parameter: returns `[p, M, V]` (new tensors). */
export function fusedAdam(p: tf.Tensor, g: tf.Tensor, m: tf.Tensor, v: tf.Tensor, attrs: AdamKernelAttrs): tf.Tensor[] {
  return tf.engine().runKernel(ADAM_KERNEL, { p, g, m, v }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
}

/** Fused softmax cross-entropy: `{ grad, value, correct }` from logits and labels. */
export function fusedSoftmaxCrossEntropy(
  logits: tf.Tensor,
  labels: tf.Tensor,
  smoothing: number,
): { grad: tf.Tensor; value: tf.Scalar; correct: tf.Scalar } {
  const [grad, value, correct] = tf.engine().runKernel(SOFTMAX_CE_KERNEL, { logits, labels }, {
    smoothing,
  } as unknown as tf.NamedAttrMap) as tf.Tensor[];
  return { grad: grad!, value: value as tf.Scalar, correct: correct as tf.Scalar };
}
