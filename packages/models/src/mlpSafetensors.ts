import type { ImagePreprocessing, PixelScalingOptions } from '@mnist-kit/datasets';
import { encodeSafetensors } from './encodeSafetensors';
import type { DenseWeights } from './internal/initWeights';
import { MlpModel } from './internal/MlpModel';
import { resolveOptions } from './internal/resolveOptions';
import { ModelError } from './ModelError';
import { parseSafetensors, type SafetensorsTensor } from './parseSafetensors';
import type { Activation, Mlp, MlpConfig } from './types';

/**
 * PyTorch names of the Linear layers of an MLP with `layers` of them, as the tutorial's `NeuralNet`
 * class names them: `input_layer`, `hidden_layer`, `output_layer` for the recipe (two hidden layers);
 * `input_layer`, `output_layer` for one; `input_layer`, `hidden_layer_1` … `hidden_layer_{n−1}`,
 * `output_layer` for n ≥ 3; `output_layer` alone for none.
 */
export function tutorialLayerNames(layers: number): string[] {
  if (layers === 1) return ['output_layer'];
  if (layers === 2) return ['input_layer', 'output_layer'];
  if (layers === 3) return ['input_layer', 'hidden_layer', 'output_layer'];
  return ['input_layer', ...Array.from({ length: layers - 2 }, (_, i) => `hidden_layer_${i + 1}`), 'output_layer'];
}

/** The `__metadata__` key holding the recipe (JSON). */
const META_KEY = 'mnist_kit';

/**
 * The model as a safetensors file PyTorch loads into the tutorial's `NeuralNet` with
 * `load_state_dict(strict=True)`: per Linear layer `<name>.weight` (`[out, in]`, PyTorch's layout: the
 * transpose of the tfjs kernel) and `<name>.bias`, names from {@link tutorialLayerNames}, float32; the
 * recipe (sizes, activation, dropout, pixel scaling) as JSON in `__metadata__.mnist_kit`, and
 * `__metadata__.format = 'pt'`.
 */
export async function mlpToSafetensors(model: Mlp): Promise<Uint8Array> {
  const { config } = model;
  const sizes = [config.inputSize, ...config.hiddenSizes, config.outputSize];
  const names = tutorialLayerNames(sizes.length - 1);
  const tensors: [string, SafetensorsTensor][] = [];
  for (const [i, name] of names.entries()) {
    const fanIn = sizes[i]!;
    const fanOut = sizes[i + 1]!;
    const kernel = (await model.params[`dense_${i + 1}/kernel`]!.data()) as Float32Array;
    const bias = (await model.params[`dense_${i + 1}/bias`]!.data()) as Float32Array;
    tensors.push([`${name}.weight`, { shape: [fanOut, fanIn], values: transpose(kernel, fanIn, fanOut) }]);
    tensors.push([`${name}.bias`, { shape: [fanOut], values: Float32Array.from(bias) }]);
  }
  const { seed: _seed, ...recipe } = config;
  return encodeSafetensors(tensors, { format: 'pt', [META_KEY]: JSON.stringify(recipe) });
}

/** Options of {@link mlpFromSafetensors}: what a file without mnist-kit metadata cannot say. */
export interface MlpFromSafetensorsOptions {
  /** Hidden activation. Defaults to the file's metadata, else `'relu'` (the tutorial's). */
  activation?: Activation;
  /** How pixel bytes become inputs. Defaults to the file's metadata, else `{ normalize: 'unit' }` (x/255). */
  pixelScaling?: PixelScalingOptions;
  /** One name per output class. Defaults to the file's metadata, else none (outputs are numbered). */
  classNames?: readonly string[] | null;
  /** How an outside image becomes an input (`'digit'` or `'resize'`). Defaults to the file's metadata, else `'digit'`. */
  preprocessing?: ImagePreprocessing;
  /** Names the file in error messages. Defaults to `'the safetensors file'`. */
  what?: string;
}

