import * as tf from '@tensorflow/tfjs-core';

/**
 * Two steps of a Dense layer's backward pass as single WebGL passes, for the `webgl` backend (written as
 * tfjs-backend-webgl GPGPU programs — plain objects with GLSL `userCode` — and run through the backend's own
 * `runWebGLProgram`, so this package imports nothing from `@tensorflow/tfjs-backend-webgl`):
 *
 * - {@link RELU_GRAD}: `dA ⊙ step(y)` (any shape: the CNN's conv blocks use it too). As ops it is `Step` (an unpacked-only program, so the packed `y` a
 *   fused matMul leaves is unpacked first) and a packed `Multiply` (which packs `step`'s output back): four
 *   passes. Here it is one packed pass.
 * - {@link BIAS_GRAD}: `Σ_rows dZ`. tfjs' `Sum` unpacks a packed input, then reduces in passes; here one
 *   pass reads each column's rows, in the layout `dZ` already has (packed after a matMul, unpacked after
 *   the fused softmax cross-entropy).
 *
 * On a software renderer (SwiftShader, headless Chromium's WebGL without a GPU) every pass costs about as
 * much as a small matMul; measured there, the two take 0.19 and 0.13 ms where the ops took 0.76 and 0.68.
 */
export const RELU_GRAD = 'MnistKitReluGrad';
export const BIAS_GRAD = 'MnistKitBiasGrad';

/** The parts of tfjs-backend-webgl's `MathBackendWebGL` used here. */
interface WebGlLike {
  runWebGLProgram(program: GpgpuProgram, inputs: tf.TensorInfo[], outputDtype: tf.DataType): tf.TensorInfo;
  getDataInfo(dataId: tf.DataId): { isPacked?: boolean } | undefined;
}

/** The shape of tfjs-backend-webgl's `GPGPUProgram` used here. */
interface GpgpuProgram {
  variableNames: string[];
  outputShape: number[];
  userCode: string;
  packedInputs: boolean;
  packedOutput: boolean;
}

/** `dA ⊙ step(y)`, four values per texel (`step(0) = 0`, as tfjs' `step`). */
function reluGradProgram(shape: number[]): GpgpuProgram {
  return {
    variableNames: ['D', 'Y'],
    outputShape: shape,
    packedInputs: true,
    packedOutput: true,
    userCode: `
  void main() {
    setOutput(getDAtOutCoords() * vec4(greaterThan(getYAtOutCoords(), vec4(0.0))));
  }`,
  };
}

/**
 * Column sums of `[rows, cols]`. Packed: each texel holds rows r, r+1 of columns c, c+1, so a fragment
 * adds `rows / 2` texels and folds them into its two columns; an odd last row is read without its padding.
 */
function biasGradProgram([rows, cols]: [number, number], packed: boolean): GpgpuProgram {
  if (!packed) {
    return {
      variableNames: ['D'],
      outputShape: [cols],
      packedInputs: false,
      packedOutput: false,
      userCode: `
  void main() {
    int c = getOutputCoords();
    float s = 0.0;
    for (int r = 0; r < ${rows}; r++) s += getD(r, c);
    setOutput(s);
  }`,
    };
  }
  const even = rows - (rows % 2);
  return {
    variableNames: ['D'],
    outputShape: [cols],
    packedInputs: true,
    packedOutput: true,
    userCode: `
  void main() {
    int c = getOutputCoords();
    vec4 s = vec4(0.0);
    for (int r = 0; r < ${even}; r += 2) s += getD(r, c);${even < rows ? `\n    s.xy += getD(${even}, c).xy;` : ''}
    setOutput(vec4(s.x + s.z, s.y + s.w, 0.0, 0.0));
  }`,
  };
}

/** Inputs `dy` (the gradient w.r.t. the ReLU's output) and `y` (its output), same shape: `dy ⊙ step(y)`. */
export const webglReluGradKernel: tf.KernelFunc = ({ inputs, backend }) => {
  const { dy, y } = inputs as Record<'dy' | 'y', tf.TensorInfo>;
  return (backend as unknown as WebGlLike).runWebGLProgram(reluGradProgram(dy.shape), [dy, y], 'float32');
};

/** Input `dz` `[rows, cols]`: its column sums `[cols]`, read in the layout `dz` is in. */
export const webglBiasGradKernel: tf.KernelFunc = ({ inputs, backend }) => {
  const { dz } = inputs as Record<'dz', tf.TensorInfo>;
  const gl = backend as unknown as WebGlLike;
  const packed = gl.getDataInfo(dz.dataId)?.isPacked === true;
  return gl.runWebGLProgram(biasGradProgram(dz.shape as [number, number], packed), [dz], 'float32');
};

let registered = false;

/**
 * Whether `backend` runs these kernels — registering them for `webgl` with tfjs' kernel registry on the first
 * call (idempotent across copies of this package): made only when a backward pass is about to use one.
 */
export function ensureWebglDenseGradKernels(backend: string): boolean {
  if (backend !== 'webgl') return false;
  if (!registered) {
    registered = true;
    for (const [kernelName, kernelFunc] of [
      [RELU_GRAD, webglReluGradKernel],
      [BIAS_GRAD, webglBiasGradKernel],
    ] as const) {
      if (tf.getKernel(kernelName, 'webgl') === undefined)
        tf.registerKernel({ kernelName, backendName: 'webgl', kernelFunc });
    }
  }
  return true;
}
