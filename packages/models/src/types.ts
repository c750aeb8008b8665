import type { ImagePreprocessing, PixelScaling, PixelScalingOptions } from '@mnist-kit/datasets';
import type { Tensor, Tensor2D, Variable } from '@tensorflow/tfjs-core';

/**
 * Hidden-layer activation. `gelu` is the exact form `x · Φ(x)` with `Φ(x) = ½(1 + erf(x/√2))`, the same
 * formula as tfjs-layers' `'gelu'`, so a saved model predicts identically under `tf.loadLayersModel`.
 */
export type Activation = 'relu' | 'tanh' | 'sigmoid' | 'gelu';

/**
 * Weight initialisation scheme (all draws are uniform, from a seeded JS PRNG, so a seed gives the same
 * weights on every backend):
 * - `pytorch`: like `torch.nn.Linear`, kernel and bias ~ U(−1/√fan_in, 1/√fan_in).
 * - `he`: He/Kaiming **uniform**, kernel ~ U(−√(6/fan_in), √(6/fan_in)), zero bias.
 * - `glorot`: Glorot/Xavier uniform, kernel ~ U(−√(6/(fan_in+fan_out)), √(6/(fan_in+fan_out))), zero bias.
 */
export type Init = 'pytorch' | 'he' | 'glorot';

/**
 * What a model records about its data, beside the architecture (options of {@link createMlp} and
 * {@link createCnn}): saved with it, so whoever loads it feeds it inputs made as its training data was
 * and names its outputs as that data did.
 */
export interface DataOptions {
  /**
   * How pixel bytes become the model's inputs (`@mnist-kit/datasets`' `pixelScaling`): used by `fit` for
   * `Split` batches, by `evaluate` and by prediction, so the model is always fed inputs scaled as it was
   * trained. Defaults to `{ normalize: 'unit' }` (`x / 255`).
   */
  pixelScaling?: PixelScalingOptions;
  /**
   * One name per output class (the dataset's `classNames`, e.g. `'Ankle boot'` or an image folder's class
   * folders): exactly `outputSize` distinct non-empty names. Defaults to none (`null`: outputs are numbered).
   */
  classNames?: readonly string[] | null;
  /**
   * How an image from outside (a photo to predict) becomes one of the model's 28 × 28 inputs
   * (`@mnist-kit/datasets`' `preprocessImage` mode, the dataset's `preprocessing`): `'digit'` crops to the
   * ink and centres it, `'resize'` keeps the picture as framed. Defaults to `'digit'`.
   */
  preprocessing?: ImagePreprocessing;
}

/** The data-side part of a resolved recipe (see {@link DataOptions}). */
export interface DataConfig {
  /** How pixel bytes become inputs (`'unit'` for a model loaded from a file that does not record it). */
  readonly pixelScaling: PixelScaling;
  /** One name per output class; `null` when not recorded (outputs are numbered). */
  readonly classNames: readonly string[] | null;
  /** How an outside image becomes an input (`'digit'` for a model loaded from a file that does not record it). */
  readonly preprocessing: ImagePreprocessing;
}

/** The options every model takes (of {@link createMlp} and {@link createCnn}), beside its architecture's. */
export interface BaseModelOptions extends DataOptions {
  /** Number of output classes (logits). Defaults to `10`. */
  outputSize?: number;
  /**
   * Seed for the initial weights (any safe integer): the same seed gives the same weights on every backend.
   * Defaults to a random seed, which is recorded in `config.seed`.
   */
  seed?: number | null;
}

/** The part of a resolved recipe every model has (see {@link MlpConfig} and {@link CnnConfig}). */
export interface BaseModelConfig extends DataConfig {
  readonly outputSize: number;
  readonly dropout: number;
  readonly init: Init;
  /** Seed of the initial weights; `null` for a model loaded from a file that does not record one. */
  readonly seed: number | null;
}

/** Options of {@link createMlp}. */
export interface MlpOptions extends BaseModelOptions {
  /** Number of input features. Defaults to `784` (a flattened 28×28 image). */
  inputSize?: number;
  /** Width of each hidden layer, in order; `[]` gives a linear (softmax-regression) model. Defaults to `[128, 128]`. */
  hiddenSizes?: readonly number[];
  /** Activation after every hidden layer. Defaults to `'relu'`. */
  activation?: Activation;
  /** Dropout rate in `[0, 1)` after every hidden activation, applied in training only (inverted dropout). Defaults to `0`. */
  dropout?: number;
  /** Weight initialisation scheme. Defaults to `'pytorch'`. */
  init?: Init;
}

/** The resolved recipe of a model (every option filled in). */
export interface MlpConfig extends BaseModelConfig {
  readonly inputSize: number;
  readonly hiddenSizes: readonly number[];
  readonly activation: Activation;
}

