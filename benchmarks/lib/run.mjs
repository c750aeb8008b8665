// Spawning the measured programs: one child at a time, stdout captured for its JSON result.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BENCH_DIR, CLI_ENTRY, REPO_ROOT } from './resolve.mjs';

const PEAK_RSS_PRELOAD = pathToFileURL(join(BENCH_DIR, 'lib', 'peakRss.mjs')).href;

/**
 * Runs a command to completion. Resolves (never rejects) with
 * { code, signal, stdout, stderr, wallSeconds, error? }.
 */
export function runChild(command, args, { env, cwd = REPO_ROOT, timeoutSeconds, echoStderr = false } = {}) {
  return new Promise((resolvePromise) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    let timer;
    if (timeoutSeconds > 0) timer = setTimeout(() => child.kill('SIGKILL'), timeoutSeconds * 1000);
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => {
      err.push(d);
      if (echoStderr) process.stderr.write(d);
    });
    const finish = (code, signal, error) => {
      clearTimeout(timer);
      resolvePromise({
        code,
        signal,
        error,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        wallSeconds: (performance.now() - started) / 1000,
      });
    };
    child.on('error', (error) => finish(null, null, error));
    child.on('close', (code, signal) => finish(code, signal));
  });
}

/** The JSON object a child printed: all of stdout, or else its last line that parses as an object. */
export function parseJsonOutput(stdout) {
  const text = stdout.trim();
  try {
    const value = JSON.parse(text);
    if (value && typeof value === 'object') return value;
  } catch {
    // fall through to line-by-line
  }
  const lines = text.split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i].trim();
    if (!line.startsWith('{')) continue;
    try {
      return JSON.parse(line);
    } catch {
      // keep looking
    }
  }
  return undefined;
}

/** Last `n` non-empty lines of a child's stderr, for error messages. */
export function tail(text, n = 6) {
  return text.trim().split('\n').filter(Boolean).slice(-n).join('\n');
}

/** Node's own noise on stderr (warnings), which is never the reason a child failed. */
const NODE_NOISE = /^\(node:\d+\)|^\(Use `node --trace-warnings/;

/**
 * One line saying why a finished child failed: its last meaningful stderr line (the CLI prints exactly one
 * on bad input) and how it ended, e.g. "error: unknown option '--threads' (exit 2)".
 */
export function failureLine(child) {
  if (child.error) return child.error.message;
  const how = child.signal ? `killed by ${child.signal}` : `exit ${child.code}`;
  const lines = child.stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !NODE_NOISE.test(l));
  const last = lines.at(-1);
  return last ? `${last} (${how})` : `${how}, no JSON on stdout`;
}

/**
 * Turns a finished child into { ok, result } or { ok: false, error, errorLine }: `error` has the stderr
 * tail, `errorLine` is failureLine's one line.
 */
export function childOutcome(child, what) {
  if (child.error) return { ok: false, error: `${what}: ${child.error.message}`, errorLine: child.error.message };
  const result = parseJsonOutput(child.stdout);
  if (child.code !== 0 || !result) {
    const why = child.signal ? `killed by ${child.signal}` : `exit code ${child.code}`;
    return {
      ok: false,
      error: `${what}: ${why}${result ? '' : ', no JSON on stdout'}\n${tail(child.stderr)}`,
      errorLine: failureLine(child),
    };
  }
  return { ok: true, result };
}

/** Whether the CLI has been built. */
export function cliBuilt() {
  return existsSync(CLI_ENTRY);
}

/** Builds the CLI and the packages it depends on (turbo caches, so this is quick when nothing changed). */
export function buildCli() {
  // Under `pnpm bench`, npm_execpath is the pnpm that started us; otherwise use pnpm from PATH.
  const execPath = process.env.npm_execpath ?? '';
  const pnpm = /pnpm/.test(execPath) ? execPath : 'pnpm';
  const isJs = /\.[cm]?js$/.test(pnpm);
  const res = spawnSync(
    isJs ? process.execPath : pnpm,
    [...(isJs ? [pnpm] : []), 'turbo', 'run', 'build', '--filter=@mnist-kit/cli...', '--output-logs=errors-only'],
    { cwd: REPO_ROOT, stdio: ['ignore', 2, 2] }, // build output to stderr: stdout is the report
  );
  return res.status === 0;
}

/**
 * Runs `mnist-kit train` with `flags` (an object of --flag values; `true` for bare switches) plus
 * --json --quiet and a throw-away --out folder. The child is preloaded with peakRss.mjs, which
 * writes its getrusage peak RSS at exit. Resolves with { ok, result, peakRssMB, wallSeconds, args } or an error.
 */
export async function runCliTrain(flags, { timeoutSeconds } = {}) {
  const outDir = mkdtempSync(join(tmpdir(), 'mnist-kit-bench-out-'));
  const rssFile = join(outDir, '.peak-rss-kib');
  const args = ['train'];
  for (const [key, value] of Object.entries({ ...flags, json: true, quiet: true, out: join(outDir, 'run') })) {
    if (value === undefined || value === false) continue;
    args.push(`--${key}`);
    if (value !== true) args.push(String(value));
  }
  try {
    const child = await runChild(process.execPath, ['--import', PEAK_RSS_PRELOAD, CLI_ENTRY, ...args], {
      env: { MNIST_KIT_BENCH_RSS_FILE: rssFile },
      timeoutSeconds,
    });
    const outcome = childOutcome(child, 'mnist-kit train');
    let peakRssMB;
    try {
      peakRssMB = Number(readFileSync(rssFile, 'utf8')) / 1024;
    } catch {
      peakRssMB = undefined;
    }
    return { ...outcome, peakRssMB, wallSeconds: child.wallSeconds, args };
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}
