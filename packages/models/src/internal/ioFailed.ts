import { ModelError } from '../ModelError';

/** The `ModelError('IO_FAILED')` of a failed load or save, `cause` its reason. */
export function ioFailed(doing: 'Loading' | 'Saving', cause: unknown): ModelError {
  return new ModelError('IO_FAILED', `${doing} the model failed: ${(cause as Error)?.message ?? String(cause)}`, {
    cause,
  });
}
