import * as tf from '@tensorflow/tfjs-core';
import { ModelError } from '../ModelError';
import type { DataConfig, ForwardOptions, NamedTensors, NamedVariables } from '../types';

/** What a forward pass made with `keep: true` leaves for `backward`: at least the logits' shape. */
export interface KeptPass {
  readonly outputShape: readonly number[];
}

/** How many models of each kind were made: the number in each one's variable names. */
const madeModels = { mlp: 0, cnn: 0 };

/**
 * What the MLP and CNN implementations share: the kept forward pass, `predict`, disposal and the checks
 * around them. A subclass sets `config` and `params` in its constructor.
 */
export abstract class ModelBase<Kind extends 'mlp' | 'cnn', C extends DataConfig, K extends KeptPass> {
  /** Trainable variables keyed like tfjs-layers weights, in layer order. */
  abstract readonly params: NamedVariables;
  /** The resolved recipe. */
  abstract readonly config: C;
  /** The tensors of the last forward pass made with `keep: true`, until `backward` takes them. */
  protected kept: K | null = null;
  private disposed = false;
  /** The prefix of this model's variable names (`mnist-kit/<kind><n>`), so several models can coexist. */
  protected readonly prefix: string;

  /** @param kind What the model is (`'mlp'`, `'cnn'`). */
  constructor(readonly kind: Kind) {
    this.prefix = `mnist-kit/${kind}${++madeModels[kind]}`;
  }

  /** How pixel bytes become inputs (the same as `config.pixelScaling`). */
  get pixelScaling(): C['pixelScaling'] {
    return this.config.pixelScaling;
  }

  /** Total number of scalar parameters (of `params`). */
  get paramCount(): number {
    return Object.values(this.params).reduce((n, v) => n + v.size, 0);
  }

  /** Whether {@link ModelBase.dispose} was called. */
  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Logits `[batch, outputSize]`. */
  abstract forward(x: tf.Tensor, options?: ForwardOptions): tf.Tensor2D;

  /** Class probabilities: the softmax of `forward`'s logits. */
  predict(x: tf.Tensor): tf.Tensor2D {
    return tf.tidy(() => tf.softmax(this.forward(x)));
  }

  /** Frees the variables; the model cannot be used afterwards. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.kept = null;
    for (const v of Object.values(this.params)) v.dispose();
  }

  /**
   * Adds `grads` (one `[kernel, bias]` pair per layer, in order) to `out` keyed like `params`:
   * `<layer>_<i>/kernel`, `<layer>_<i>/bias` from `i = 1`.
   */
  protected static nameGrads(out: NamedTensors, layer: string, grads: readonly [tf.Tensor, tf.Tensor][]): void {
    grads.forEach(([kernel, bias], i) => {
      out[`${layer}_${i + 1}/kernel`] = kernel;
      out[`${layer}_${i + 1}/bias`] = bias;
    });
  }

  /** Throws `ModelError('DISPOSED')` once the model was disposed. */
  protected assertUsable(): void {
    if (this.disposed) throw new ModelError('DISPOSED', 'this model was disposed');
  }

  /**
   * The kept forward pass for `backward(dLogits)` (dropped from the model: a second `backward` needs a new
   * pass), after checking that there is one, that none of its `tensors` was disposed and that `dLogits` has
   * the logits' shape.
   */
  protected takeKept(dLogits: tf.Tensor, tensors: (kept: K) => tf.Tensor[]): K {
    this.assertUsable();
    const kept = this.kept;
    if (kept === null) {
      throw new ModelError('NO_FORWARD_PASS', 'backward needs a forward pass made with { keep: true } first');
    }
    this.kept = null;
    if (tensors(kept).some((t) => t.isDisposed)) {
      throw new ModelError(
        'NO_FORWARD_PASS',
        'the tensors kept by forward were disposed: call forward({ keep: true }) and backward in the same tf.tidy',
      );
    }
    if (dLogits.rank !== 2 || dLogits.shape.some((d, i) => d !== kept.outputShape[i])) {
      throw new ModelError(
        'INVALID_INPUT',
        `backward expects dLogits of shape [${kept.outputShape.join(', ')}], got [${dLogits.shape.join(', ')}]`,
      );
    }
    return kept;
  }
}
