/**
 * Stable machine-readable codes carried by {@link TrainingError}.
 *
 * - `NON_FINITE_LOSS`: the training loss became NaN or ±Infinity (see `epoch` / `step`).
 * - `NO_BACKWARD`: `gradients: 'explicit'` was requested but the model has no `backward`.
 * - `NO_GRADIENTS`: autograd could not compute gradients (no gradients registered, or the loss does
 *   not depend on any parameter).
 * - `BAD_GRADIENTS`: a gradient is missing or its shape does not match its parameter.
 * - `BAD_OPTION`: an option is out of range or of the wrong type.
 * - `BAD_STATE`: an optimizer state does not fit the optimizer or the parameters.
 * - `BAD_CHECKPOINT`: a checkpoint does not fit the model / optimizer, or its data is truncated.
 * - `BAD_BATCH`: a batch source yielded something that is not a batch.
 * - `ENGINE_UNAVAILABLE`: `stepEngine: 'simd'` was asked for a fit the SIMD engine cannot run (the message says why).
 */
export type TrainingErrorCode =
  | 'NON_FINITE_LOSS'
  | 'NO_BACKWARD'
  | 'NO_GRADIENTS'
  | 'BAD_GRADIENTS'
  | 'BAD_OPTION'
  | 'BAD_STATE'
  | 'BAD_CHECKPOINT'
  | 'BAD_BATCH'
  | 'ENGINE_UNAVAILABLE';

/** Options of the {@link TrainingError} constructor. */
export interface TrainingErrorOptions {
  /** The underlying error, if any. */
  cause?: unknown;
  /** Zero-based epoch the error relates to. */
  epoch?: number;
  /** Zero-based step within the epoch the error relates to (or the first step of a range). */
  step?: number;
}

/** The one error class of `@mnist-kit/training`; switch on its stable {@link TrainingError.code}. */
export class TrainingError extends Error {
  override readonly name = 'TrainingError';
  /** Stable code, safe to switch on. */
  readonly code: TrainingErrorCode;
  /** Zero-based epoch the error relates to, when relevant. */
  readonly epoch: number | undefined;
  /** Zero-based step within the epoch the error relates to, when relevant. */
  readonly step: number | undefined;

  constructor(code: TrainingErrorCode, message: string, options: TrainingErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.epoch = options.epoch;
    this.step = options.step;
  }
}
