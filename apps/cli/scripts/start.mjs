#!/usr/bin/env node
// `pnpm --filter cli start <command> [flags]` (the README's command): build the CLI and the packages it
// uses when they changed, quietly, then run the CLI in this process. On success the user reads only the
// CLI's output; turbo's banner and task summary are captured and shown only when the build fails, then one
// `error:` line ends the output. The exit code is the CLI's own (see "Exit codes" in the README).
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const appDir = join(dirname(fileURLToPath(import.meta.url)), '..');

const build = spawnSync(
  'turbo',
  ['run', 'build', '--filter=@mnist-kit/cli...', '--output-logs=errors-only', '--ui=stream'],
  { cwd: appDir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 },
);
if (build.error || build.status !== 0) {
  const log = `${build.stdout ?? ''}${build.stderr ?? ''}`.trimEnd();
  if (log) process.stderr.write(`${log}\n`);
  const why = build.error
    ? `could not run turbo: ${build.error.message}`
    : build.signal
      ? `turbo was stopped by ${build.signal}`
      : `turbo exited with code ${build.status}; its log is above`;
  process.stderr.write(`error: building the CLI failed (${why})\n`);
  process.exit(build.signal === 'SIGINT' ? 130 : 1);
}

// process.argv is [node, this script, ...the user's arguments]: the shape dist/cli.js parses.
await import(pathToFileURL(join(appDir, 'dist', 'cli.js')).href);
