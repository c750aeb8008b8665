#!/usr/bin/env node
// `pnpm --silent -C apps/cli start <command> [flags]` (the README's command): build the CLI and the
// packages it uses when they changed, quietly, then run the CLI in this process, in the folder the command
// was typed in. On success the user reads only the CLI's output: turbo's banner, task summary and logs are
// captured and shown only when the build fails, followed by one `error:` line. The exit code is the CLI's
// own (README, "Exit codes").
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const appDir = join(dirname(fileURLToPath(import.meta.url)), '..');
/** After this long, a terminal gets a transient "building…" note (erased when the build ends). */
const NOTE_AFTER_MS = 1500;

/** The workspace's turbo (a root devDependency), found from here up; else whatever `turbo` is on PATH. */
function findTurbo() {
  for (let dir = appDir; ; dir = dirname(dir)) {
    const bin = join(dir, 'node_modules', '.bin', 'turbo');
    if (existsSync(bin)) return bin;
    if (dirname(dir) === dir) return 'turbo';
  }
}

/** Runs turbo's build of the CLI and its dependencies; resolves with its exit status and output. */
function build() {
  return new Promise((resolve) => {
    const args = ['run', 'build', '--filter=@mnist-kit/cli...', '--output-logs=errors-only', '--ui=stream'];
    const child = spawn(findTurbo(), args, { cwd: appDir, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    child.stdout.on('data', (d) => {
      log += d;
    });
    child.stderr.on('data', (d) => {
      log += d;
    });
    let noted = false;
    const note = process.stderr.isTTY
      ? setTimeout(() => {
          noted = true;
          process.stderr.write('building mnist-kit (the sources changed since the last build)…');
        }, NOTE_AFTER_MS)
      : undefined;
    const done = (result) => {
      clearTimeout(note);
      if (noted) process.stderr.write('\r\x1b[K');
      resolve({ ...result, log });
    };
    child.on('error', (error) => done({ error }));
    child.on('close', (status, signal) => done({ status, signal }));
  });
}

const result = await build();
if (result.error || result.status !== 0) {
  const log = result.log.trimEnd();
  if (log) process.stderr.write(`${log}\n`);
  const why = result.error
    ? `could not run turbo: ${result.error.message}`
    : result.signal
      ? `turbo was stopped by ${result.signal}`
      : `turbo exited with code ${result.status}${log ? '; its log is above' : ''}`;
  process.stderr.write(`error: building the CLI failed (${why})\n`);
  process.exit(result.signal === 'SIGINT' ? 130 : 1);
}

// pnpm runs scripts in apps/cli; relative paths in the user's flags (--data-dir, --out, images, the default
// runs/<timestamp>) mean the folder the command was typed in, which pnpm passes as INIT_CWD.
if (process.env.INIT_CWD) process.chdir(process.env.INIT_CWD);
// process.argv is [node, this script, ...the user's arguments]: the shape dist/cli.js parses.
await import(pathToFileURL(join(appDir, 'dist', 'cli.js')).href);
