import { describe, expect, it } from 'vitest';
import { createNormsSeries, layerNorms } from './normsData';

const norms = (scale: number) => [
  { name: 'dense_1/kernel', weightNorm: 3 * scale, gradNorm: 0.3 },
  { name: 'dense_1/bias', weightNorm: 4 * scale, gradNorm: 0.4 },
  { name: 'dense_2/kernel', weightNorm: 1, gradNorm: 0.1 },
  { name: 'dense_2/bias', weightNorm: 0, gradNorm: 0 },
];

describe('layer norms', () => {
  it('a layer’s norm is the norm of its kernel and bias as one vector', () => {
    const points = layerNorms(norms(1));
    expect(points.map((p) => p.layer)).toEqual(['dense_1', 'dense_2']);
    expect(points[0]!.weightNorm).toBeCloseTo(5, 12);
    expect(points[0]!.gradNorm).toBeCloseTo(0.5, 12);
    expect(points[1]).toEqual({ layer: 'dense_2', weightNorm: 1, gradNorm: 0.1 });
    expect(layerNorms([{ name: 'w', weightNorm: 2, gradNorm: 1 }])).toEqual([
      { layer: 'w', weightNorm: 2, gradNorm: 1 },
    ]);
  });

  it('the series: steps, then gradient norms per layer, then weight norms; another model starts over', () => {
    const series = createNormsSeries();
    series.push(10, norms(1));
    series.push(20, norms(2));
    expect(series.layers).toEqual(['dense_1', 'dense_2']);
    expect(series.data[0]).toEqual([10, 20]);
    expect(series.data[1]!.map((v) => Number(v.toFixed(6)))).toEqual([0.5, 0.5]);
    expect(series.data[3]!.map((v) => Number(v.toFixed(6)))).toEqual([5, 10]);
    series.push(5, [{ name: 'conv2d_1/kernel', weightNorm: 1, gradNorm: 1 }]);
    expect(series.layers).toEqual(['conv2d_1']);
    expect(series.data).toEqual([[5], [1], [1]]);
    series.reset();
    expect(series.data).toEqual([[]]);
  });
});
