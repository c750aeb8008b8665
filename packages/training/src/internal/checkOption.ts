import { TrainingError } from '../TrainingError';

/** Throws `TrainingError('BAD_OPTION')` unless `value` is a finite number in `[min, max]` (or `[min, max)`). */
export function checkNumber(
  where: string,
  name: string,
  value: unknown,
  { min = -Infinity, max = Infinity, maxExclusive = false, integer = false } = {},
): number {
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    value >= min &&
    (maxExclusive ? value < max : value <= max) &&
    (!integer || Number.isInteger(value));
  if (!ok) {
    const range = `${integer ? 'an integer ' : 'a number '}in [${min}, ${max}${maxExclusive ? ')' : ']'}`;
    throw new TrainingError('BAD_OPTION', `${where}: ${name} must be ${range}, got ${String(value)}.`);
  }
  return value;
}
