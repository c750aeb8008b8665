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
  /** A status line on stderr (hidden by `--quiet`). Printed above the progress bars while any are drawn. */
  info(line: string): void;
  /** A warning line on stderr (hidden by `--quiet`). */
  warn(line: string): void;
  /** Detail for `--verbose` only. */
  debug(line: string): void;
  /** The command's human-readable result on stdout (skipped with `--json`/`--quiet`). */
  result(text: string): void;
  /** The command's JSON result on stdout (`--json` only). */
  emitJson(value: unknown): void;
  /**
   * A progress bar on its own line (TTY only; a no-op otherwise or with `--quiet`); returns handles to
   * update and stop it. Bars that are live at the same time (e.g. one per file of a concurrent download)
   * are drawn one below the other and redrawn together; once all of them are stopped, the next bar
   * starts on a fresh line.
   */
  bar(format: string, total: number, payload?: Record<string, unknown>): ProgressHandle;
}

export interface ProgressHandle {
  update(value: number, payload?: Record<string, unknown>): void;
  /** Draws the bar's final state and stops updating it. Idempotent. */
  stop(): void;
}

const noopBar: ProgressHandle = { update() {}, stop() {} };

/** Shows the cursor again if the process exits (e.g. a second Ctrl-C) while bars hide it. */
const SHOW_CURSOR = '\x1B[?25h';

export function createReporter(options: ReporterOptions = {}): Reporter {
  const json = options.json ?? false;
  const quiet = options.quiet ?? false;
  const verbose = options.verbose ?? false;
  const tty = options.tty ?? Boolean(process.stderr.isTTY);
  const bars = createBarStack();
  const err = (line: string) => bars.print(`${line}\n`);
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
    bar: (format, total, payload) => (quiet || !tty ? noopBar : bars.add(format, total, payload)),
  };
}

/**
 * The bars of one reporter, in one cli-progress `MultiBar` on stderr while any is live (SingleBars
 * drawn at the same time would overwrite each other's line).
 */
function createBarStack() {
  let multi: cliProgress.MultiBar | undefined;
  let drawn: cliProgress.SingleBar[] = [];
  let live = 0;
  const restoreCursor = () => process.stderr.write(SHOW_CURSOR);
  /** Redraws every bar on the next update, even unchanged ones (a printed line moved them down). */
  const invalidate = () => {
    for (const bar of drawn) (bar as unknown as { lastDrawnString: string }).lastDrawnString = '';
  };
  return {
    print(text: string): void {
      if (multi === undefined) {
        process.stderr.write(text);
        return;
      }
      multi.log(text);
      invalidate();
      multi.update();
    },
    add(format: string, total: number, payload?: Record<string, unknown>): ProgressHandle {
      if (multi === undefined) {
        multi = new cliProgress.MultiBar(
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
        drawn = [];
        process.on('exit', restoreCursor);
      }
      const owner = multi;
      const bar = owner.create(total, 0, payload, { format });
      drawn.push(bar);
      live += 1;
      let stopped = false;
      return {
        update: (value, p) => {
          if (!stopped) bar.update(value, p);
        },
        stop: () => {
          if (stopped) return;
          stopped = true;
          bar.stop();
          live -= 1;
          if (live === 0 && multi === owner) {
            owner.update();
            owner.stop();
            multi = undefined;
            drawn = [];
            process.off('exit', restoreCursor);
          }
        },
      };
    },
  };
}
