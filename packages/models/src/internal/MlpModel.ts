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
import type { DenseWeights } from './initWeights';
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

interface Kept {
  readonly layers: KeptLayer[];
  readonly outputShape: readonly number[];
}

let nextModelId = 1;

/** The `Mlp` implementation: tfjs-core variables plus a hand-written backward pass. */
export class MlpModel implements Mlp {
  readonly kind = 'mlp' as const;
  readonly params: NamedVariables;
  readonly paramCount: number;
  readonly config: MlpConfig;
  readonly architecture: DenseArchitecture;
  private readonly layers: DenseLayer[];

  get pixelScaling() {
    return this.config.pixelScaling;
  }
  private kept: Kept | null = null;
  private disposed = false;

  constructor(config: MlpConfig, weights: readonly DenseWeights[]) {
    this.config = Object.freeze({
      ...config,
      hiddenSizes: Object.freeze([...config.hiddenSizes]),
      pixelScaling: Object.freeze({ ...config.pixelScaling }),
      classNames: config.classNames === null ? null : Object.freeze([...config.classNames]),
    });
    const prefix = `mnist-kit/mlp${nextModelId++}`;
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
    this.paramCount = weights.reduce((n, w) => n + w.kernel.length + w.bias.length, 0);
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  forward(x: tf.Tensor, options: ForwardOptions = {}): tf.Tensor2D {
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
          // U(−p, 1−p) > 0 with probability 1−p; scaled so the expectation is unchanged (inverted dropout).
          const u = tf.randomUniform(
            a.shape,
            -rate,
            1 - rate,
            'float32',
            seed === undefined ? undefined : layerSeed(seed, i),
          );
          const mask: tf.Tensor2D = tf.mul(tf.step(u), 1 / (1 - rate));
          k.mask = mask;
          a = tf.mul(a, mask);
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
    this.assertUsable();
    const kept = this.kept;
    if (kept === null) {
      throw new ModelError('NO_FORWARD_PASS', 'backward needs a forward pass made with { keep: true } first');
    }
    this.kept = null;
    if (kept.layers.some((k) => Object.values(k).some((t) => (t as tf.Tensor).isDisposed))) {
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
    const { activation } = this.config;
    const mode = transposeMode();
    return tf.tidy(() => {
      const grads: tf.Tensor[] = [];
      let dZ = dLogits as tf.Tensor2D;
      for (let i = this.layers.length - 1; i >= 0; i--) {
        const k = kept.layers[i]!;
        grads[2 * i] = matMulTransposeA(k.input, dZ, mode);
        grads[2 * i + 1] = tf.sum(dZ, 0);
        if (i === 0) break;
        let dA: tf.Tensor2D = matMulTransposeB(dZ, this.layers[i]!.kernel, mode);
        const h = kept.layers[i - 1]!;
        if (h.mask) dA = tf.mul(dA, h.mask);
        if (activation === 'relu') {
          dZ = tf.mul(dA, tf.step(h.y!));
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
      this.layers.forEach((_, i) => {
        out[`dense_${i + 1}/kernel`] = grads[2 * i]!;
        out[`dense_${i + 1}/bias`] = grads[2 * i + 1]!;
      });
      return out;
    });
  }

  predict(x: tf.Tensor): tf.Tensor2D {
    return tf.tidy(() => tf.softmax(this.forward(x)));
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

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.kept = null;
    for (const { kernel, bias } of this.layers) {
      kernel.dispose();
      bias.dispose();
    }
  }

  private checkInput(x: tf.Tensor, what: string): void {
    if (x.rank !== 2 || x.shape[1] !== this.config.inputSize) {
      throw new ModelError(
        'INVALID_INPUT',
        `${what} expects inputs of shape [batch, ${this.config.inputSize}], got [${x.shape.join(', ')}]`,
      );
    }
  }

  private assertUsable(): void {
    if (this.disposed) throw new ModelError('DISPOSED', 'this model was disposed');
  }
}
