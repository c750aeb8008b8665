import * as tf from '@tensorflow/tfjs-core';

/**
 * Backends whose matMul reads a transposed operand for free (the shader indexes it), so a separate
 * `transpose` pass would only add a kernel. On `cpu` and `wasm` it is the other way round: their
 * `transposeA/B` path is several times slower than `transpose` + a plain matMul.
 */
const TRANSPOSE_IN_MATMUL = new Set(['webgl', 'webgpu']);

/** How a product with a transposed operand is computed: `'flag'` (matMul's transpose flags) or `'explicit'`. */
export type TransposeMode = 'flag' | 'explicit';

/** The faster way on the active backend. */
export function transposeMode(): TransposeMode {
  return TRANSPOSE_IN_MATMUL.has(tf.getBackend()) ? 'flag' : 'explicit';
}

/** `aᵀ · b`. */
export function matMulTransposeA(a: tf.Tensor2D, b: tf.Tensor2D, mode: TransposeMode = transposeMode()): tf.Tensor2D {
  return mode === 'flag' ? tf.matMul(a, b, true, false) : tf.matMul(tf.transpose(a), b);
}

/** `a · bᵀ`. */
export function matMulTransposeB(a: tf.Tensor2D, b: tf.Tensor2D, mode: TransposeMode = transposeMode()): tf.Tensor2D {
  return mode === 'flag' ? tf.matMul(a, b, false, true) : tf.matMul(a, tf.transpose(b));
}
