import * as tf from '@tensorflow/tfjs-core';
import { ModelError } from '../ModelError';
import type { Cnn, CnnConfig, ForwardOptions, LayerTrace, ModelTrace, NamedTensors, NamedVariables } from '../types';
import { type CnnLayout, cnnLayout } from './cnnLayout';
import { cnnSummary } from './cnnSummary';
import { conv2dFilterGrad, conv2dInputGrad, convGradientPlan, maxPoolReluGrad } from './convGradients';
import { biasGrad, reluGrad } from './denseGradOps';
import { dropoutMask } from './dropoutMask';
import type { CnnWeights } from './initCnnWeights';
import { type KeptPass, ModelBase } from './ModelBase';
import { matMulTransposeA, matMulTransposeB, transposeMode } from './matMulTransposed';
import { layerSeed } from './prng';

interface Layer<R extends tf.Rank> {
  readonly kernel: tf.Variable<R>;
  readonly bias: tf.Variable<tf.Rank.R1>;
}

/** What one conv block's backward step needs from the forward pass. */
interface KeptBlock {
  /** The block's input `[B, H, W, C]` (x, or the previous block's output after dropout). */
  input: tf.Tensor4D;
  /** ReLU(conv) `[B, convH, convW, F]`. */
  y: tf.Tensor4D;
  /** MaxPool(y) (the same tensor as `y` without pooling), before dropout. */
  pooled: tf.Tensor4D;
  /** Scaled dropout mask (0 or 1/(1−p)). */
  mask?: tf.Tensor4D;
}

/** What one Dense layer's backward step needs. */
interface KeptDense {
  input: tf.Tensor2D;
  /** ReLU output before dropout (hidden layers). */
  y?: tf.Tensor2D;
  mask?: tf.Tensor2D;
}

interface Kept extends KeptPass {
  readonly blocks: KeptBlock[];
  readonly dense: KeptDense[];
}

/** The `Cnn` implementation: tfjs-core variables plus a hand-written backward pass. */
export class CnnModel extends ModelBase<'cnn', CnnConfig, Kept> implements Cnn {
  override readonly params: NamedVariables;
  override readonly config: CnnConfig;
  private readonly layout: CnnLayout;
  private readonly convs: Layer<tf.Rank.R4>[];
  private readonly denses: Layer<tf.Rank.R2>[];

  constructor(config: CnnConfig, weights: CnnWeights) {
    super('cnn');
    this.config = Object.freeze({
      ...config,
      inputShape: Object.freeze([...config.inputShape]) as unknown as CnnConfig['inputShape'],
      filters: Object.freeze([...config.filters]),
      kernelSize: Object.freeze([...config.kernelSize]),
      denseSizes: Object.freeze([...config.denseSizes]),
      pixelScaling: Object.freeze({ ...config.pixelScaling }),
      classNames: config.classNames === null ? null : Object.freeze([...config.classNames]),
    });
    this.layout = cnnLayout(config);
    const { prefix } = this;
    const params: NamedVariables = {};
    const variable = <R extends tf.Rank>(name: string, values: Float32Array, shape: number[]) => {
      const v = tf.tidy(() => tf.variable(tf.tensor(values, shape, 'float32'), true, `${prefix}/${name}`));
      params[name] = v;
      return v as tf.Variable<R>;
    };
    this.convs = weights.conv.map((w, i) => ({
      kernel: variable<tf.Rank.R4>(`conv2d_${i + 1}/kernel`, w.kernel, [
        w.kernelSize,
        w.kernelSize,
        w.inChannels,
        w.filters,
      ]),
      bias: variable<tf.Rank.R1>(`conv2d_${i + 1}/bias`, w.bias, [w.filters]),
    }));
    this.denses = weights.dense.map((w, i) => ({
      kernel: variable<tf.Rank.R2>(`dense_${i + 1}/kernel`, w.kernel, [w.fanIn, w.fanOut]),
      bias: variable<tf.Rank.R1>(`dense_${i + 1}/bias`, w.bias, [w.fanOut]),
    }));
    this.params = Object.freeze(params);
  }

  override forward(x: tf.Tensor, options: ForwardOptions = {}): tf.Tensor2D {
    this.assertUsable();
    this.checkInput(x, 'forward');
    const [height, width, channels] = this.config.inputShape;
    const flat = x.rank === 2;
    const keep = options.keep ?? false;
    const training = options.training ?? false;
    const convRate = training ? this.config.convDropout : 0;
    const denseRate = training ? this.config.dropout : 0;
    const { seed } = options;
    const { padding, poolSize } = this.config;
    const batch = x.shape[0]!;
    const passSeed = (layer: number) => (seed === undefined ? undefined : layerSeed(seed, layer));

    const result = tf.tidy(() => {
      const blocks: KeptBlock[] = [];
      let a = (flat ? tf.reshape(x, [batch, height, width, channels]) : x) as tf.Tensor4D;
      this.convs.forEach(({ kernel, bias }, i) => {
        const y = tf.fused.conv2d({ x: a, filter: kernel, bias, strides: 1, pad: padding, activation: 'relu' });
        const pooled = poolSize > 1 ? tf.maxPool(y, poolSize, poolSize, 'valid') : y;
        const k: KeptBlock = { input: a, y, pooled };
        a = pooled;
        if (convRate > 0) {
          k.mask = dropoutMask<tf.Tensor4D>(pooled.shape, convRate, passSeed(i));
          a = tf.mul(pooled, k.mask);
        }
        blocks.push(k);
      });
      const dense: KeptDense[] = [];
      let h = tf.reshape(a, [batch, this.layout.flatSize]) as tf.Tensor2D;
      const last = this.denses.length - 1;
      for (let i = 0; i < last; i++) {
        const { kernel, bias } = this.denses[i]!;
        const k: KeptDense = { input: h };
        k.y = tf.fused.matMul({ a: h, b: kernel, bias, activation: 'relu' }) as tf.Tensor2D;
        h = k.y;
        if (denseRate > 0) {
          k.mask = dropoutMask<tf.Tensor2D>(h.shape, denseRate, passSeed(this.convs.length + i));
          h = tf.mul(h, k.mask);
        }
        dense.push(k);
      }
      const { kernel, bias } = this.denses[last]!;
      dense.push({ input: h });
      const logits = tf.fused.matMul({ a: h, b: kernel, bias }) as tf.Tensor2D;
      return (keep ? { logits, blocks, dense } : { logits }) as unknown as tf.TensorContainer;
    }) as unknown as { logits: tf.Tensor2D; blocks?: KeptBlock[]; dense?: KeptDense[] };

    if (keep) this.kept = { blocks: result.blocks!, dense: result.dense!, outputShape: result.logits.shape };
    return result.logits;
  }

