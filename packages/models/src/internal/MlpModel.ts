import * as tf from '@tensorflow/tfjs-core';
import { ModelError } from '../ModelError';
import type {
  DenseArchitecture,
  ForwardOptions,
  Mlp,
  MlpConfig,
  ModelTrace,
  NamedTensors,
  NamedVariables,
} from '../types';
import { biasGrad, reluGrad } from './denseGradOps';
import { dropoutMask } from './dropoutMask';
import type { DenseWeights } from './initWeights';
import { type KeptPass, ModelBase } from './ModelBase';
import { matMulTransposeA, matMulTransposeB, transposeMode } from './matMulTransposed';
import { layerSeed } from './prng';
import { summary } from './summary';
import { traceDense } from './traceDense';

const SQRT1_2 = Math.SQRT1_2;
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

interface DenseLayer {
  readonly kernel: tf.Variable<tf.Rank.R2>;
  readonly bias: tf.Variable<tf.Rank.R1>;
}

/** What one Dense layer's backward step needs from the forward pass. */
interface KeptLayer {
  /** The layer's input (x, or the previous layer's output after dropout). */
  input: tf.Tensor2D;
  /** Activation output before dropout (relu, tanh, sigmoid). */
  y?: tf.Tensor2D;
  /** Pre-activation (gelu). */
  z?: tf.Tensor2D;
  /** Φ(z) (gelu). */
  cdf?: tf.Tensor2D;
  /** Scaled dropout mask (0 or 1/(1−p)). */
  mask?: tf.Tensor2D;
}

interface Kept extends KeptPass {
  readonly layers: KeptLayer[];
}

/** The `Mlp` implementation: tfjs-core variables plus a hand-written backward pass. */
export class MlpModel extends ModelBase<'mlp', MlpConfig, Kept> implements Mlp {
  override readonly params: NamedVariables;
  override readonly config: MlpConfig;
  readonly architecture: DenseArchitecture;
  private readonly layers: DenseLayer[];

  constructor(config: MlpConfig, weights: readonly DenseWeights[]) {
    super('mlp');
    this.config = Object.freeze({
      ...config,
      hiddenSizes: Object.freeze([...config.hiddenSizes]),
      pixelScaling: Object.freeze({ ...config.pixelScaling }),
      classNames: config.classNames === null ? null : Object.freeze([...config.classNames]),
    });
    const { prefix } = this;
    const params: NamedVariables = {};
    this.layers = weights.map((w, i) => {
      const name = `dense_${i + 1}`;
      const kernel = tf.tidy(() =>
        tf.variable(tf.tensor2d(w.kernel, [w.fanIn, w.fanOut]), true, `${prefix}/${name}/kernel`),
      );
      const bias = tf.tidy(() => tf.variable(tf.tensor1d(w.bias), true, `${prefix}/${name}/bias`));
      params[`${name}/kernel`] = kernel;
      params[`${name}/bias`] = bias;
      return { kernel, bias };
    });
    this.params = Object.freeze(params);
    const last = weights.length - 1;
    this.architecture = Object.freeze({
      layers: Object.freeze(
        weights.map((_, i) => ({
          kernel: `dense_${i + 1}/kernel`,
          bias: `dense_${i + 1}/bias`,
          activation: i === last ? ('linear' as const) : config.activation,
        })),
      ),
      dropout: config.dropout,
    });
  }