/** Options of a forward pass (what `@mnist-kit/training`'s `fit` passes; it uses this type). */
export interface ForwardOptions {
  /** Training mode (dropout active). Defaults to `false`. */
  training?: boolean;
  /**
   * Keep the intermediate tensors that `backward` needs. They belong to the caller's `tf.tidy` scope, so call
   * `backward` inside the same scope. Defaults to `false`.
   */
  keep?: boolean;
  /**
   * Seed of this pass's dropout masks (training only); each layer derives its own seed from it. Defaults to
   * none (unseeded).
   */
  seed?: number;
}

/** Named trainable parameters in layer order (`dense_1/kernel`, `dense_1/bias`, `dense_2/kernel`, …). */
export type NamedVariables = Record<string, Variable>;
/** Named tensors, e.g. gradients keyed like the parameters they belong to. */
export type NamedTensors = Record<string, Tensor>;

/** The activation after a dense layer of a {@link DenseArchitecture}: a hidden activation, or none. */
export type DenseActivation = Activation | 'linear';

/**
 * A model as a stack of dense layers, as plain data (`@mnist-kit/training` reads it to train the model on
 * its SIMD step engine).
 */
export interface DenseArchitecture {
  /**
   * The layers, input first: each names its kernel (`[inputs, units]`) and bias (`[units]`) in `params`,
   * and the activation after it. The last layer produces the logits (`'linear'`).
   */
  readonly layers: readonly {
    readonly kernel: string;
    readonly bias: string;
    readonly activation: DenseActivation;
  }[];
  /** Dropout rate after every hidden layer (training only). */
  readonly dropout: number;
}

/**
 * One layer's response to a batch of inputs, from a model's `trace`: tensors the caller owns (free the whole
 * trace with `tf.dispose(trace)`).
 */
export interface LayerTrace {
  /** The layer's name, as its parameters are keyed: `dense_1` (for `dense_1/kernel`), `conv2d_1`, …. */
  readonly name: string;
  /**
   * What the layer is, which says how to show its outputs: `'dense'` (`[batch, units]`), `'conv2d'` or
   * `'pool'` (`[batch, height, width, channels]` feature maps), `'flatten'`.
   */
  readonly kind: 'dense' | 'conv2d' | 'pool' | 'flatten';
  /** The activation after the layer (`'linear'` for the logits layer and for layers without one). */
  readonly activation: string;
  /** The layer's output before its activation (the same tensor as `output` when the activation is linear). */
  readonly preActivation: Tensor;
  /** What the layer passes on, in inference mode (no dropout). */
  readonly output: Tensor;
}

/** What every layer of a model does with a batch of inputs (`trace`): tensors the caller owns. */
export interface ModelTrace {
  /** Every layer, input side first; the last layer's `output` is the logits. */
  readonly layers: readonly LayerTrace[];
  /** `[batch, classes]` logits (inference mode). */
  readonly logits: Tensor2D;
  /** `[batch, classes]` softmax of the logits. */
  readonly probabilities: Tensor2D;
}

/**
 * A model that can show what each of its layers does with an input (`createMlp`'s models; any model with
 * the same method). The web demo's activations panel reads nothing else.
 */
export interface TraceableModel {
  /** Every layer's pre-activation and output, the logits and the probabilities, for inputs `forward` takes. */
  trace(x: Tensor): ModelTrace;
}

/** What every model of this package has and does (see {@link Mlp} and {@link Cnn}). */
export interface BaseModel<C extends BaseModelConfig> extends TraceableModel {
  /** The resolved recipe. */
  readonly config: C;
  /** How pixel bytes become inputs (the same as `config.pixelScaling`). */
  readonly pixelScaling: PixelScaling;
  /** Whether `dispose` was called. */
  readonly isDisposed: boolean;
  /**
   * Gradients of the loss w.r.t. every parameter (keyed like `params`), given dLoss/dLogits of the last
   * forward pass made with `keep: true`. Throws `ModelError` (`NO_FORWARD_PASS`) without one.
   */
  backward(dLogits: Tensor): NamedTensors;
  /** Class probabilities `[batch, outputSize]` (softmax of the logits, inference mode). */
  predict(x: Tensor): Tensor2D;
  /** A PyTorch-style description of the layers with output shapes and parameter counts. */
  summary(): string;
  /** Frees the variables. The model cannot be used afterwards. */
  dispose(): void;
}

/** A multi-layer perceptron with a hand-written backward pass. Satisfies `TrainableModel` of `@mnist-kit/training`. */
export interface Mlp extends BaseModel<MlpConfig> {
  /** What the model is: `'mlp'` (a {@link Cnn} says `'cnn'`), to tell the members of {@link Model} apart. */
  readonly kind: 'mlp';
  /**
   * Trainable variables keyed like tfjs-layers weights, in layer order. Kernels are `[in, out]`. The keys are
   * the tfjs-layers weight names; each `Variable.name` carries a per-model prefix so several models can coexist.
   */
  readonly params: NamedVariables;
  /** Total number of scalar parameters (118,282 for the default recipe). */
  readonly paramCount: number;
  /** The layers as plain data (kernel/bias names, activations, dropout). */
  readonly architecture: DenseArchitecture;
  /** Logits `[batch, outputSize]` for inputs `[batch, inputSize]`. */
  forward(x: Tensor, options?: ForwardOptions): Tensor2D;
  /**
   * What every dense layer does with inputs `[batch, inputSize]`, in inference mode (no dropout): its
   * pre-activation and output, then the logits and the softmax probabilities — the same numbers `predict`
   * computes. The tensors belong to the caller (`tf.dispose(trace)`).
   */
  trace(x: Tensor): ModelTrace;
}

