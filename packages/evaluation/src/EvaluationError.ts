/** Stable codes carried by {@link EvaluationError}; match on these, not on messages. */
export type EvaluationErrorCode =
  /** The split (or prediction list) has no examples. */
  | 'EMPTY_SPLIT'
  /** `images`/`labels` lengths disagree with `count × rows × cols`, or prediction arrays differ in length. */
  | 'INVALID_SPLIT'
  /** A true or predicted label is not an integer in `0 … numClasses-1`. */
  | 'LABEL_OUT_OF_RANGE'
  /** The model's output is not a `[batch, numClasses]` tensor. */
  | 'BAD_MODEL_OUTPUT'
  /** An option has an invalid value (e.g. `batchSize: 0`, `topK > numClasses`). */
  | 'INVALID_OPTION';

/** The one error class thrown by `@mnist-kit/evaluation`. */
export class EvaluationError extends Error {
  override readonly name = 'EvaluationError';
  /** Stable machine-readable code. */
  readonly code: EvaluationErrorCode;

  constructor(code: EvaluationErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