  override forward(x: tf.Tensor, options: ForwardOptions = {}): tf.Tensor2D {
    this.assertUsable();
    this.checkInput(x, 'forward');
    const keep = options.keep ?? false;
    const rate = options.training ? this.config.dropout : 0;
    const { activation } = this.config;
    const last = this.layers.length - 1;
    const seed = options.seed;

    const result = tf.tidy(() => {
      const kept: KeptLayer[] = [];
      let a = x as tf.Tensor2D;
      for (let i = 0; i < last; i++) {
        const { kernel, bias } = this.layers[i]!;
        const k: KeptLayer = { input: a };
        if (activation === 'relu' || activation === 'sigmoid') {
          k.y = tf.fused.matMul({ a, b: kernel, bias, activation }) as tf.Tensor2D;
          a = k.y;
        } else if (activation === 'tanh') {
          k.y = tf.tanh(tf.fused.matMul({ a, b: kernel, bias }) as tf.Tensor2D);
          a = k.y;
        } else {
          // gelu (exact): z · Φ(z), Φ(z) = ½ + ½·erf(z/√2)
          const z = tf.fused.matMul({ a, b: kernel, bias }) as tf.Tensor2D;
          k.z = z;
          const cdf: tf.Tensor2D = tf.add(tf.mul(tf.erf(tf.mul(z, SQRT1_2)), 0.5), 0.5);
          k.cdf = cdf;
          a = tf.mul(z, cdf);
        }
        if (rate > 0) {
          k.mask = dropoutMask<tf.Tensor2D>(a.shape, rate, seed === undefined ? undefined : layerSeed(seed, i));
          a = tf.mul(a, k.mask);
        }
        kept.push(k);
      }
      const { kernel, bias } = this.layers[last]!;
      kept.push({ input: a });
      const logits = tf.fused.matMul({ a, b: kernel, bias }) as tf.Tensor2D;
      return (keep ? { logits, kept } : { logits }) as unknown as tf.TensorContainer;
    }) as unknown as { logits: tf.Tensor2D; kept?: KeptLayer[] };

    if (keep) this.kept = { layers: result.kept!, outputShape: result.logits.shape };
    return result.logits;
  }

  backward(dLogits: tf.Tensor): NamedTensors {
    const kept = this.takeKept(dLogits, (k) => k.layers.flatMap((t) => Object.values(t)));
    const { activation } = this.config;
    const mode = transposeMode();
    return tf.tidy(() => {
      const grads: [tf.Tensor, tf.Tensor][] = [];
      let dZ = dLogits as tf.Tensor2D;
      for (let i = this.layers.length - 1; i >= 0; i--) {
        const k = kept.layers[i]!;
        grads[i] = [matMulTransposeA(k.input, dZ, mode), biasGrad(dZ)];
        if (i === 0) break;
        let dA: tf.Tensor2D = matMulTransposeB(dZ, this.layers[i]!.kernel, mode);
        const h = kept.layers[i - 1]!;
        if (h.mask) dA = tf.mul(dA, h.mask);
        if (activation === 'relu') {
          dZ = reluGrad(dA, h.y!);
        } else if (activation === 'tanh') {
          dZ = tf.mul(dA, tf.sub(1, tf.square(h.y!)));
        } else if (activation === 'sigmoid') {
          dZ = tf.mul(dA, tf.mul(h.y!, tf.sub(1, h.y!)));
        } else {
          // gelu'(z) = Φ(z) + z·φ(z), φ(z) = exp(−z²/2)/√(2π)
          const z = h.z!;
          const zPdf = tf.mul(tf.mul(z, INV_SQRT_2PI), tf.exp(tf.mul(tf.square(z), -0.5)));
          dZ = tf.mul(dA, tf.add(h.cdf!, zPdf));
        }
      }
      const out: NamedTensors = {};
      ModelBase.nameGrads(out, 'dense', grads);
      return out;
    });
  }

  trace(x: tf.Tensor): ModelTrace {
    this.assertUsable();
    this.checkInput(x, 'trace');
    const layers = this.layers.map((layer, i) => ({ name: `dense_${i + 1}`, ...layer }));
    return traceDense(layers, this.config.activation, x as tf.Tensor2D);
  }

  summary(): string {
    return summary(this.config);
  }

  private checkInput(x: tf.Tensor, what: string): void {
    if (x.rank !== 2 || x.shape[1] !== this.config.inputSize) {
      throw new ModelError(
        'INVALID_INPUT',
        `${what} expects inputs of shape [batch, ${this.config.inputSize}], got [${x.shape.join(', ')}]`,
      );
    }
  }
}
