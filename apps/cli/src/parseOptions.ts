import { usageError } from './CliError.js';

/** Parses a positive integer flag value (`--epochs 10`), or throws a usage error naming the flag. */
export function positiveInt(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(n) || n <= 0) {
      throw usageError(`${flag} must be a positive integer, got '${value}'`);
    }
    return n;
  };
}

/** Parses a non-negative integer flag value (`--seed 0`). */
export function nonNegativeInt(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(n)) {
      throw usageError(`${flag} must be a non-negative integer, got '${value}'`);
    }
    return n;
  };
}

/** Parses a finite number in an open/closed range. */
export function numberIn(flag: string, { min, max, minInclusive = true, maxInclusive = true }: NumberRange) {
  return (value: string): number => {
    const n = Number(value);
    const tooLow = min !== undefined && (minInclusive ? n < min : n <= min);
    const tooHigh = max !== undefined && (maxInclusive ? n > max : n >= max);
    if (value.trim() === '' || !Number.isFinite(n) || tooLow || tooHigh) {
      throw usageError(
        `${flag} must be a number ${describeRange({ min, max, minInclusive, maxInclusive })}, got '${value}'`,
      );
    }
    return n;
  };
}

interface NumberRange {
  min?: number;
  max?: number;
  minInclusive?: boolean;
  maxInclusive?: boolean;
}

function describeRange({ min, max, minInclusive = true, maxInclusive = true }: NumberRange): string {
  const lo = min === undefined ? '' : `${minInclusive ? '≥' : '>'} ${min}`;
  const hi = max === undefined ? '' : `${maxInclusive ? '≤' : '<'} ${max}`;
  return [lo, hi].filter(Boolean).join(' and ');
}

/** Parses `--hidden 128,128` into layer widths. An empty value means no hidden layer. */
export function hiddenSizes(value: string): number[] {
  if (value.trim() === '') return [];
  const parts = value.split(',').map((s) => s.trim());
  const sizes = parts.map(Number);
  if (parts.some((p, i) => !/^\d+$/.test(p) || (sizes[i] ?? 0) <= 0)) {
    throw usageError(`--hidden must be comma-separated positive integers like 128,128, got '${value}'`);
  }
  return sizes;
}

/** Parses a value that must be one of `choices`. */
export function oneOf<T extends string>(flag: string, choices: readonly T[]) {
  return (value: string): T => {
    if (!(choices as readonly string[]).includes(value)) {
      throw usageError(`${flag} must be one of ${choices.join(', ')}, got '${value}'`);
    }
    return value as T;
  };
}

/** Collects a repeatable flag (`--mirror A --mirror B`). */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}
