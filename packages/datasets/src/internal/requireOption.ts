import { DatasetError } from '../DatasetError';

/** Throws `INVALID_OPTION` unless `value` is an integer ≥ `min`. */
export function requireInteger(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new DatasetError('INVALID_OPTION', `${name} must be an integer ≥ ${min}, got ${value}.`);
  }
}

/** Throws `INVALID_OPTION` unless `seed` is a finite number. */
export function requireSeed(seed: number): void {
  if (!Number.isFinite(seed)) {
    throw new DatasetError('INVALID_OPTION', `seed must be a finite number, got ${seed}.`);
  }
}

/** Throws `INVALID_OPTION` unless `value` is a rate in `[0, 1)`. */
export function requireRate(name: string, value: number): void {
  if (typeof value !== 'number' || !(value >= 0 && value < 1)) {
    throw new DatasetError('INVALID_OPTION', `${name} must be a number in [0, 1), got ${value}.`);
  }
}
