import { ExitCode } from './CliError.js';

/** What {@link interruptSignal} returns. */
export interface InterruptSignal {
  /** Fires on the first Ctrl-C (SIGINT). */
  readonly signal: AbortSignal;
  /** Stops listening for SIGINT; Ctrl-C then ends the process as usual. */
  dispose(): void;
}

/**
 * An `AbortSignal` hooked to Ctrl-C, for work that stops cleanly when asked (a download parks the bytes
 * it received for the next run to resume). The first SIGINT aborts the signal; a second one exits 130
 * at once. Call `dispose()` when the work is done.
 */
export function interruptSignal(): InterruptSignal {
  const controller = new AbortController();
  const onSigint = () => {
    if (controller.signal.aborted) process.exit(ExitCode.interrupted);
    controller.abort(new Error('interrupted (SIGINT)'));
  };
  process.on('SIGINT', onSigint);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', onSigint);
    },
  };
}
