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

/** How {@link resolveNumbers} checks and completes one numeric option. */
export interface NumberRule {
  /** Used when the option is `undefined`; without one the option is required. */
  default?: number;
  /** Smallest value allowed. Defaults to `-Infinity`. */
  min?: number;
  /** Largest value allowed. Defaults to `Infinity`. */
  max?: number;
  /** Whether `max` itself is excluded. Defaults to `false`. */
  maxExclusive?: boolean;
  /** Whether the value must be an integer. Defaults to `false`. */
  integer?: boolean;
}

/** The numeric options named by `rules`, each defaulted and checked by {@link checkNumber}. */
export function resolveNumbers<K extends string>(
  where: string,
  options: NoInfer<Partial<Record<K, unknown>>>,
  rules: Readonly<Record<K, NumberRule>>,
): Record<K, number> {
  const out = {} as Record<K, number>;
  for (const name of Object.keys(rules) as K[]) {
    const { default: fallback, ...range } = rules[name];
    out[name] = checkNumber(where, name, options[name] ?? fallback, range);
  }
  return out;
}

/** Throws `TrainingError('BAD_OPTION')` unless `value` is a boolean. */
export function checkBoolean(where: string, name: string, value: unknown): boolean {
  if (typeof value !== 'boolean') {
    throw new TrainingError('BAD_OPTION', `${where}: ${name} must be a boolean, got ${String(value)}.`);
  }
  return value;
}
