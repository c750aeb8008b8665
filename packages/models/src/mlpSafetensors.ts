import { encodeWithRecipe } from './internal/encodeWithRecipe';
import type { DenseWeights } from './internal/initWeights';
import { MlpModel } from './internal/MlpModel';
import { openSafetensors, type SafetensorsReadOptions } from './internal/openSafetensors';
import { resolveOptions } from './internal/resolveOptions';
import { torchLinear } from './internal/torchLinear';
import { transpose } from './internal/transpose';
import type { ModelError } from './ModelError';
import type { SafetensorsTensor } from './parseSafetensors';
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
    tensors.push(...(await torchLinear(model.params, `dense_${i + 1}`, name, sizes[i]!, sizes[i + 1]!)));
  }
  return encodeWithRecipe(tensors, {}, config);
}

/** Options of {@link mlpFromSafetensors}: what a file without mnist-kit metadata cannot say. */
export interface MlpFromSafetensorsOptions extends SafetensorsReadOptions {
  /** Hidden activation. Defaults to the file's metadata, else `'relu'` (the tutorial's). */
  activation?: Activation;
}

/**
 * A model from a safetensors file of Linear layers: one written by {@link mlpToSafetensors}, or a
 * `state_dict` of the tutorial's `NeuralNet` (tutorial names) or of an `nn.Sequential` of `Linear`/`ReLU`
 * (numbered `<n>.weight`), with or without mnist-kit metadata — the architecture is inferred from the
 * names and shapes. Anything that does not fit (a missing bias, shapes that do not chain, other tensors)
 * is one `ModelError('INVALID_FORMAT')` saying what.
 */
export function mlpFromSafetensors(bytes: Uint8Array, options: MlpFromSafetensorsOptions = {}): Mlp {
  const file = openSafetensors(bytes, options, 'an MLP');
  const { tensors, invalid } = file;
  const layers = linearLayers([...tensors.keys()], invalid);
  const weights: DenseWeights[] = layers.map((name, i) => {
    const weight = tensors.get(`${name}.weight`)!;
    if (weight.shape.length !== 2) throw invalid(`${name}.weight has shape [${weight.shape}], not [out, in]`);
    const [fanOut, fanIn] = weight.shape as [number, number];
    const bias = file.bias(name, fanOut);
    if (i > 0) {
      const previous = tensors.get(`${layers[i - 1]}.weight`)!.shape[0];
      if (fanIn !== previous)
        throw invalid(`${name}.weight takes ${fanIn} inputs, but ${layers[i - 1]} gives ${previous}`);
    }
    return { fanIn, fanOut, kernel: transpose(weight.values, fanOut, fanIn), bias };
  });
  const recipe = file.recipe<MlpConfig>();
  const config = file.resolve(() =>
    resolveOptions({
      inputSize: weights[0]!.fanIn,
      hiddenSizes: weights.slice(0, -1).map((w) => w.fanOut),
      outputSize: weights.at(-1)!.fanOut,
      activation: options.activation ?? recipe.activation ?? 'relu',
      ...file.recipeOptions(recipe),
    }),
  );
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
