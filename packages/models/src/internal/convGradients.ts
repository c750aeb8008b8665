import * as tf from '@tensorflow/tfjs-core';
import type { ConvBlockLayout } from './cnnLayout';
import { reluGrad } from './denseGradOps';
import { ensureHostConvKernels, MAX_POOL_RELU_GRAD, type MaxPoolReluGradAttrs } from './hostConvKernels';

/**
 * How the gradient w.r.t. a convolution's kernel is computed:
 * - `'kernel'`: tfjs' `Conv2DBackpropFilter` kernel;
 * - `'conv'`: as a convolution itself — the input with batch and channels swapped (`[C, H, W, B]`),
 *   correlated with the output gradient as the filter (`[OH, OW, B, F]`), which is the im2col product
 *   `patchesᵀ · dY` done by the backend's own (fast) `Conv2D`.
 */
export type FilterGradMethod = 'kernel' | 'conv';
/**
 * How the gradient w.r.t. a convolution's input is computed:
 * - `'kernel'`: tfjs' `Conv2DBackpropInput` kernel (`tf.conv2dTranspose`);
 * - `'conv'`: a `Conv2D` of the output gradient, padded by `kernel − 1 − pad`, with the kernel rotated by
 *   180° and its channel axes swapped (the "full" correlation).
 */
export type InputGradMethod = 'kernel' | 'conv';
/**
 * How the gradient flows back through `ReLU → MaxPool`:
 * - `'host'`: one fused host kernel (cpu, wasm; see `hostConvKernels.ts`);
 * - `'kernel'`: tfjs' `MaxPoolGrad` kernel, then ReLU's `step`;
 * - `'ops'`: each window as a last axis, `argMax` → `oneHot` × the gradient, then ReLU's `step`.
 * All three send a window's gradient to its first maximum, as tfjs' `MaxPoolGrad` (and so autograd) does.
 */
export type PoolGradMethod = 'host' | 'kernel' | 'ops';

/** The methods a backward pass uses on a backend. */
export interface ConvGradientPlan {
  readonly filter: FilterGradMethod;
  readonly input: InputGradMethod;
  readonly pool: PoolGradMethod;
}

/**
 * The fastest methods measured per backend (batch 64, the default CNN and a 16/32-filter one; see
 * packages/models/README.md): on wasm, tfjs has no `Conv2DBackpropFilter` kernel and its
 * `Conv2DBackpropInput` is a plain loop ~5× slower than its XNNPACK `Conv2D`, so both go through `Conv2D`;
 * on cpu its `Conv2DBackpropFilter` is ~30–50× slower than the `Conv2D` route. GPU backends and tfjs-node
 * have good native kernels for all three.
 */
const PREFERRED: Record<string, ConvGradientPlan> = {
  cpu: { filter: 'conv', input: 'kernel', pool: 'host' },
  wasm: { filter: 'conv', input: 'conv', pool: 'host' },
  webgl: { filter: 'kernel', input: 'kernel', pool: 'kernel' },
  webgpu: { filter: 'kernel', input: 'kernel', pool: 'kernel' },
  tensorflow: { filter: 'kernel', input: 'kernel', pool: 'kernel' },
};
const OTHER: ConvGradientPlan = { filter: 'kernel', input: 'kernel', pool: 'kernel' };

/**
 * The methods the backward pass uses on `backend` (the active one by default): the preferred ones, with a
 * fallback wherever the backend lacks the tfjs kernel a method needs.
 */
export function convGradientPlan(backend: string = tf.getBackend()): ConvGradientPlan {
  const preferred = PREFERRED[backend] ?? OTHER;
  const has = (kernel: string) => tf.getKernel(kernel, backend) !== undefined;
  return {
    filter: preferred.filter === 'kernel' && !has('Conv2DBackpropFilter') ? 'conv' : preferred.filter,
    input: preferred.input === 'kernel' && !has('Conv2DBackpropInput') ? 'conv' : preferred.input,
    pool:
      preferred.pool === 'host' && !ensureHostConvKernels(backend)
        ? 'kernel'
        : preferred.pool === 'kernel' && !has('MaxPoolGrad')
          ? 'ops'
          : preferred.pool,
  };
}

type Pad4 = [[number, number], [number, number], [number, number], [number, number]];

function explicitPad(top: number, bottom: number, left: number, right: number): Pad4 | 'valid' {
  return top === 0 && bottom === 0 && left === 0 && right === 0
    ? 'valid'
    : [
        [0, 0],
        [top, bottom],
        [left, right],
        [0, 0],
      ];
}

/** A block's padding as explicit numbers (tfjs computes `'same'` as {@link ConvBlockLayout} says). */
function blockPad(block: ConvBlockLayout): 'valid' | Pad4 {
  return explicitPad(block.padTop, block.padBottom, block.padLeft, block.padRight);
}

