import { CnnModel } from './internal/CnnModel';
import { cnnLayout } from './internal/cnnLayout';
import { encodeWithRecipe } from './internal/encodeWithRecipe';
import type { ConvWeights } from './internal/initCnnWeights';
import type { DenseWeights } from './internal/initWeights';
import { openSafetensors, type SafetensorsReadOptions } from './internal/openSafetensors';
import { resolveCnnOptions } from './internal/resolveCnnOptions';
import { layerValues, torchLinear } from './internal/torchLinear';
import { transpose } from './internal/transpose';
import type { ModelError } from './ModelError';
import type { SafetensorsTensor } from './parseSafetensors';
import type { Cnn, CnnConfig, Padding } from './types';

/**
 * A CNN as a safetensors file PyTorch loads with `load_state_dict(strict=True)` into the module
 * packages/models/README.md shows: per conv block `conv<i>.weight` (`[filters, inChannels, k, k]`,
 * `nn.Conv2d`'s layout) and `conv<i>.bias`, per Dense layer `fc<j>.weight` (`[out, in]`, `nn.Linear`'s) and
 * `fc<j>.bias`, float32; the recipe as JSON in `__metadata__.mnist_kit` and `__metadata__.format = 'pt'`.
 *
 * PyTorch's convolutions are NCHW, so its `x.view(-1, C·H·W)` flattens channel by channel where tfjs' NHWC
 * `Flatten` goes pixel by pixel: `fc1.weight`'s columns are permuted to PyTorch's order, and the module predicts
 * what this model predicts.
 */
export async function cnnToSafetensors(model: Cnn): Promise<Uint8Array> {
  const { config } = model;
  const layout = cnnLayout(config);
  const tensors: [string, SafetensorsTensor][] = [];
  for (const [i, b] of layout.blocks.entries()) {
    const { kernel, bias } = await layerValues(model.params, `conv2d_${i + 1}`);
    const k = b.kernelSize;
    tensors.push([
      `conv${i + 1}.weight`,
      { shape: [b.filters, b.inChannels, k, k], values: kernelLayout(kernel, k, b.inChannels, b.filters, 'torch') },
    ]);
    tensors.push([`conv${i + 1}.bias`, { shape: [b.filters], values: Float32Array.from(bias) }]);
  }
  const last = layout.blocks[layout.blocks.length - 1]!;
  const flattenToTorch = (kernel: Float32Array) =>
    flattenRows(kernel, last.outHeight, last.outWidth, last.filters, layout.dense[0]![1], 'torch');
  for (const [j, [fanIn, fanOut]] of layout.dense.entries()) {
    const rows = j === 0 ? flattenToTorch : undefined;
    tensors.push(...(await torchLinear(model.params, `dense_${j + 1}`, `fc${j + 1}`, fanIn, fanOut, rows)));
  }
  return encodeWithRecipe(tensors, { kind: 'cnn' }, config);
}

/** Options of {@link cnnFromSafetensors}: what a file without mnist-kit metadata cannot say. */
export interface CnnFromSafetensorsOptions extends SafetensorsReadOptions {
  /** One input image's `[height, width, channels]`. Defaults to the file's metadata, else `[28, 28, 1]`. */
  inputShape?: readonly [number, number, number];
  /** The convolutions' padding. Defaults to the file's metadata, else `'valid'`. */
  padding?: Padding;
  /** The max-pooling window and stride after each convolution. Defaults to the file's metadata, else `2`. */
  poolSize?: number;
}

/**
 * A CNN from a safetensors file: one written by {@link cnnToSafetensors}, or a PyTorch `state_dict` of the
 * same module (`conv<i>.*`, `fc<j>.*`) or of an `nn.Sequential` of `Conv2d`/`ReLU`/`MaxPool2d`/`Flatten`/
 * `Linear` (numbered `<n>.weight`: 4-D ones are convolutions, 2-D ones linear layers), with or without mnist-kit
 * metadata — filters, kernel sizes and dense widths are read from the shapes; the input shape, padding and
 * pooling from the metadata or `options`. Anything that does not fit is one `ModelError('INVALID_FORMAT')`
 * saying what.
 */
