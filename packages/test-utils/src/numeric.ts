function sameLength(a: ArrayLike<number>, b: ArrayLike<number>): void {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
}

/** The largest `|a[i] − b[i]|`. Throws when the lengths differ. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  sameLength(a, b);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

/**
 * `max |a − b| / max |b|` (the denominator at least 1e-12): the worst difference relative to the scale of
 * the reference `b`. Throws when the lengths differ.
 */
export function maxRelativeDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  sameLength(a, b);
  let scale = 1e-12;
  for (let i = 0; i < b.length; i++) scale = Math.max(scale, Math.abs(b[i]!));
  return maxAbsDiff(a, b) / scale;
}

/** `‖a − b‖ / ‖b‖` in the L2 norm (the denominator at least 1e-12), in float64. Throws when the lengths differ. */
export function relativeL2Error(a: ArrayLike<number>, b: ArrayLike<number>): number {
  sameLength(a, b);
  let diff = 0;
  let norm = 0;
  for (let i = 0; i < a.length; i++) {
    diff += (a[i]! - b[i]!) ** 2;
    norm += b[i]! ** 2;
  }
  return Math.sqrt(diff) / Math.max(Math.sqrt(norm), 1e-12);
}
