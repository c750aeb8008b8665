import { expect } from 'vitest';
import type { DatasetError } from '../DatasetError';

/** The DatasetError `promise` rejects with, asserted to carry `code` and a one-line message. */
export async function failure(promise: Promise<unknown>, code: string): Promise<DatasetError> {
  const error = (await promise.then(
    () => undefined,
    (e: unknown) => e,
  )) as DatasetError;
  expect(error?.name).toBe('DatasetError');
  expect(error.code).toBe(code);
  expect(error.message).not.toContain('\n');
  return error;
}
