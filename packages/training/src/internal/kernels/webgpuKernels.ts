import type * as tf from '@tensorflow/tfjs-core';
import type { AdamKernelAttrs, SoftmaxCeKernelAttrs } from './kernelNames';

/**
 * Fused kernels for the `webgpu` backend (in browsers, and in Node through Dawn), written as
 * tfjs-backend-webgpu programs — plain objects with WGSL `getUserCode` — run through the backend's own
 * `runWebGPUProgram`, so this package never imports `@tensorflow/tfjs-backend-webgpu`.
 *
 * As on webgl, each op is a dispatch with a fixed cost: Adam as ops is ten dispatches per parameter,
 * here three (parameter, M, V — a program has one output — each recomputing the moments in registers);
 * softmax cross-entropy with its gradient and hit count is three instead of eighteen.
 */

/** The parts of tfjs-backend-webgpu's `WebGPUBackend` used here. */
interface WebGpuLike {
  runWebGPUProgram(
    program: WebGpuProgram,
    inputs: tf.TensorInfo[],
    outputDtype: tf.DataType,
    programDefinedUniform?: { type: 'float32' | 'int32'; data: number[] }[],
  ): tf.TensorInfo;
}

/** The shape of tfjs-backend-webgpu's `WebGPUProgram` used here. */
interface WebGpuProgram {
  variableNames: string[];
  outputShape: number[];
  shaderKey: string;
  dispatchLayout: { x: number[] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number];
  /** Adds `uniforms.size` (the output's element count). */
  size: boolean;
  /** WGSL fields of the program's own uniforms, e.g. `beta1 : f32, k : f32`. */
  uniforms?: string;
  getUserCode(): string;
}

const WORKGROUP = 64;

/** A program over the flat output (one invocation per element; `main(index)` is tfjs' entry). */
function flatProgram(
  shape: number[],
  variableNames: string[],
  shaderKey: string,
  body: string,
  uniforms?: string,
): WebGpuProgram {
  const size = shape.reduce((a, b) => a * b, 1);
  return {
    variableNames,
    outputShape: shape,
    shaderKey,
    dispatchLayout: { x: shape.map((_, i) => i) },
    dispatch: [Math.ceil(size / WORKGROUP), 1, 1],
    workgroupSize: [WORKGROUP, 1, 1],
    size: true,
    ...(uniforms === undefined ? {} : { uniforms }),
    getUserCode: () => body,
  };
}

const ADAM_UNIFORMS = ['beta1', 'beta2', 'k', 'eps', 'l2', 'decay'] as const;

const ADAM_OUTPUTS = {
  p: 'p * uniforms.decay - uniforms.k * mNext / (sqrt(max(vNext, 0.0)) + uniforms.eps)',
  m: 'mNext',
  v: 'vNext',
} as const;

function adamProgram(shape: number[], output: keyof typeof ADAM_OUTPUTS): WebGpuProgram {
  return flatProgram(
    shape,
    ['P', 'G', 'M', 'V'],
    `mnistKitAdam_${output}`,
    `
      fn main(index : i32) {
        if (index < uniforms.size) {
          let p = P[index];
          let g = G[index] + uniforms.l2 * p;
          let mNext = uniforms.beta1 * M[index] + g;
          let vNext = uniforms.beta2 * V[index] + g * g;
          setOutputAtIndex(index, ${ADAM_OUTPUTS[output]});
        }
      }`,
    ADAM_UNIFORMS.map((name) => `${name} : f32`).join(', '),
  );
}

/** The fused Adam update on webgpu: three passes, returning `[p, M, V]`. */
export const webgpuAdamKernel: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { p, g, m, v } = inputs as Record<'p' | 'g' | 'm' | 'v', tf.TensorInfo>;
  const a = attrs as unknown as AdamKernelAttrs;
  const uniforms = ADAM_UNIFORMS.map((name) => ({ type: 'float32' as const, data: [a[name]] }));
  const gpu = backend as unknown as WebGpuLike;
  return (['p', 'm', 'v'] as const).map((output) =>
    gpu.runWebGPUProgram(adamProgram(p.shape, output), [p, g, m, v], 'float32', uniforms),
  );
};

