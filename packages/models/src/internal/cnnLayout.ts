import type { CnnConfig, Padding } from '../types';

/** One conv block's sizes: `Conv2D (stride 1, kernel k) → ReLU → MaxPool (window = stride = poolSize)`. */
export interface ConvBlockLayout {
  readonly inHeight: number;
  readonly inWidth: number;
  readonly inChannels: number;
  readonly kernelSize: number;
  readonly filters: number;
  readonly padding: Padding;
  /** Zero rows/columns added before and after the input (`'same'`: `⌊(k−1)/2⌋` before, the rest after, as tfjs). */
  readonly padTop: number;
  readonly padBottom: number;
  readonly padLeft: number;
  readonly padRight: number;
  /** The convolution's output (the ReLU's too). */
  readonly convHeight: number;
  readonly convWidth: number;
  /** The pooling's output: `⌊conv / poolSize⌋` (a remainder row or column is dropped, as tfjs `'valid'` pooling). */
  readonly outHeight: number;
  readonly outWidth: number;
}

/** Every layer's sizes, input first. */
export interface CnnLayout {
  readonly blocks: readonly ConvBlockLayout[];
  /** Features after the flatten: the last block's `outHeight · outWidth · filters`. */
  readonly flatSize: number;
  /** Dense layers' `[fanIn, fanOut]`, the logits layer last. */
  readonly dense: readonly (readonly [number, number])[];
}

/** The sizes of every layer of a CNN (not validated: a size may come out below 1 for a model that does not fit). */
export function cnnLayout(
  config: Pick<CnnConfig, 'inputShape' | 'filters' | 'kernelSize' | 'padding' | 'poolSize'> &
    Partial<Pick<CnnConfig, 'denseSizes' | 'outputSize'>>,
): CnnLayout {
  let [height, width, channels] = config.inputShape;
  const blocks: ConvBlockLayout[] = config.filters.map((filters, i) => {
    const k = config.kernelSize[i] ?? config.kernelSize[0]!;
    const before = config.padding === 'same' ? Math.floor((k - 1) / 2) : 0;
    const after = config.padding === 'same' ? k - 1 - before : 0;
    const convHeight = height + before + after - k + 1;
    const convWidth = width + before + after - k + 1;
    const block: ConvBlockLayout = {
      inHeight: height,
      inWidth: width,
      inChannels: channels,
      kernelSize: k,
      filters,
      padding: config.padding,
      padTop: before,
      padBottom: after,
      padLeft: before,
      padRight: after,
      convHeight,
      convWidth,
      outHeight: Math.floor(convHeight / config.poolSize),
      outWidth: Math.floor(convWidth / config.poolSize),
    };
    height = block.outHeight;
    width = block.outWidth;
    channels = filters;
    return block;
  });
  const flatSize = height * width * channels;
  const sizes = [flatSize, ...(config.denseSizes ?? []), config.outputSize ?? 10];
  const dense = sizes.slice(1).map((fanOut, i) => [sizes[i]!, fanOut] as const);
  return { blocks, flatSize, dense };
}
