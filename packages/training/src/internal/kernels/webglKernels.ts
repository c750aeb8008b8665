import type * as tf from '@tensorflow/tfjs-core';
import type { AdamKernelAttrs, SoftmaxCeKernelAttrs } from './kernelNames';

/**
 * Fused kernels for the `webgl` backend, written as tfjs-backend-webgl GPGPU programs (plain
 * objects with GLSL `userCode`), run through the backend's own `runWebGLProgram`: no import of
 * `@tensorflow/tfjs-backend-webgl` is needed, so this package keeps it an optional peer.
 *
 * On WebGL every kernel is a draw call with a fixed cost, and on software renderers (SwiftShader,
 * what headless Chromium uses without a GPU) an element-wise pass over a parameter costs about as
 * much as the arithmetic of a whole small kernel. Adam as ops is ten such passes per parameter;
 * here it is three (one per output texture: parameter, M, V), each reading the same four inputs
 * and recomputing the moments in registers. Programs are packed (four values per texel), the
 * layout tfjs-webgl's matMul produces and reads, so no pack/unpack passes are added. Softmax
 * cross-entropy with its gradient and accuracy count is three small passes instead of eighteen.
 */

/** The parts of tfjs-backend-webgl's `MathBackendWebGL` used here. */
interface WebGlLike {
  runWebGLProgram(
    program: GpgpuProgram,
    inputs: tf.TensorInfo[],
    outputDtype: tf.DataType,
    customUniformValues?: number[][],
  ): tf.TensorInfo;
  getDataInfo(dataId: tf.DataId): { isPacked?: boolean } | undefined;
  packTensor(input: tf.TensorInfo): tf.TensorInfo;
  unpackTensor(input: tf.TensorInfo): tf.TensorInfo;
  disposeIntermediateTensorInfo(info: tf.TensorInfo): void;
}

/** The shape of tfjs-backend-webgl's `GPGPUProgram` used here. */
interface GpgpuProgram {
  variableNames: string[];
  outputShape: number[];
  userCode: string;
  packedInputs: boolean;
  packedOutput: boolean;
  customUniforms?: { name: string; type: 'float' }[];
}

/**
 * `inputs` in the texture layout a program reads (`packed` or not). `runWebGLProgram` would convert
 * a mismatched input on every call; converting once here serves all of a kernel's passes. Call
 * `release` after the passes to free the converted copies.
 */
function inLayout(
  gl: WebGlLike,
  inputs: tf.TensorInfo[],
  packed: boolean,
): { operands: tf.TensorInfo[]; release: () => void } {
  const copies: tf.TensorInfo[] = [];
  const operands = inputs.map((t) => {
    if ((gl.getDataInfo(t.dataId)?.isPacked === true) === packed) return t;
    const copy = packed ? gl.packTensor(t) : gl.unpackTensor(t);
    copies.push(copy);
    return copy;
  });
  const release = () => {
    for (const copy of copies) gl.disposeIntermediateTensorInfo(copy);
  };
  return { operands, release };
}

const ADAM_UNIFORMS = ['beta1', 'beta2', 'k', 'eps', 'l2', 'decay'] as const;

/** GLSL computing `g` (with L2 decay), the new moments `mNext`, `vNext` from inputs P, G, M, V. */
const ADAM_PROLOGUE = `
    vec4 p = getPAtOutCoords();
    vec4 g = getGAtOutCoords() + l2 * p;
    vec4 mNext = beta1 * getMAtOutCoords() + g;
    vec4 vNext = beta2 * getVAtOutCoords() + g * g;`;

const ADAM_OUTPUTS = {
  p: 'setOutput(p * decay - k * mNext / (sqrt(max(vNext, vec4(0.0))) + eps));',
  m: 'setOutput(mNext);',
  v: 'setOutput(vNext);',
} as const;

function adamProgram(shape: number[], output: keyof typeof ADAM_OUTPUTS): GpgpuProgram {
  return {
    variableNames: ['P', 'G', 'M', 'V'],
    outputShape: shape,
    packedInputs: true,
    packedOutput: true,
    customUniforms: ADAM_UNIFORMS.map((name) => ({ name, type: 'float' as const })),
    userCode: `
  void main() {${ADAM_PROLOGUE}
    ${ADAM_OUTPUTS[output]}
  }`,
  };
}

/**
 * The fused Adam update on webgl: three packed passes, returning `[p, M, V]`. An input still in
 * the unpacked layout (a fresh upload, or a bias gradient from a reduction) is packed once.
 */
