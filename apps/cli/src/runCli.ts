import { createRequire } from 'node:module';
import { Command, CommanderError } from 'commander';
import { CliError, ExitCode } from './CliError.js';
import { releaseBackend } from './chooseBackend.js';
import { createDownloadCommand } from './commands/download.js';
import { createEvalCommand } from './commands/eval.js';
import { createExportCommand } from './commands/export.js';
import { createInfoCommand } from './commands/info.js';
import { createPredictCommand } from './commands/predict.js';
import { createTrainCommand } from './commands/train/index.js';
import { DATA_DIR_HINT } from './output/explainDownloadError.js';

const require = createRequire(import.meta.url);
const { version } = require('../package.json') as { version: string };

/** Builds the `mnist-kit` program: train, eval, predict, download, info. */
export function createProgram(): Command {
  const program = new Command('mnist-kit')
    .description('Train the classic MNIST MLP from scratch on TensorFlow.js')
    .version(version, '-V, --version')
    .showSuggestionAfterError()
    .addCommand(createTrainCommand())
    .addCommand(createEvalCommand())
    .addCommand(createPredictCommand())
    .addCommand(createExportCommand())
    .addCommand(createDownloadCommand())
    .addCommand(createInfoCommand(version));
  // Commander prints its own usage errors; make every command throw instead of exiting.
  const configure = (cmd: Command) => {
    cmd.exitOverride().configureOutput({
      outputError: (str, write) => write(str.endsWith('\n') ? str : `${str}\n`),
    });
    for (const sub of cmd.commands) configure(sub);
  };
  configure(program);
  return program;
}

/** Multi-line library messages (e.g. one line per mirror tried) become one line. */
function oneLine(message: string): string {
  const [first = '', ...rest] = message
    .split('\n')
    .map((l) => l.trim().replace(/^[-•*]\s+/, ''))
    .filter(Boolean);
  return rest.length ? `${first} ${rest.join('; ')}` : first;
}

/**
 * The one place that maps an error to an exit code (see `ExitCode`), with the one line that explains it
 * (`undefined` when Commander already printed it). Codes: 0 for help/version, 2 for usage errors
 * (Commander's and `CliError('USAGE')`), 130 for an interruption (`CliError` with that code, or a
 * library's `ABORTED`), a `CliError`'s own code, and 1 for everything else.
 */
function describeError(error: unknown): { code: number; line: string | undefined } {
  if (error instanceof CommanderError) {
    if (
      error.code === 'commander.helpDisplayed' ||
      error.code === 'commander.version' ||
      error.code === 'commander.help'
    ) {
      return { code: ExitCode.ok, line: undefined };
    }
    // Commander already printed "error: …" for usage problems.
    return { code: ExitCode.usage, line: undefined };
  }
  if (error instanceof CliError) {
    const line = oneLine(error.message);
    return { code: error.exitCode, line: error.exitCode === ExitCode.interrupted ? line : `error: ${line}` };
  }
  const e = error as { name?: string; code?: string; message?: string };
  if (e?.code === 'ABORTED') return { code: ExitCode.interrupted, line: 'interrupted' };
  // A library's download error that no command explained (commands turn theirs into a CliError).
  const hint = e?.code === 'DOWNLOAD_FAILED' ? ` — ${DATA_DIR_HINT}` : '';
  return { code: ExitCode.failure, line: `error: ${oneLine(e?.message ?? String(error))}${hint}` };
}

/** Runs the CLI on `argv`; returns the exit code. Errors become one line on stderr (a stack trace with `--verbose`). */
export async function runCli(argv: string[]): Promise<number> {
  const verbose = argv.includes('--verbose');
  try {
    await createProgram().parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : ExitCode.ok;
  } catch (error) {
    const { code, line } = describeError(error);
    if (line !== undefined) process.stderr.write(`${line}\n`);
    if (verbose && error instanceof Error && !(error instanceof CommanderError)) {
      process.stderr.write(`${error.stack ?? ''}\n`);
      if (error.cause instanceof Error)
        process.stderr.write(`caused by: ${error.cause.stack ?? error.cause.message}\n`);
    }
    return code;
  } finally {
    await releaseBackend();
  }
}
