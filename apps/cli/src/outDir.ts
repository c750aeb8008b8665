import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { CliError } from './CliError.js';

/** The default `--out`: `runs/<timestamp>` under the current directory. */
export function defaultOutDir(now = new Date()): string {
  const stamp = now.toISOString().replace(/[:.]/g, '-').replace('T', '_').slice(0, 19);
  return join('runs', stamp);
}

/** Writes a file atomically: a temp file beside it, then `rename`. A crash never leaves half a file. */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
  try {
    await writeFile(tmp, data);
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}

/**
 * A staging folder inside `outDir` for files written by a run. Only `commit()` moves them into
 * `outDir`, so a run that fails before the end never replaces a previous good model.
 */
export async function createStaging(outDir: string) {
  try {
    await mkdir(outDir, { recursive: true });
  } catch (error) {
    throw new CliError('OUT_DIR', `cannot create output folder ${outDir}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const dir = await mkdtemp(join(outDir, '.staging-'));
  return {
    dir,
    /** Moves every named file from staging into `outDir` (each move is atomic), then removes staging. */
    async commit(files: string[]) {
      for (const file of files) await rename(join(dir, file), join(outDir, file));
      await rm(dir, { recursive: true, force: true });
    },
    async discard() {
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Reads and parses a JSON file, turning "missing" and "not JSON" into one clear CLI error. */
export async function readJsonFile(path: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError('FILE', `${what} not found: ${path}${code === 'ENOENT' ? '' : ` (${code})`}`, { cause: error });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliError('FILE', `${what} is not valid JSON: ${path}`, { cause: error });
  }
}