/**
 * WGSL helpers over logits `X` (flat `[B, C]`) and labels `L` (`[B]` class indices as int32, or
 * `[B, C]` float targets): the row max, the row's log-sum-exp after the shift, the label index (argmax
 * of a target row) and the smoothed target of a cell. Shapes are baked in (a program per shape).
 * Labels are read through `f32()`/`i32()`: tfjs-webgpu declares an input by its buffer's type, which
 * for a `cast` of int32 data can still be `i32`.
 */
function softmaxCeHelpers(classes: number, dense: boolean, smoothing: number): string {
  const on = (1 - smoothing).toFixed(9);
  const off = (smoothing / classes).toFixed(9);
  return `
      fn rowMax(r : i32) -> f32 {
        var m = X[r * ${classes}];
        for (var c = 1; c < ${classes}; c++) { m = max(m, X[r * ${classes} + c]); }
        return m;
      }
      fn rowLogSum(r : i32, m : f32) -> f32 {
        var s = 0.0;
        for (var c = 0; c < ${classes}; c++) { s += exp(X[r * ${classes} + c] - m); }
        return log(s);
      }
      fn labelOf(r : i32) -> i32 {${
        dense
          ? `
        var best = 0;
        var top = f32(L[r * ${classes}]);
        for (var c = 1; c < ${classes}; c++) {
          let t = f32(L[r * ${classes} + c]);
          if (t > top) { top = t; best = c; }
        }
        return best;`
          : `
        return i32(L[r]);`
      }
      }
      fn targetOf(r : i32, c : i32) -> f32 {
        ${dense ? `let hard = f32(L[r * ${classes} + c]);` : 'let hard = select(0.0, 1.0, labelOf(r) == c);'}
        return ${on} * hard + ${off};
      }`;
}

function softmaxCeProgram(
  [batch, classes]: [number, number],
  dense: boolean,
  smoothing: number,
  output: 'grad' | 'loss' | 'correct',
): WebGpuProgram {
  const body = {
    // (softmax − target) / B, one invocation per cell
    grad: `
      fn main(index : i32) {
        if (index < uniforms.size) {
          let r = index / ${classes};
          let c = index % ${classes};
          let m = rowMax(r);
          let logp = X[index] - m - rowLogSum(r, m);
          setOutputAtIndex(index, (exp(logp) - targetOf(r, c)) / ${batch}.0);
        }
      }`,
    // −Σ target · log softmax / B
    loss: `
      fn main(index : i32) {
        if (index < uniforms.size) {
          var total = 0.0;
          for (var r = 0; r < ${batch}; r++) {
            let m = rowMax(r);
            let lse = rowLogSum(r, m);
            for (var c = 0; c < ${classes}; c++) { total -= targetOf(r, c) * (X[r * ${classes} + c] - m - lse); }
          }
          setOutputAtIndex(index, total / ${batch}.0);
        }
      }`,
    // rows whose first argmax is the label
    correct: `
      fn main(index : i32) {
        if (index < uniforms.size) {
          var count = 0.0;
          for (var r = 0; r < ${batch}; r++) {
            var best = 0;
            var top = X[r * ${classes}];
            for (var c = 1; c < ${classes}; c++) {
              let x = X[r * ${classes} + c];
              if (x > top) { top = x; best = c; }
            }
            if (best == labelOf(r)) { count += 1.0; }
          }
          setOutputAtIndex(index, count);
        }
      }`,
  }[output];
  return flatProgram(
    output === 'grad' ? [batch, classes] : [],
    ['X', 'L'],
    `mnistKitSoftmaxCe_${output}_${batch}_${classes}_${dense}_${smoothing}`,
    `${softmaxCeHelpers(classes, dense, smoothing)}
${body}`,
  );
}

/** Fused softmax cross-entropy on webgpu: `[grad, loss, correct]`, as the cpu/wasm kernel, in three passes. */
export const webgpuSoftmaxCeKernel: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { logits, labels } = inputs as Record<'logits' | 'labels', tf.TensorInfo>;
  const { smoothing } = attrs as unknown as SoftmaxCeKernelAttrs;
  const gpu = backend as unknown as WebGpuLike;
  const shape = logits.shape as [number, number];
  const dense = labels.shape.length === 2;
  return (['grad', 'loss', 'correct'] as const).map((output) =>
    gpu.runWebGPUProgram(softmaxCeProgram(shape, dense, smoothing, output), [logits, labels], 'float32'),
  );
};
