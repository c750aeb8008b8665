import { EvaluationError } from '../EvaluationError';

/** Throws `INVALID_OPTION` unless `value` is an integer in `[min, max]`; returns it. */
export function requireInteger(name: string, value: number, min: number, max = Number.POSITIVE_INFINITY): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.POSITIVE_INFINITY ? `>= ${min}` : `in ${min} … ${max}`;
    throw new EvaluationError('INVALID_OPTION', `${name} must be an integer ${range}, got ${String(value)}`);
  }
  return value;
}
