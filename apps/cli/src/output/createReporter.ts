import cliProgress from 'cli-progress';
import pc from 'picocolors';

/** How the CLI talks to the user. Everything human goes to stderr; stdout carries results (and `--json`). */
export interface ReporterOptions {
  /** `--json`: stdout holds exactly one JSON object at the end. Defaults to `false`. */
  json?: boolean;
  /** `--quiet`: print errors only. Defaults to `false`. */
  quiet?: boolean;
  /** `--verbose`: extra detail and stack traces. Defaults to `false`. */
  verbose?: boolean;
  /** Draw progress bars (stderr is a TTY). Defaults to `process.stderr.isTTY`. */
  tty?: boolean;
}

export interface Reporter {
  readonly json: boolean;
  readonly quiet: boolean;
  readonly verbose: boolean;
  readonly tty: boolean;
  /** A status line on stderr (hidden by `--quiet`). */
  info(line: string): void;
  /** A warning line on stderr (hidden by `--quiet`). */
  warn(line: string): void;
  /** Detail for `--verbose` only. */
  debug(line: string): void;
  /** The command's human-readable result on stdout (skipped with `--json`/`--quiet`). */
  result(text: string): void;
  /** The command's JSON result on stdout (`--json` only). */
  emitJson(value: unknown): void;
  /** A progress bar (TTY) or nothing; returns handles to update and stop it. */
  bar(format: string, total: number, payload?: Record<string, unknown>): ProgressHandle;
}

export interface ProgressHandle {
  update(value: number, payload?: Record<string, unknown>): void;
  stop(): void;
}

const noopBar: ProgressHandle = { update() {}, stop() {} };

export function createReporter(options: ReporterOptions = {}): Reporter {
  const json = options.json ?? false;
  const quiet = options.quiet ?? false;
  const verbose = options.verbose ?? false;
  const tty = options.tty ?? Boolean(process.stderr.isTTY);
  const err = (line: string) => process.stderr.write(`${line}\n`);
  return {
    json,
    quiet,
    verbose,
    tty,
    info: (line) => {
      if (!quiet) err(line);
    },
    warn: (line) => {
      if (!quiet) err(pc.yellow(line));
    },
    debug: (line) => {
      if (verbose && !quiet) err(pc.dim(line));
    },
    result: (text) => {
      if (!json && !quiet) process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    },
    emitJson: (value) => {
      if (json) process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
    },
    bar: (format, total, payload) => {
      if (quiet || !tty) return noopBar;
      const bar = new cliProgress.SingleBar(
        {
          format,
          stream: process.stderr,
          hideCursor: true,
          clearOnComplete: false,
          etaBuffer: 50,
          fps: 10,
          barsize: 24,
        },
        cliProgress.Presets.shades_classic,
      );
      bar.start(total, 0, payload);
      return {
        update: (value, p) => bar.update(value, p),
        stop: () => bar.stop(),
      };
    },
  };
}
