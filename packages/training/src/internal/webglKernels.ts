import type * as tf from '@tensorflow/tfjs-core';
import type { AdamKernelAttrs } from './fusedKernels';

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
 * layout tfjs-webgl's matMul produces and reads, so no pack/unpack passes are added.
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
  disposeIntermediateTensorInfo(info: tf.TensorInfo): void;
}

/** The shape of tfjs-backend-webgl's `GPGPUProgram` used here. */
interface GpgpuProgram {
  variableNames: string[];
  outputShape: number[];
  userCode: string;
  packedInputs: boolean;
  packedOutput: boolean;
  customUniforms: { name: string; type: 'float' }[];
}

/** Whether `backend` can run GPGPU programs (the webgl backend). */
export function isWebGlBackend(backend: unknown): boolean {
  return typeof (backend as Partial<WebGlLike> | null)?.runWebGLProgram === 'function';
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
 * the unpacked layout (a fresh upload, or a bias gradient from a reduction) is packed once here,
 * not once per pass as `runWebGLProgram` would.
 */
export const webglAdamKernel: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { p, g, m, v } = inputs as Record<'p' | 'g' | 'm' | 'v', tf.TensorInfo>;
  const a = attrs as unknown as AdamKernelAttrs;
  const uniforms = ADAM_UNIFORMS.map((name) => [a[name]]);
  const gl = backend as unknown as WebGlLike;
  const packedCopies: tf.TensorInfo[] = [];
  const operands = [p, g, m, v].map((t) => {
    if (gl.getDataInfo(t.dataId)?.isPacked === true) return t;
    const packed = gl.packTensor(t);
    packedCopies.push(packed);
    return packed;
  });
  try {
    return (['p', 'm', 'v'] as const).map((output) =>
      gl.runWebGLProgram(adamProgram(p.shape, output), operands, 'float32', uniforms),
    );
  } finally {
    for (const copy of packedCopies) gl.disposeIntermediateTensorInfo(copy);
  }
};
