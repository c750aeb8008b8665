import { describe, expect, it } from 'vitest';
import { heatColor, inkColor, rowShares } from './confusion';

describe('rowShares', () => {
  it('divides each row by its sum, leaving empty rows at zero', () => {
    expect(
      rowShares([
        [3, 1],
        [0, 0],
      ]),
    ).toEqual([
      [0.75, 0.25],
      [0, 0],
    ]);
  });
});

describe('heatColor', () => {
  it('goes from white to blue on the diagonal and to red off it', () => {
    expect(heatColor(0, true)).toBe('rgb(255, 255, 255)');
    expect(heatColor(1, true)).toBe('rgb(37, 99, 235)');
    expect(heatColor(1, false)).toBe('rgb(220, 38, 38)');
  });
  it('makes small confusions visible and clamps bad input', () => {
    // sqrt(0.04) = 0.2 of the way from white to red
    expect(heatColor(0.04, false)).toBe('rgb(248, 212, 212)');
    expect(heatColor(Number.NaN, true)).toBe('rgb(255, 255, 255)');
    expect(heatColor(2, true)).toBe('rgb(37, 99, 235)');
  });
  it('picks readable ink', () => {
    expect(inkColor(0.9, true)).toBe('#fff');
    expect(inkColor(0.1, true)).toBe('#111');
  });
});
