/**
 * Stable codes of {@link ModelError}:
 * - `INVALID_OPTIONS`: bad `createMlp` options.
 * - `INVALID_INPUT`: a tensor of the wrong shape was passed to `forward`, `backward` or `predict`.
 * - `NO_FORWARD_PASS`: `backward` without a kept forward pass (or its tensors were already disposed).
 * - `DISPOSED`: the model was used after `dispose()`.
 * - `INVALID_FORMAT`: saved artifacts are malformed or do not describe an MLP this package can run.
 * - `NOT_FOUND`: a saved model (or one of its files) does not exist.
 * - `IO_FAILED`: reading or writing a model failed.
 * - `NO_HANDLER`: no tfjs IOHandler understands the given URL.
 */
export type ModelErrorCode =
  | 'INVALID_OPTIONS'
  | 'INVALID_INPUT'
  | 'NO_FORWARD_PASS'
  | 'DISPOSED'
  | 'INVALID_FORMAT'
  | 'NOT_FOUND'
  | 'IO_FAILED'
  | 'NO_HANDLER';

/** Options of {@link ModelError}. */
export interface ModelErrorOptions {
  /** The underlying error. Defaults to none. */
  cause?: unknown;
  /** Every problem found, when several were (e.g. by model validation). Defaults to `[message]`. */
  issues?: readonly string[];
}

/** The one error class of `@mnist-kit/models`. */
export class ModelError extends Error {
  override readonly name = 'ModelError';
  /** Stable machine-readable code. */
  readonly code: ModelErrorCode;
  /** Every problem found (at least one). */
  readonly issues: readonly string[];

  constructor(code: ModelErrorCode, message: string, options: ModelErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.issues = options.issues ?? [message];
  }
}
