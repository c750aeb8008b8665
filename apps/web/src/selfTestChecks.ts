import type { Split } from '@mnist-kit/datasets';

/** One comparison of the self-test page. */
export interface SelfTestCheck {
  name: string;
  ok: boolean;
  /** The largest difference found, in words. */
  detail: string;
}

/**
 * Compares named arrays element by element: the error of each element is
 * `|a − b| / max(1, |b|)` (absolute near zero, relative elsewhere); `ok` when the largest is at
 * most `tolerance` and the names and lengths match.
 */
export function compareArrays(
  actual: Record<string, ArrayLike<number>>,
  expected: Record<string, ArrayLike<number>>,
  tolerance: number,
): Omit<SelfTestCheck, 'name'> {
  let worst = 0;
  let where = '';
  for (const [name, b] of Object.entries(expected)) {
    const a = actual[name];
    if (a === undefined || a.length !== b.length) {
      return { ok: false, detail: `${name}: ${a === undefined ? 'missing' : `length ${a.length} ≠ ${b.length}`}` };
    }
    for (let i = 0; i < b.length; i++) {
      const error = Math.abs(a[i]! - b[i]!) / Math.max(1, Math.abs(b[i]!));
      if (!(error <= worst)) {
        worst = error;
        where = `${name}[${i}]`;
        if (Number.isNaN(error)) return { ok: false, detail: `${where} is NaN` };
      }
    }
  }
  const ok = worst <= tolerance;
  return { ok, detail: `max error ${worst.toExponential(2)}${where ? ` at ${where}` : ''} (tolerance ${tolerance})` };
}

/** A deterministic MNIST-shaped split of `count` rows (pixels from a hash, labels cycling 0–9). */
export function syntheticSplit(count: number): Split {
  const images = new Uint8Array(count * 784);
  for (let i = 0; i < images.length; i++) images[i] = (Math.imul(i + 1, 2654435761) >>> 24) & 0xff;
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) labels[i] = i % 10;
  return { images, labels, count, rows: 28, cols: 28 };
}
