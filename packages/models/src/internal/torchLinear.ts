import type { SafetensorsTensor } from '../parseSafetensors';
import type { NamedVariables } from '../types';
import { transpose } from './transpose';

/** The values of layer `layer`'s kernel and bias (`<layer>/kernel`, `<layer>/bias` of `params`). */
export async function layerValues(
  params: NamedVariables,
  layer: string,
): Promise<{ kernel: Float32Array; bias: Float32Array }> {
  const kernel = (await params[`${layer}/kernel`]!.data()) as Float32Array;
  const bias = (await params[`${layer}/bias`]!.data()) as Float32Array;
  return { kernel, bias };
}

/**
 * Dense layer `layer` of `params` as PyTorch `nn.Linear` tensors `<name>.weight` (`[fanOut, fanIn]`, the
 * transpose of the tfjs kernel, after `rows` reorders the kernel's rows) and `<name>.bias` (`[fanOut]`).
 */
export async function torchLinear(
  params: NamedVariables,
  layer: string,
  name: string,
  fanIn: number,
  fanOut: number,
  rows: (kernel: Float32Array) => Float32Array = (kernel) => kernel,
): Promise<[string, SafetensorsTensor][]> {
  const { kernel, bias } = await layerValues(params, layer);
  return [
    [`${name}.weight`, { shape: [fanOut, fanIn], values: transpose(rows(kernel), fanIn, fanOut) }],
    [`${name}.bias`, { shape: [fanOut], values: Float32Array.from(bias) }],
  ];
}
