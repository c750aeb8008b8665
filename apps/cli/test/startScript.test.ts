import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLI } from '@mnist-kit/test-utils';
import { describe, expect, it } from 'vitest';

// The README's way to run the CLI from the repo root: pnpm runs apps/cli's `start` script
// (scripts/start.mjs), which builds quietly, then runs the CLI. What the user reads must be the CLI's
// output and nothing else, and a failure's error line must be the last line, with the CLI's exit code.

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const env = { ...process.env, NO_COLOR: '1', MNIST_KIT_CACHE: '/nonexistent-cache-dir-for-tests' };
const run = (command: string, args: string[]) => spawnSync(command, args, { cwd: root, env, encoding: 'utf8' });
const USAGE_LINE = "error: --epochs must be a positive integer, got '0'\n";

describe('the README command: pnpm --silent -C apps/cli start <command>', () => {
  it('prints exactly what the CLI prints, on stdout and on stderr', () => {
    const direct = run(process.execPath, [CLI, 'info']);
    expect(direct.status).toBe(0);
    const r = run('pnpm', ['--silent', '-C', 'apps/cli', 'start', 'info']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe(direct.stdout);
    expect(r.stderr).toBe(direct.stderr);
  });

  it('a usage error: the CLI error line alone, exit 2', () => {
    const r = run('pnpm', ['--silent', '-C', 'apps/cli', 'start', 'train', '--epochs', '0']);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(USAGE_LINE);
    expect(r.status).toBe(2);
  });
});

// `pnpm --filter cli start` is a recursive run: pnpm 12.21 echoes the script, and on failure adds its own
// lines after the CLI's and exits 1 whatever the CLI's code was, even with --silent or --reporter=silent
// (the README says so). This pins that behaviour: when pnpm changes it, update the README's "Exit codes".
describe('pnpm --filter cli start <command> (what pnpm adds)', () => {
  it('on success: the CLI output, plus only the echo of the script on stderr', () => {
    const direct = run(process.execPath, [CLI, 'info']);
    const r = run('pnpm', ['--filter', 'cli', 'start', 'info']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe(direct.stdout);
    expect(r.stderr).toBe(`$ node ./scripts/start.mjs info\n${direct.stderr}`);
  });

  it('on failure: exit 1, and pnpm prints its own error after the CLI line', () => {
    const r = run('pnpm', ['--silent', '--filter', 'cli', 'start', 'train', '--epochs', '0']);
    expect(r.stdout).toBe('');
    expect(r.stderr.startsWith(USAGE_LINE)).toBe(true);
    expect(r.stderr.slice(USAGE_LINE.length)).toMatch(/ERR_PNPM_RECURSIVE_RUN_FIRST_FAIL/);
    expect(r.status).toBe(1);
  });
});

describe('relative paths', () => {
  it('mean the folder the command was typed in (INIT_CWD), not apps/cli', () => {
    const here = mkdtempSync(join(tmpdir(), 'mnist-kit-start-'));
    try {
      writeFileSync(join(here, 'note.png'), 'hello, not an image');
      const r = spawnSync(
        'pnpm',
        ['--silent', '-C', join(root, 'apps/cli'), 'start', 'predict', '--model', 'm', 'note.png'],
        {
          cwd: here,
          env,
          encoding: 'utf8',
        },
      );
      // Found (so read from `here`), then refused as what it is.
      expect(r.stderr).toMatch(/^error: .*not a PNG or JPEG/);
      expect(r.status).toBe(1);
    } finally {
      rmSync(here, { recursive: true, force: true });
    }
  });
});