  backward(dLogits: tf.Tensor): NamedTensors {
    const kept = this.takeKept(dLogits, (k) => [...k.blocks, ...k.dense].flatMap((t) => Object.values(t)));
    const mode = transposeMode();
    const plan = convGradientPlan();
    const { poolSize } = this.config;
    return tf.tidy(() => {
      const out: NamedTensors = {};
      // Dense layers, from the logits back to the flatten.
      const denseGrads: [tf.Tensor, tf.Tensor][] = [];
      let dZ = dLogits as tf.Tensor2D;
      let dFlat: tf.Tensor2D | undefined;
      for (let i = this.denses.length - 1; i >= 0; i--) {
        const k = kept.dense[i]!;
        denseGrads[i] = [matMulTransposeA(k.input, dZ, mode), biasGrad(dZ)];
        let dA: tf.Tensor2D = matMulTransposeB(dZ, this.denses[i]!.kernel, mode);
        if (i === 0) {
          dFlat = dA;
          break;
        }
        const h = kept.dense[i - 1]!;
        if (h.mask) dA = tf.mul(dA, h.mask);
        dZ = reluGrad(dA, h.y!);
      }
      // Conv blocks, from the flatten back to the input (whose gradient is not needed).
      const convGrads: [tf.Tensor, tf.Tensor][] = [];
      const lastBlock = kept.blocks[kept.blocks.length - 1]!;
      let dP = tf.reshape(dFlat!, lastBlock.pooled.shape) as tf.Tensor4D;
      for (let i = this.convs.length - 1; i >= 0; i--) {
        const k = kept.blocks[i]!;
        const block = this.layout.blocks[i]!;
        if (k.mask) dP = tf.mul(dP, k.mask);
        const dConv = maxPoolReluGrad(dP, k.y, k.pooled, poolSize, plan.pool);
        convGrads[i] = [conv2dFilterGrad(k.input, dConv, block, plan.filter), tf.sum(dConv, [0, 1, 2])];
        if (i > 0) dP = conv2dInputGrad(dConv, this.convs[i]!.kernel, block, plan.input);
      }
      ModelBase.nameGrads(out, 'conv2d', convGrads);
      ModelBase.nameGrads(out, 'dense', denseGrads);
      return out;
    });
  }

  trace(x: tf.Tensor): ModelTrace {
    this.assertUsable();
    this.checkInput(x, 'trace');
    const { padding, poolSize } = this.config;
    const batch = x.shape[0]!;
    return tf.tidy(() => {
      const layers: LayerTrace[] = [];
      let a = tf.reshape(x, [batch, ...this.config.inputShape]) as tf.Tensor4D;
      this.convs.forEach(({ kernel, bias }, i) => {
        const z = tf.add(tf.conv2d(a, kernel, 1, padding), bias) as tf.Tensor4D;
        const y = tf.relu(z);
        layers.push({ name: `conv2d_${i + 1}`, kind: 'conv2d', activation: 'relu', preActivation: z, output: y });
        a = y;
        if (poolSize > 1) {
          a = tf.maxPool(y, poolSize, poolSize, 'valid');
          layers.push({
            name: `max_pooling2d_${i + 1}`,
            kind: 'pool',
            activation: 'linear',
            preActivation: a,
            output: a,
          });
        }
      });
      let h = tf.reshape(a, [batch, this.layout.flatSize]) as tf.Tensor2D;
      layers.push({ name: 'flatten', kind: 'flatten', activation: 'linear', preActivation: h, output: h });
      const last = this.denses.length - 1;
      this.denses.forEach(({ kernel, bias }, i) => {
        const z = tf.fused.matMul({ a: h, b: kernel, bias }) as tf.Tensor2D;
        const output = i < last ? tf.relu(z) : z;
        layers.push({
          name: `dense_${i + 1}`,
          kind: 'dense',
          activation: i < last ? 'relu' : 'linear',
          preActivation: z,
          output,
        });
        h = output;
      });
      return { layers, logits: h, probabilities: tf.softmax(h) } as unknown as tf.TensorContainer;
    }) as unknown as ModelTrace;
  }

  summary(): string {
    return cnnSummary(this.config);
  }

  private checkInput(x: tf.Tensor, what: string): void {
    const [height, width, channels] = this.config.inputShape;
    const flat = x.rank === 2 && x.shape[1] === this.config.inputSize;
    const nhwc = x.rank === 4 && x.shape[1] === height && x.shape[2] === width && x.shape[3] === channels;
    if (!flat && !nhwc) {
      throw new ModelError(
        'INVALID_INPUT',
        `${what} expects inputs of shape [batch, ${this.config.inputSize}] or [batch, ${height}, ${width}, ${channels}], got [${x.shape.join(', ')}]`,
      );
    }
  }
}
