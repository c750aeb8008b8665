import * as tf from '@tensorflow/tfjs-core';

/**
 * A fused kernel for the backends whose tensors live in CPU memory (`cpu`, `wasm`): the backward pass of
 * `ReLU → MaxPool` (window = stride) in one pass over the data. tfjs' own route is `MaxPoolGrad` (which
 * recomputes every window's maximum) and then `Step` + `Multiply` for the ReLU — three kernels and two
 * intermediate tensors; this is one. Registered with tfjs' kernel registry on first use (see
 * {@link ensureHostConvKernels}) and run with `tf.engine().runKernel`, so tidy scopes and memory tracking
 * work as for any op.
 */
export const MAX_POOL_RELU_GRAD = 'MnistKitMaxPoolReluGrad';

/** Attributes of {@link MAX_POOL_RELU_GRAD}. */
export interface MaxPoolReluGradAttrs {
  /** Pooling window and stride. */
  pool: number;
}

interface HostMemory {
  view(t: tf.TensorInfo): Float32Array;
  /** A zero-filled float32 output. */
  zeros(shape: number[]): tf.TensorInfo;
}

interface WasmLike {
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array;
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
      zeros: (shape) => {
        const out = (backend as WasmLike).makeOutput(shape, 'float32');
        (backend as WasmLike).typedArrayFromHeap(out).fill(0);
        return out;
      },
    };
  }
  const cpu = backend as CpuLike;
  return {
    view: (t) => cpu.readSync(t.dataId) as Float32Array,
    zeros: (shape) => cpu.makeTensorInfo(shape, 'float32', new Float32Array(tf.util.sizeFromShape(shape))),
  };
}

/**
 * Inputs: `dy` `[B, OH, OW, C]` (the gradient w.r.t. the pooling's output) and `y` `[B, H, W, C]` (the
 * ReLU's output, the pooling's input). Output `[B, H, W, C]`: in every `pool × pool` window, `dy` at the
 * window's first maximum (row-major, as tfjs' `MaxPoolGrad` picks it) when that maximum is positive (ReLU's
 * derivative, 0 at 0, as tfjs' `step`), zero elsewhere — rows and columns past `OH · pool` / `OW · pool` too.
 */
export const hostMaxPoolReluGradKernel: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { dy, y } = inputs as Record<'dy' | 'y', tf.TensorInfo>;
  const { pool } = attrs as unknown as MaxPoolReluGradAttrs;
  const [batch, height, width, channels] = y.shape as [number, number, number, number];
  const [, outHeight, outWidth] = dy.shape as [number, number, number, number];
  const mem = hostMemory(backend);
  // Allocate first: on wasm an allocation can grow the heap and detach earlier views.
  const out = mem.zeros([batch, height, width, channels]);
  const ys = mem.view(y);
  const ds = mem.view(dy);
  const os = mem.view(out);
  const rowStride = width * channels;
  for (let b = 0; b < batch; b++) {
    for (let oh = 0; oh < outHeight; oh++) {
      for (let ow = 0; ow < outWidth; ow++) {
        const base = ((b * height + oh * pool) * width + ow * pool) * channels;
        const dyStart = ((b * outHeight + oh) * outWidth + ow) * channels;
        for (let c = 0; c < channels; c++) {
          let best = Number.NEGATIVE_INFINITY;
          let at = -1;
          for (let wr = 0; wr < pool; wr++) {
            let i = base + wr * rowStride + c;
            for (let wc = 0; wc < pool; wc++, i += channels) {
              const v = ys[i]!;
              if (v > best) {
                best = v;
                at = i;
              }
            }
          }
          if (best > 0) os[at] = ds[dyStart + c]!;
        }
      }
    }
  }
  return out;
};

const HOST_BACKENDS = ['cpu', 'wasm'];
let registered = false;

/**
 * Whether `backend` runs the host kernels — registering them for `cpu` and `wasm` with tfjs' kernel registry
 * on the first call: this package's one side effect on tfjs, made only when a CNN's backward pass is about to
 * use one (idempotent across copies of the package).
 */
export function ensureHostConvKernels(backend: string = tf.getBackend()): boolean {
  if (!HOST_BACKENDS.includes(backend)) return false;
  if (!registered) {
    registered = true;
    for (const backendName of HOST_BACKENDS) {
      if (tf.getKernel(MAX_POOL_RELU_GRAD, backendName) === undefined) {
        tf.registerKernel({ kernelName: MAX_POOL_RELU_GRAD, backendName, kernelFunc: hostMaxPoolReluGradKernel });
      }
    }
  }
  return true;
}