/** dL/dKernel `[k, k, C, F]` of `conv2d(x, kernel)` (stride 1) from `dy` `[B, OH, OW, F]`. */
export function conv2dFilterGrad(
  x: tf.Tensor4D,
  dy: tf.Tensor4D,
  block: ConvBlockLayout,
  method: FilterGradMethod,
): tf.Tensor4D {
  const { kernelSize: k, inChannels, filters } = block;
  if (method === 'kernel') {
    return tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, {
      strides: [1, 1],
      pad: block.padding,
      dataFormat: 'NHWC',
      dimRoundingMode: undefined,
      filterShape: [k, k, inChannels, filters],
    } as unknown as tf.NamedAttrMap) as tf.Tensor4D;
  }
  // dW[i, j, c, f] = Σ_{b, oh, ow} xPadded[b, oh + i, ow + j, c] · dy[b, oh, ow, f]: a correlation of x
  // (channels as the batch, the batch as channels) with dy (the batch as its input channels).
  const xt = tf.transpose(x, [3, 1, 2, 0]);
  const dyt = tf.transpose(dy, [1, 2, 0, 3]);
  const r = tf.conv2d(xt as tf.Tensor4D, dyt as tf.Tensor4D, 1, blockPad(block)); // [C, k, k, F]
  return tf.transpose(r, [1, 2, 0, 3]);
}

/** dL/dx `[B, H, W, C]` of `conv2d(x, kernel)` (stride 1) from `dy` `[B, OH, OW, F]`. */
export function conv2dInputGrad(
  dy: tf.Tensor4D,
  kernel: tf.Tensor4D,
  block: ConvBlockLayout,
  method: InputGradMethod,
): tf.Tensor4D {
  const { kernelSize: k, inHeight, inWidth, inChannels, padTop, padBottom, padLeft, padRight } = block;
  const batch = dy.shape[0];
  if (method === 'kernel') {
    return tf.conv2dTranspose(dy, kernel, [batch, inHeight, inWidth, inChannels], 1, block.padding);
  }
  const rotated = tf.transpose(tf.reverse(kernel, [0, 1]), [0, 1, 3, 2]) as tf.Tensor4D; // [k, k, F, C]
  return tf.conv2d(dy, rotated, 1, explicitPad(k - 1 - padTop, k - 1 - padBottom, k - 1 - padLeft, k - 1 - padRight));
}

/**
 * dL/dz `[B, H, W, F]` of `pool(relu(z))` from `dp` `[B, OH, OW, F]`, given `y = relu(z)` and `pooled = pool(y)`
 * (`pool` = window = stride; 1: no pooling).
 */
export function maxPoolReluGrad(
  dp: tf.Tensor4D,
  y: tf.Tensor4D,
  pooled: tf.Tensor4D,
  pool: number,
  method: PoolGradMethod,
): tf.Tensor4D {
  if (pool === 1) return reluGrad(dp, y);
  if (method === 'host') {
    ensureHostConvKernels();
    const attrs: MaxPoolReluGradAttrs = { pool };
    return tf.engine().runKernel(MAX_POOL_RELU_GRAD, { dy: dp, y }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor4D;
  }
  let dy: tf.Tensor4D;
  if (method === 'kernel') {
    dy = tf.engine().runKernel('MaxPoolGrad', { dy: dp, input: y, output: pooled }, {
      filterSize: pool,
      strides: pool,
      pad: 'valid',
      dimRoundingMode: undefined,
    } as unknown as tf.NamedAttrMap) as tf.Tensor4D;
  } else {
    dy = windowArgMaxGrad(dp, y, pool);
  }
  return reluGrad(dy, y);
}

/** The max-pooling gradient with plain ops: each window as a last axis, its first argmax gets the gradient. */
function windowArgMaxGrad(dp: tf.Tensor4D, y: tf.Tensor4D, pool: number): tf.Tensor4D {
  const [batch, height, width, channels] = y.shape;
  const [, outHeight, outWidth] = dp.shape;
  const cropped =
    outHeight * pool === height && outWidth * pool === width
      ? y
      : tf.slice(y, [0, 0, 0, 0], [batch, outHeight * pool, outWidth * pool, channels]);
  const windows = tf.reshape(
    tf.transpose(tf.reshape(cropped, [batch, outHeight, pool, outWidth, pool, channels]), [0, 1, 3, 5, 2, 4]),
    [batch, outHeight, outWidth, channels, pool * pool],
  );
  // (oneHot in int32, then cast: the wasm backend's OneHot writes zeros for float32 on/off values.)
  const first = tf.cast(tf.oneHot(tf.argMax(windows, 4), pool * pool), 'float32');
  const spread = tf.mul(first, tf.expandDims(dp, 4));
  const back = tf.reshape(
    tf.transpose(tf.reshape(spread, [batch, outHeight, outWidth, channels, pool, pool]), [0, 1, 4, 2, 5, 3]),
    [batch, outHeight * pool, outWidth * pool, channels],
  ) as tf.Tensor4D;
  if (back.shape[1] === height && back.shape[2] === width) return back;
  return tf.pad(back, [
    [0, 0],
    [0, height - outHeight * pool],
    [0, width - outWidth * pool],
    [0, 0],
  ]);
}
