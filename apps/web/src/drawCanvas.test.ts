import { describe, expect, it } from 'vitest';
import { toCanvasPoint } from './drawCanvas';

describe('toCanvasPoint', () => {
  const rect = { left: 100, top: 50, width: 140, height: 140 };
  it('scales client coordinates to canvas pixels when CSS shrinks the canvas', () => {
    expect(toCanvasPoint(170, 120, rect, 280, 280)).toEqual({ x: 140, y: 140 });
    expect(toCanvasPoint(100, 50, rect, 280, 280)).toEqual({ x: 0, y: 0 });
  });
  it('clamps points outside the canvas (captured pointer)', () => {
    expect(toCanvasPoint(0, 1000, rect, 280, 280)).toEqual({ x: 0, y: 280 });
  });
  it('survives a zero-sized layout', () => {
    expect(toCanvasPoint(5, 5, { left: 0, top: 0, width: 0, height: 0 }, 280, 280)).toEqual({ x: 0, y: 0 });
  });
});