/** Padding of the convolutions of a {@link Cnn}: `'valid'` (none: each conv shrinks the map by kernel − 1) or `'same'`. */
export type Padding = 'valid' | 'same';

/** Options of {@link createCnn}. */
export interface CnnOptions extends BaseModelOptions {
  /**
   * Shape of one input image, `[height, width, channels]`. `forward` takes the image flattened row-major
   * (`[batch, height·width·channels]`, what datasets' batches give) or as NHWC `[batch, height, width, channels]`.
   * Defaults to `[28, 28, 1]`.
   */
  inputShape?: readonly [number, number, number];
  /** Filters (output channels) of each convolution, one conv block per entry. Defaults to `[8, 16]`. */
  filters?: readonly number[];
  /** Kernel size of the (square) convolutions: one for all (`5` or `[5]`), or one per conv block. Defaults to `5`. */
  kernelSize?: number | readonly number[];
  /** Padding of every convolution (stride 1). Defaults to `'valid'`. */
  padding?: Padding;
  /** Window and stride of the max-pooling after every convolution (`1`: no pooling). Defaults to `2`. */
  poolSize?: number;
  /** Width of each hidden Dense layer after the flatten, in order; `[]` connects the flatten to the logits. Defaults to `[128]`. */
  denseSizes?: readonly number[];
  /** Dropout rate in `[0, 1)` after every hidden Dense layer's ReLU, in training only (inverted dropout). Defaults to `0`. */
  dropout?: number;
  /** Dropout rate in `[0, 1)` after every conv block's max-pooling, in training only (inverted dropout). Defaults to `0`. */
  convDropout?: number;
  /**
   * Weight initialisation, as for {@link MlpOptions.init}, with a convolution's fan-in `kernel² · inChannels`
   * (and fan-out `kernel² · filters`). Defaults to `'pytorch'`: like `torch.nn.Conv2d` and `torch.nn.Linear`,
   * kernel and bias ~ U(−1/√fan_in, 1/√fan_in).
   */
  init?: Init;
}

/** The resolved recipe of a {@link Cnn} (every option filled in). */
export interface CnnConfig extends BaseModelConfig {
  readonly inputShape: readonly [number, number, number];
  /** Features of one flattened input image: `height · width · channels` (what `forward` takes per row). */
  readonly inputSize: number;
  readonly filters: readonly number[];
  /** One kernel size per conv block. */
  readonly kernelSize: readonly number[];
  readonly padding: Padding;
  readonly poolSize: number;
  readonly denseSizes: readonly number[];
  readonly convDropout: number;
}

/**
 * A convolutional network with a hand-written backward pass: per conv block `Conv2D (stride 1) → ReLU →
 * MaxPool [→ Dropout]`, then `Flatten`, `Dense → ReLU [→ Dropout]` per hidden size, and a Dense layer producing
 * logits. Satisfies `TrainableModel` of `@mnist-kit/training`; saved in the tfjs-layers format like an {@link Mlp}.
 */
export interface Cnn extends BaseModel<CnnConfig> {
  /** What the model is: `'cnn'` (an {@link Mlp} says `'mlp'`). */
  readonly kind: 'cnn';
  /**
   * Trainable variables keyed like tfjs-layers weights, in layer order: `conv2d_1/kernel`
   * (`[kernel, kernel, inChannels, filters]`), `conv2d_1/bias`, …, then `dense_1/kernel` (`[in, out]`),
   * `dense_1/bias`, …. Each `Variable.name` carries a per-model prefix so several models can coexist.
   */
  readonly params: NamedVariables;
  /** Total number of scalar parameters (37,610 for the defaults). */
  readonly paramCount: number;
  /** Logits `[batch, outputSize]` for inputs `[batch, inputSize]` (or NHWC `[batch, height, width, channels]`). */
  forward(x: Tensor, options?: ForwardOptions): Tensor2D;
  /**
   * What every layer does with inputs `forward` takes, in inference mode (no dropout): per conv block the
   * `conv2d_i` layer (pre-activation and ReLU output, `[batch, height, width, filters]` maps) and the
   * `max_pooling2d_i` layer, then `flatten`, the dense layers, the logits and the softmax probabilities —
   * the same numbers `predict` computes. The tensors belong to the caller (`tf.dispose(trace)`).
   */
  trace(x: Tensor): ModelTrace;
}

/** Any model of this package: tell them apart by `kind`. Saved, loaded and trained the same way. */
export type Model = Mlp | Cnn;
