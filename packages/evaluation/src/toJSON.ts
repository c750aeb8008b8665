import type { PredictionMetrics } from './types';

/** A JSON-safe value: non-finite numbers (`NaN`, `±Infinity`) become `null`. */
export type JSONValue = string | number | boolean | null | JSONValue[] | { [key: string]: JSONValue };

const plain = (value: unknown): JSONValue | undefined => {
  if (value === undefined) return undefined;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (Array.isArray(value) || ArrayBuffer.isView(value)) {
    return Array.from(value as ArrayLike<unknown>, (item) => plain(item) ?? null);
  }
  if (typeof value === 'object') {
    const out: { [key: string]: JSONValue } = {};
    for (const [key, item] of Object.entries(value)) {
      const converted = plain(item);
      if (converted !== undefined) out[key] = converted;
    }
    return out;
  }
  return null;
};

/**
 * Converts an evaluation result to a plain, JSON-safe object (a deep copy: arrays are new, non-finite
 * numbers become `null`, absent fields are left out), ready for `JSON.stringify`.
 */
export function toJSON(result: PredictionMetrics): { [key: string]: JSONValue } {
  return plain(result) as { [key: string]: JSONValue };
}