export const webglAdamKernel: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { p, g, m, v } = inputs as Record<'p' | 'g' | 'm' | 'v', tf.TensorInfo>;
  const a = attrs as unknown as AdamKernelAttrs;
  const uniforms = ADAM_UNIFORMS.map((name) => [a[name]]);
  const gl = backend as unknown as WebGlLike;
  const { operands, release } = inLayout(gl, [p, g, m, v], true);
  try {
    return (['p', 'm', 'v'] as const).map((output) =>
      gl.runWebGLProgram(adamProgram(p.shape, output), operands, 'float32', uniforms),
    );
  } finally {
    release();
  }
};

/**
 * GLSL helpers over logits `X` `[B, C]` and labels `L` (`[B]` class indices, or `[B, C]` targets):
 * the row max, the row's log-sum-exp after shifting by the max, the label index (argmax of a
 * target row) and the smoothed target of a cell. Shapes are baked in (a program per shape).
 */
function softmaxCeHelpers(classes: number, dense: boolean, smoothing: number): string {
  const on = (1 - smoothing).toFixed(9);
  const off = (smoothing / classes).toFixed(9);
  return `
  float rowMax(int r) {
    float m = getX(r, 0);
    for (int c = 1; c < ${classes}; c++) m = max(m, getX(r, c));
    return m;
  }
  float rowLogSum(int r, float m) {
    float s = 0.0;
    for (int c = 0; c < ${classes}; c++) s += exp(getX(r, c) - m);
    return log(s);
  }
  int labelOf(int r) {${
    dense
      ? `
    int best = 0;
    float top = getL(r, 0);
    for (int c = 1; c < ${classes}; c++) {
      float t = getL(r, c);
      if (t > top) { top = t; best = c; }
    }
    return best;`
      : `
    return int(floor(getL(r) + 0.5));`
  }
  }
  float targetOf(int r, int c) {
    float hard = ${dense ? 'getL(r, c)' : 'labelOf(r) == c ? 1.0 : 0.0'};
    return ${on} * hard + ${off};
  }`;
}

function softmaxCeProgram(
  [batch, classes]: [number, number],
  dense: boolean,
  smoothing: number,
  output: 'grad' | 'loss' | 'correct',
): GpgpuProgram {
  const helpers = softmaxCeHelpers(classes, dense, smoothing);
  const body = {
    // (softmax − target) / B
    grad: `
    ivec2 rc = getOutputCoords();
    float m = rowMax(rc.x);
    float logp = getX(rc.x, rc.y) - m - rowLogSum(rc.x, m);
    setOutput((exp(logp) - targetOf(rc.x, rc.y)) / ${batch}.0);`,
    // −Σ target · log softmax / B
    loss: `
    float total = 0.0;
    for (int r = 0; r < ${batch}; r++) {
      float m = rowMax(r);
      float lse = rowLogSum(r, m);
      for (int c = 0; c < ${classes}; c++) total -= targetOf(r, c) * (getX(r, c) - m - lse);
    }
    setOutput(total / ${batch}.0);`,
    // rows whose first argmax is the label
    correct: `
    float count = 0.0;
    for (int r = 0; r < ${batch}; r++) {
      int best = 0;
      float top = getX(r, 0);
      for (int c = 1; c < ${classes}; c++) {
        float x = getX(r, c);
        if (x > top) { top = x; best = c; }
      }
      if (best == labelOf(r)) count += 1.0;
    }
    setOutput(count);`,
  }[output];
  return {
    variableNames: ['X', 'L'],
    outputShape: output === 'grad' ? [batch, classes] : [],
    packedInputs: false,
    packedOutput: false,
    userCode: `${helpers}
  void main() {${body}
  }`,
  };
}

/**
 * Fused softmax cross-entropy on webgl: `[grad, loss, correct]` as the cpu/wasm kernel, in three
 * unpacked passes over the (small) logits, which are unpacked once here if packed.
 */
export const webglSoftmaxCeKernel: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { logits, labels } = inputs as Record<'logits' | 'labels', tf.TensorInfo>;
  const { smoothing } = attrs as unknown as SoftmaxCeKernelAttrs;
  const gl = backend as unknown as WebGlLike;
  const { operands, release } = inLayout(gl, [logits, labels], false);
  const shape = logits.shape as [number, number];
  const dense = labels.shape.length === 2;
  try {
    return (['grad', 'loss', 'correct'] as const).map((output) =>
      gl.runWebGLProgram(softmaxCeProgram(shape, dense, smoothing, output), operands, 'float32'),
    );
  } finally {
    release();
  }
};
