/**
 * A small seeded PRNG (a Weyl sequence mixed by the murmur3 finaliser): fast, 32-bit, and the same stream on
 * every platform, which tfjs' backend-specific random ops do not guarantee.
 * Returns a function giving uniform floats in `[0, 1)`.
 */
export function createRandom(seed: number): () => number {
  const low = seed >>> 0;
  const high = Math.floor(seed / 4294967296) >>> 0;
  let state = (low ^ Math.imul(high, 0x27d4eb2d)) | 0;
  return () => {
    state = (state + 0x9e3779b9) | 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    z ^= z >>> 16;
    return (z >>> 0) / 4294967296;
  };
}

/** Fills `out` with draws from U(lo, hi) and returns it. */
export function fillUniform(out: Float32Array, lo: number, hi: number, random: () => number): Float32Array {
  const span = hi - lo;
  for (let i = 0; i < out.length; i++) out[i] = lo + span * random();
  return out;
}

/** Derives a per-layer seed from a per-pass seed (so layers get independent dropout masks). */
export function layerSeed(seed: number, layer: number): number {
  return (
    (Math.imul((seed | 0) ^ (Math.floor(seed / 4294967296) | 0), 0x2c1b3c6d) + Math.imul(layer + 1, 0x297a2d39)) >>> 0
  );
}
