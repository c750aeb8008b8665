/**
 * mulberry32: a seeded PRNG of floats in `[0, 1)` with integer-only state updates, so that a seed gives
 * the same sequence on every engine and machine. The fixtures' one PRNG.
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `n` seeded uniform values in `[-bound, bound)` (mulberry32), for reproducible fixtures. */
export function randomArray(n: number, seed: number, bound = 1): Float32Array {
  const random = mulberry32(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = (random() * 2 - 1) * bound;
  return out;
}
