/**
 * An exponential moving average with bias correction (as Adam and TensorBoard do it), so the first
 * values are not dragged towards zero: after `n` values the weights sum to one.
 */
export interface Ema {
  /** Adds a value and returns the smoothed value so far. Non-finite values are ignored. */
  push(value: number): number;
  /** The smoothed value so far, or `NaN` before the first value. */
  readonly value: number;
  /** Forgets every value. */
  reset(): void;
}

/**
 * Creates an {@link Ema}.
 * @param smoothing weight of the past, in `[0, 1)`: `0` follows the values, `0.9` averages over about ten. Defaults to `0.9`.
 */
export function createEma(smoothing = 0.9): Ema {
  if (!(smoothing >= 0 && smoothing < 1)) throw new RangeError(`smoothing must be in [0, 1), got ${smoothing}`);
  let biased = 0;
  let weight = 0;
  return {
    push(value: number) {
      if (Number.isFinite(value)) {
        biased = smoothing * biased + (1 - smoothing) * value;
        weight = smoothing * weight + (1 - smoothing);
      }
      return this.value;
    },
    get value() {
      return weight === 0 ? Number.NaN : biased / weight;
    },
    reset() {
      biased = 0;
      weight = 0;
    },
  };
}

/** The bias-corrected EMA of every prefix of `values` (see {@link createEma}). */
export function emaSeries(values: readonly number[], smoothing = 0.9): number[] {
  const ema = createEma(smoothing);
  return values.map((v) => ema.push(v));
}
