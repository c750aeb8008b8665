import { thrownBy } from '@mnist-kit/test-utils';
import { describe, expect, it } from 'vitest';
import { DatasetError } from './DatasetError';
import { type DigitImage, preprocessDigit } from './preprocessDigit';

/** A gray image, light-on-dark: `ink(x, y)` in 0…1 of full brightness on a black background. */
function gray(width: number, height: number, ink: (x: number, y: number) => number): DigitImage {
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * width + x] = Math.round(255 * ink(x, y));
  return { data, width, height, channels: 1 };
}

function invert(image: DigitImage): DigitImage {
  return { ...image, data: Uint8Array.from(image.data, (v) => 255 - v) };
}

function centreOfMass(out: Uint8Array): { x: number; y: number; mass: number } {
  let mass = 0;
  let x = 0;
  let y = 0;
  for (let i = 0; i < 784; i++) {
    mass += out[i]!;
    x += (i % 28) * out[i]!;
    y += Math.floor(i / 28) * out[i]!;
  }
  return { x: x / mass, y: y / mass, mass };
}

function box(out: Uint8Array): { w: number; h: number } {
  let x0 = 28;
  let x1 = -1;
  let y0 = 28;
  let y1 = -1;
  for (let i = 0; i < 784; i++) {
    if (out[i]! > 0) {
      x0 = Math.min(x0, i % 28);
      x1 = Math.max(x1, i % 28);
      y0 = Math.min(y0, Math.floor(i / 28));
      y1 = Math.max(y1, Math.floor(i / 28));
    }
  }
  return { w: x1 - x0 + 1, h: y1 - y0 + 1 };
}

/** A ring ("0"-like) in a 100×80 image, off-centre. */
const ring = gray(100, 80, (x, y) => {
  const d = Math.hypot(x - 30, y - 25);
  return d > 8 && d < 14 ? 1 : 0;
});

describe('preprocessDigit', () => {
  it('returns 784 bytes, light ink on black, with the centre of mass at the centre', () => {
    const out = preprocessDigit(ring);
    expect(out).toBeInstanceOf(Uint8Array);
    expect(out.length).toBe(784);
    expect(out[0]).toBe(0);
    expect(Math.max(...out)).toBeGreaterThan(200);
    const com = centreOfMass(out);
    expect(Math.abs(com.x - 13.5)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(com.y - 13.5)).toBeLessThanOrEqual(0.5);
    expect(box(out)).toEqual({ w: 20, h: 20 });
  });

  it('dark-on-light and light-on-dark give the same output', () => {
    expect(preprocessDigit(invert(ring))).toEqual(preprocessDigit(ring));
  });

  it('RGBA with transparent background (a canvas drawing) matches the gray version', () => {
    const rgba = new Uint8ClampedArray(100 * 80 * 4);
    for (let i = 0; i < 100 * 80; i++) {
      const ink = ring.data[i]! / 255;
      // black strokes, fully transparent elsewhere
      rgba[i * 4 + 3] = Math.round(255 * ink);
    }
    expect(preprocessDigit({ data: rgba, width: 100, height: 80, channels: 4 })).toEqual(preprocessDigit(ring));
    const rgb = new Uint8Array(100 * 80 * 3);
    for (let i = 0; i < 100 * 80; i++) rgb.fill(255 - ring.data[i]!, i * 3, i * 3 + 3);
    expect(preprocessDigit({ data: rgb, width: 100, height: 80, channels: 3 })).toEqual(preprocessDigit(ring));
  });

  it('a small off-centre blob ends up centred and scaled to fit 20×20', () => {
    const blob = gray(60, 60, (x, y) => (x >= 50 && x < 54 && y >= 3 && y < 7 ? 1 : 0));
    const out = preprocessDigit(blob);
    const com = centreOfMass(out);
    expect(com.x).toBeCloseTo(13.5, 5);
    expect(com.y).toBeCloseTo(13.5, 5);
    expect(box(out)).toEqual({ w: 20, h: 20 });
  });

  it('keeps the aspect ratio (a tall bar stays tall)', () => {
    const bar = gray(50, 50, (x, y) => (x >= 10 && x < 20 && y >= 5 && y < 45 ? 1 : 0));
    const out = preprocessDigit(bar);
    expect(box(out)).toEqual({ w: 5, h: 20 });
    const com = centreOfMass(out);
    expect(Math.abs(com.x - 13.5)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(com.y - 13.5)).toBeLessThanOrEqual(0.5);
  });

  it('stretches contrast from a gray background', () => {
    const faint = gray(40, 40, (x, y) => (Math.hypot(x - 20, y - 20) < 8 ? 0.7 : 0.2));
    const out = preprocessDigit(faint);
    expect(Math.max(...out)).toBe(255);
    expect(out[0]).toBe(0);
  });

  it('blank or uniform images → EMPTY_IMAGE', () => {
    for (const image of [gray(28, 28, () => 0), gray(28, 28, () => 1), gray(28, 28, () => 0.5)]) {
      const error = thrownBy(() => preprocessDigit(image));
      expect(error).toBeInstanceOf(DatasetError);
      expect((error as DatasetError).code).toBe('EMPTY_IMAGE');
    }
  });

  it('rejects inconsistent input', () => {
    expect(() => preprocessDigit({ data: new Uint8Array(10), width: 4, height: 4, channels: 1 })).toThrow(DatasetError);
    expect(() => preprocessDigit({ data: new Uint8Array(16), width: 0, height: 4, channels: 1 })).toThrow(DatasetError);
  });

  it('honours explicit invert and custom sizes', () => {
    const out = preprocessDigit(ring, { size: 32, fitSize: 24 });
    expect(out.length).toBe(32 * 32);
    expect(() => preprocessDigit(ring, { invert: true })).toThrow(/EMPTY|no (visible )?ink/);
  });
});
