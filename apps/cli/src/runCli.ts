import { createRequire } from 'node:module';
import { Command, CommanderError } from 'commander';
import { CliError, ExitCode } from './CliError.js';
import { releaseBackend } from './chooseBackend.js';
import { createDownloadCommand } from './commands/download.js';
import { createEvalCommand } from './commands/eval.js';
import { createInfoCommand } from './commands/info.js';
import { createPredictCommand } from './commands/predict.js';
import { createTrainCommand } from './commands/train/index.js';

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

/** The exit code for an error, and the one line that explains it. */
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
  if (error instanceof CliError) return { code: error.exitCode, line: error.message };
  const e = error as { name?: string; code?: string; message?: string };
  if (e?.code === 'ABORTED') return { code: ExitCode.interrupted, line: 'interrupted' };
  const known = ['DatasetError', 'ModelError', 'TrainingError', 'EvaluationError', 'BackendError'];
  if (e && known.includes(e.name ?? '')) return { code: ExitCode.failure, line: e.message };
  return { code: ExitCode.failure, line: e?.message ?? String(error) };
}

/** Runs the CLI on `argv`; returns the exit code. Errors become one line on stderr (a stack trace with `--verbose`). */
export async function runCli(argv: string[]): Promise<number> {
  const verbose = argv.includes('--verbose');
  try {
    await createProgram().parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : ExitCode.ok;
  } catch (error) {
    const { code, line } = describeError(error);
    if (line !== undefined) {
      const hint =
        (error as { code?: string })?.code === 'DOWNLOAD_FAILED'
          ? ' — use --data-dir DIR to train from local files'
          : '';
      process.stderr.write(`error: ${oneLine(line)}${hint}\n`);
    }
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