export function cnnFromSafetensors(bytes: Uint8Array, options: CnnFromSafetensorsOptions = {}): Cnn {
  const file = openSafetensors(bytes, options, 'a CNN');
  const { tensors, invalid } = file;
  const { convs, linears } = cnnLayers([...tensors.entries()], invalid);
  const recipe = file.recipe<CnnConfig>();
  const get = (name: string) => tensors.get(name)!;
  const filters: number[] = [];
  const kernelSize: number[] = [];
  for (const [i, name] of convs.entries()) {
    const [out, inChannels, kh, kw] = get(`${name}.weight`).shape as [number, number, number, number];
    if (kh !== kw) throw invalid(`${name}.weight has a ${kh}×${kw} kernel (square kernels only)`);
    if (i > 0 && inChannels !== filters[i - 1]) {
      throw invalid(`${name}.weight takes ${inChannels} channels, but ${convs[i - 1]} gives ${filters[i - 1]}`);
    }
    filters.push(out);
    kernelSize.push(kh);
  }
  const denseSizes = linears.slice(0, -1).map((name) => get(`${name}.weight`).shape[0]!);
  const outputSize = get(`${linears[linears.length - 1]}.weight`).shape[0]!;
  const inputShape = options.inputShape ?? recipe.inputShape ?? [28, 28, 1];
  const config = file.resolve(() =>
    resolveCnnOptions({
      inputShape,
      filters,
      kernelSize,
      padding: options.padding ?? recipe.padding ?? 'valid',
      poolSize: options.poolSize ?? recipe.poolSize ?? 2,
      denseSizes,
      outputSize,
      convDropout: recipe.convDropout ?? 0,
      ...file.recipeOptions(recipe),
    }),
  );
  const firstIn = get(`${convs[0]}.weight`).shape[1];
  if (firstIn !== config.inputShape[2]) {
    throw invalid(`${convs[0]}.weight takes ${firstIn} channels, but the input has ${config.inputShape[2]}`);
  }
  const layout = cnnLayout(config);
  const conv: ConvWeights[] = layout.blocks.map((b, i) => ({
    kernelSize: b.kernelSize,
    inChannels: b.inChannels,
    filters: b.filters,
    kernel: kernelLayout(get(`${convs[i]}.weight`).values, b.kernelSize, b.inChannels, b.filters, 'tfjs'),
    bias: file.bias(convs[i]!, b.filters),
  }));
  const last = layout.blocks[layout.blocks.length - 1]!;
  const dense: DenseWeights[] = layout.dense.map(([fanIn, fanOut], j) => {
    const name = linears[j]!;
    const weight = get(`${name}.weight`);
    if (weight.shape[1] !== fanIn) {
      throw invalid(
        j === 0
          ? `${name}.weight takes ${weight.shape[1]} features, but the convolutions flatten to ${fanIn} (${last.filters}×${last.outHeight}×${last.outWidth}; check the input shape, padding and pool size)`
          : `${name}.weight takes ${weight.shape[1]} inputs, but ${linears[j - 1]} gives ${fanIn}`,
      );
    }
    let kernel = transpose(weight.values, fanOut, fanIn);
    if (j === 0) kernel = flattenRows(kernel, last.outHeight, last.outWidth, last.filters, fanOut, 'tfjs');
    return { fanIn, fanOut, kernel, bias: file.bias(name, fanOut) };
  });
  return new CnnModel(config, { conv, dense });
}

/** Whether a safetensors file's tensors look like a CNN's (a 4-D `.weight`). */
export function isCnnSafetensors(tensors: Iterable<[string, SafetensorsTensor]>): boolean {
  for (const [name, t] of tensors) if (name.endsWith('.weight') && t.shape.length === 4) return true;
  return false;
}

