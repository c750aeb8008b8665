/** Exit codes the CLI uses. */
export const ExitCode = {
  ok: 0,
  failure: 1,
  usage: 2,
  interrupted: 130,
} as const;

/**
 * The CLI's own error: a one-line message for the user and the exit code to leave with.
 * `code: 'USAGE'` errors (bad flags, bad values) exit 2.
 */
export class CliError extends Error {
  override readonly name = 'CliError';
  readonly code: string;
  readonly exitCode: number;

  constructor(code: string, message: string, options: { exitCode?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.code = code;
    this.exitCode = options.exitCode ?? (code === 'USAGE' ? ExitCode.usage : ExitCode.failure);
  }
}

/** A usage error: wrong flag, wrong value. Exits 2. */
export function usageError(message: string): CliError {
  return new CliError('USAGE', message);
}
