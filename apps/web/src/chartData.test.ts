import { describe, expect, it } from 'vitest';
import { type AccuracyData, addEpochAccuracy, createLossSeries } from './chartData';

describe('createLossSeries', () => {
  it('keeps steps, raw losses and their EMA, skipping non-finite losses', () => {
    const series = createLossSeries(0.5);
    series.push(10, 2);
    series.push(20, Number.NaN);
    series.push(30, 1);
    const [steps, raw, smooth] = series.data;
    expect(steps).toEqual([10, 30]);
    expect(raw).toEqual([2, 1]);
    expect(smooth[0]).toBeCloseTo(2);
    expect(smooth[1]).toBeCloseTo((0.5 * 0.5 * 2 + 0.5 * 1) / 0.75);
    series.reset();
    expect(series.data).toEqual([[], [], []]);
  });
});

describe('addEpochAccuracy', () => {
  it('appends epochs 1-based, with null for missing values', () => {
    let data: AccuracyData = [[], [], []];
    data = addEpochAccuracy(data, 0, 0.8, undefined);
    data = addEpochAccuracy(data, 1, 0.9, 0.85);
    expect(data).toEqual([
      [1, 2],
      [0.8, 0.9],
      [null, 0.85],
    ]);
  });
  it('replaces a resumed epoch instead of duplicating it', () => {
    let data: AccuracyData = [[1], [0.5], [0.4]];
    data = addEpochAccuracy(data, 0, 0.6, 0.55);
    expect(data).toEqual([[1], [0.6], [0.55]]);
  });
});
