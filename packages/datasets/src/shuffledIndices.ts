import { mulberry32 } from './internal/mulberry32';
import { requireInteger, requireSeed } from './internal/requireOption';

/**
 * A permutation of `0 … count-1` from a seeded Fisher–Yates shuffle (mulberry32 PRNG): the same
 * `count` and `seed` give the same order on any machine. `seed` is taken modulo 2³².
 */
export function shuffledIndices(count: number, seed: number): Uint32Array {
  requireInteger('count', count, 0);
  requireSeed(seed);
  const indices = new Uint32Array(count);
  for (let i = 0; i < count; i++) indices[i] = i;
  const random = mulberry32(Math.trunc(seed));
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const tmp = indices[i]!;
    indices[i] = indices[j]!;
    indices[j] = tmp;
  }
  return indices;
}