/**
 * A model from a safetensors file of Linear layers: one written by {@link mlpToSafetensors}, or a
 * `state_dict` of the tutorial's `NeuralNet` (tutorial names) or of an `nn.Sequential` of `Linear`/`ReLU`
 * (numbered `<n>.weight`), with or without mnist-kit metadata — the architecture is inferred from the
 * names and shapes. Anything that does not fit (a missing bias, shapes that do not chain, other tensors)
 * is one `ModelError('INVALID_FORMAT')` saying what.
 */
export function mlpFromSafetensors(bytes: Uint8Array, options: MlpFromSafetensorsOptions = {}): Mlp {
  const what = options.what ?? 'the safetensors file';
  const { tensors, metadata } = parseSafetensors(bytes, what);
  const invalid = (why: string) =>
    new ModelError('INVALID_FORMAT', `${what} does not hold an MLP mnist-kit can run: ${why}`);
  const layers = linearLayers([...tensors.keys()], invalid);
  const weights: DenseWeights[] = layers.map((name, i) => {
    const weight = tensors.get(`${name}.weight`)!;
    const bias = tensors.get(`${name}.bias`);
    if (weight.shape.length !== 2) throw invalid(`${name}.weight has shape [${weight.shape}], not [out, in]`);
    const [fanOut, fanIn] = weight.shape as [number, number];
    if (bias === undefined || bias.shape.length !== 1 || bias.shape[0] !== fanOut) {
      throw invalid(
        `${name}.bias must be [${fanOut}]${bias === undefined ? ', and it is missing' : `, got [${bias.shape}]`}`,
      );
    }
    if (i > 0) {
      const previous = tensors.get(`${layers[i - 1]}.weight`)!.shape[0];
      if (fanIn !== previous)
        throw invalid(`${name}.weight takes ${fanIn} inputs, but ${layers[i - 1]} gives ${previous}`);
    }
    return { fanIn, fanOut, kernel: transpose(weight.values, fanOut, fanIn), bias: Float32Array.from(bias.values) };
  });
  let recipe: Partial<MlpConfig> = {};
  if (metadata[META_KEY] !== undefined) {
    try {
      recipe = JSON.parse(metadata[META_KEY]) as Partial<MlpConfig>;
    } catch {
      throw invalid(`__metadata__.${META_KEY} is not JSON`);
    }
  }
  let config: MlpConfig;
  try {
    config = {
      ...resolveOptions({
        inputSize: weights[0]!.fanIn,
        hiddenSizes: weights.slice(0, -1).map((w) => w.fanOut),
        outputSize: weights.at(-1)!.fanOut,
        activation: options.activation ?? recipe.activation ?? 'relu',
        dropout: recipe.dropout ?? 0,
        init: recipe.init ?? 'pytorch',
        seed: 0,
        pixelScaling: options.pixelScaling ?? recipe.pixelScaling ?? {},
        classNames: options.classNames ?? recipe.classNames ?? null,
        preprocessing: options.preprocessing ?? recipe.preprocessing ?? 'digit',
      }),
      seed: null,
    };
  } catch (error) {
    throw invalid((error as Error).message);
  }
  return new MlpModel(config, weights);
}

/** The Linear layers' names in order: the tutorial's, or an `nn.Sequential`'s numbers. */
function linearLayers(names: string[], invalid: (why: string) => ModelError): string[] {
  const prefixes = [...new Set(names.map((n) => n.replace(/\.(weight|bias)$/, '')))];
  const strays = names.filter((n) => !/\.(weight|bias)$/.test(n));
  if (strays.length > 0) throw invalid(`unexpected tensors ${strays.join(', ')}`);
  if (prefixes.every((p) => /^\d+$/.test(p))) return prefixes.sort((a, b) => Number(a) - Number(b));
  for (let layers = 1; layers <= prefixes.length; layers++) {
    const expected = tutorialLayerNames(layers);
    if (expected.length === prefixes.length && expected.every((n) => prefixes.includes(n))) return expected;
  }
  throw invalid(
    `its tensors ${names.join(', ')} are neither the tutorial's NeuralNet (input_layer, hidden_layer…, output_layer) nor a numbered nn.Sequential`,
  );
}

/** `values` `[rows, cols]` transposed to `[cols, rows]`. */
function transpose(values: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(values.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = values[r * cols + c]!;
  return out;
}