/** The conv and linear layers' names in order: `conv<i>` / `fc<j>`, or an `nn.Sequential`'s numbers. */
function cnnLayers(
  entries: [string, SafetensorsTensor][],
  invalid: (why: string) => ModelError,
): { convs: string[]; linears: string[] } {
  const strays = entries.map(([n]) => n).filter((n) => !/\.(weight|bias)$/.test(n));
  if (strays.length > 0) throw invalid(`unexpected tensors ${strays.join(', ')}`);
  const weights = entries.filter(([n]) => n.endsWith('.weight'));
  const prefix = (n: string) => n.replace(/\.weight$/, '');
  const byRank = (rank: number) => weights.filter(([, t]) => t.shape.length === rank).map(([n]) => prefix(n));
  const others = weights.filter(([, t]) => t.shape.length !== 4 && t.shape.length !== 2);
  if (others.length > 0)
    throw invalid(`${others[0]![0]} has shape [${others[0]![1].shape}] (neither a conv nor a linear weight)`);
  for (const [name] of entries.filter(([n]) => n.endsWith('.bias'))) {
    if (!weights.some(([n]) => prefix(n) === name.replace(/\.bias$/, ''))) throw invalid(`${name} has no weight`);
  }
  let convs = byRank(4);
  let linears = byRank(2);
  const numbered = [...convs, ...linears].every((p) => /^\d+$/.test(p));
  const order = (names: string[], pattern: RegExp) =>
    names.every((n) => pattern.test(n))
      ? names.sort((a, b) => Number(pattern.exec(a)![1]) - Number(pattern.exec(b)![1]))
      : undefined;
  if (numbered) {
    convs = convs.sort((a, b) => Number(a) - Number(b));
    linears = linears.sort((a, b) => Number(a) - Number(b));
    if (convs.length > 0 && linears.length > 0 && Number(convs.at(-1)) > Number(linears[0])) {
      throw invalid('a linear layer comes before a convolution');
    }
  } else {
    const c = order(convs, /^conv(\d+)$/);
    const l = order(linears, /^fc(\d+)$/);
    if (c === undefined || l === undefined) {
      throw invalid(
        `its tensors ${weights.map(([n]) => n).join(', ')} are neither conv<i>/fc<j> layers nor a numbered nn.Sequential`,
      );
    }
    const expect = (names: string[], stem: string) =>
      names.forEach((n, i) => {
        if (n !== `${stem}${i + 1}`) throw invalid(`layer ${n} is out of sequence (expected ${stem}${i + 1})`);
      });
    expect(c, 'conv');
    expect(l, 'fc');
    convs = c;
    linears = l;
  }
  if (convs.length === 0) throw invalid('it has no convolution (4-D weight)');
  if (linears.length === 0) throw invalid('it has no linear layer (2-D weight)');
  return { convs, linears };
}

/** A conv kernel from tfjs' `[k, k, C, F]` to PyTorch's `[F, C, k, k]` (`to: 'torch'`), or back (`to: 'tfjs'`). */
function kernelLayout(values: Float32Array, k: number, c: number, f: number, to: 'torch' | 'tfjs'): Float32Array {
  const out = new Float32Array(values.length);
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++)
      for (let ci = 0; ci < c; ci++)
        for (let fi = 0; fi < f; fi++) {
          const tfjs = ((i * k + j) * c + ci) * f + fi;
          const torch = ((fi * c + ci) * k + i) * k + j;
          if (to === 'torch') out[torch] = values[tfjs]!;
          else out[tfjs] = values[torch]!;
        }
  return out;
}

/**
 * A `[h·w·c, units]` kernel's rows from NHWC flatten order (h, w, c) to NCHW order (c, h, w) (`to: 'torch'`), or
 * back (`to: 'tfjs'`).
 */
function flattenRows(
  kernel: Float32Array,
  h: number,
  w: number,
  c: number,
  units: number,
  to: 'torch' | 'tfjs',
): Float32Array {
  const out = new Float32Array(kernel.length);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      for (let ch = 0; ch < c; ch++) {
        const nhwc = ((y * w + x) * c + ch) * units;
        const nchw = ((ch * h + y) * w + x) * units;
        const [from, at] = to === 'torch' ? [nhwc, nchw] : [nchw, nhwc];
        out.set(kernel.subarray(from, from + units), at);
      }
  return out;
}
