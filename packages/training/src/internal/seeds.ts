/** A 32-bit hash of a few integers (FNV-style mixing plus a murmur3 finaliser); stable everywhere. */
export function hash32(...values: number[]): number {
  let h = 0x811c9dc5;
  for (const value of values) {
    h = Math.imul(h ^ (Math.trunc(value) >>> 0), 0x01000193);
    h ^= h >>> 15;
  }
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

const SHUFFLE = 0x5f3759df;
const STEP = 0x2545f491;

/** The shuffle seed of epoch `epoch` of a run seeded with `seed`. */
export function shuffleSeed(seed: number, epoch: number): number {
  return hash32(SHUFFLE, seed, epoch);
}

/** The seed of step `step` of epoch `epoch` (dropout masks etc.). */
export function stepSeed(seed: number, epoch: number, step: number): number {
  return hash32(STEP, seed, epoch, step);
}
