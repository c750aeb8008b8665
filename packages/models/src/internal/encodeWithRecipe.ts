import { encodeSafetensors } from '../encodeSafetensors';
import type { SafetensorsTensor } from '../parseSafetensors';
import { META_KEY } from './openSafetensors';

/**
 * A safetensors file of `tensors` with `__metadata__` as PyTorch-side files have it (`format: 'pt'`) and the
 * model's `recipe` (its config less the seed, after `head`) as JSON under `mnist_kit`, which `openSafetensors`
 * reads back.
 */
export function encodeWithRecipe(
  tensors: [string, SafetensorsTensor][],
  head: Record<string, unknown>,
  config: { readonly seed: number | null },
): Uint8Array {
  const { seed: _seed, ...recipe } = config;
  return encodeSafetensors(tensors, { format: 'pt', [META_KEY]: JSON.stringify({ ...head, ...recipe }) });
}
