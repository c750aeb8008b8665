import type { LayerNorm } from '@mnist-kit/training';

/** One layer's norms at a step: its parameters (kernel and bias) taken together. */
export interface LayerNormPoint {
  /** The layer: the parameters' name up to the last `/` (`dense_1` for `dense_1/kernel`). */
  layer: string;
  weightNorm: number;
  gradNorm: number;
}

/**
 * Per-layer norms from `fit`'s per-parameter ones: a layer's norm is √(Σ over its parameters of the squared
 * norms), i.e. the norm of all its parameters as one vector. Layers in the order their first parameter comes.
 */
export function layerNorms(norms: readonly LayerNorm[]): LayerNormPoint[] {
  const byLayer = new Map<string, { w: number; g: number }>();
  for (const n of norms) {
    const cut = n.name.lastIndexOf('/');
    const layer = cut < 0 ? n.name : n.name.slice(0, cut);
    const sum = byLayer.get(layer) ?? { w: 0, g: 0 };
    sum.w += n.weightNorm * n.weightNorm;
    sum.g += n.gradNorm * n.gradNorm;
    byLayer.set(layer, sum);
  }
  return [...byLayer].map(([layer, { w, g }]) => ({ layer, weightNorm: Math.sqrt(w), gradNorm: Math.sqrt(g) }));
}

/** The norms chart's data as uPlot wants it: `[steps, gradient norm of layer 1 … L, weight norm of layer 1 … L]`. */
export type NormsData = number[][];

/** Per-layer gradient and weight norms of a run, step by step. */
export interface NormsSeries {
  /** Adds the norms of one read-back step; a different set of layers (another model) starts the series over. */
  push(step: number, norms: readonly LayerNorm[]): void;
  /** The layers, in order (empty before the first push). */
  readonly layers: readonly string[];
  readonly data: NormsData;
  reset(): void;
}

export function createNormsSeries(): NormsSeries {
  let layers: string[] = [];
  let data: NormsData = [[]];
  return {
    push(step, norms) {
      const points = layerNorms(norms);
      const names = points.map((p) => p.layer);
      if (names.join('\n') !== layers.join('\n')) {
        layers = names;
        data = [[], ...names.map(() => []), ...names.map(() => [])];
      }
      data[0]!.push(step);
      points.forEach((p, i) => {
        data[1 + i]!.push(p.gradNorm);
        data[1 + layers.length + i]!.push(p.weightNorm);
      });
    },
    get layers() {
      return layers;
    },
    get data() {
      return data;
    },
    reset() {
      layers = [];
      data = [[]];
    },
  };
}
