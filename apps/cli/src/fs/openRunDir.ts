import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, readlink, rename, rm, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { CliError } from '../CliError.js';
import { acquireLock } from './acquireLock.js';
import { writeFileAtomic } from './writeFileAtomic.js';

/** The files of a finished run, replaced together. */
export const RESULT_FILES = ['model.json', 'weights.bin', 'metrics.json', 'history.csv', 'report.html'] as const;
/** The checkpoint's manifest; it names its data file (`checkpoint-<id>.bin`). */
export const CHECKPOINT_JSON = 'checkpoint.json';

/** mnist-kit's own folder inside a run folder: the lock, result sets, staging. */
const INTERNAL = '.mnist-kit';
/** The symlink (inside INTERNAL) naming the current result set. */
const CURRENT = 'results';

/**
 * A run folder (`train --out`), held by this process. Two units in it change only atomically, whatever
 * kills the process when:
 *
 * - **the results** (`model.json`, `weights.bin`, `metrics.json`, `history.csv`, `report.html`): each set is
 *   written into its own folder `.mnist-kit/results-<id>/`; the top-level names are fixed symlinks through
 *   `.mnist-kit/results`, itself a symlink switched to the new set by one `rename` — so the folder always
 *   shows the previous complete set or the new one, never a mix. Only a run that finished commits one.
 * - **the checkpoint**: `checkpoint-<id>.bin` is written first, then `checkpoint.json` (naming it) replaces
 *   the old one by `rename`: a killed run resumes from its last completed epoch.
 *
 * Where symlinks cannot be made (Windows without the privilege), results are moved in file by file, each
 * atomically. Leftovers of killed runs (result sets, data files, temp files) are removed when the folder is
 * opened again.
 */
export interface RunDir {
  readonly dir: string;
  /** A new empty folder to write a result set into; `commitResults` makes it current. */
  newResultSet(): Promise<string>;
  /** Makes `folder` (from `newResultSet`) the current results in one atomic step, and drops the previous set. */
  commitResults(folder: string): Promise<void>;
  /** Writes the checkpoint atomically: its data, then `checkpoint.json` naming the data file. */
  writeCheckpoint(manifest: (dataFile: string) => unknown, data: Uint8Array): Promise<void>;
  /** Removes what this process left uncommitted and releases the lock. Safe to call twice. */
  close(): Promise<void>;
}

const newId = () => `${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
export const CHECKPOINT_DATA_FILE = /^checkpoint-[0-9a-z]+-[0-9a-f]{8}\.bin$/;
/** The data file of checkpoints written by mnist-kit before 0.1 (read, never written). */
export const LEGACY_CHECKPOINT_BIN = 'checkpoint.bin';

/** Whether this platform lets us make symlinks here (tried once per folder). */
async function canSymlink(internal: string): Promise<boolean> {
  const probe = join(internal, `.symlink-probe-${newId()}`);
  try {
    await symlink('.', probe);
    return true;
  } catch {
    return false;
  } finally {
    await rm(probe, { force: true }).catch(() => {});
  }
}

/**
 * Opens (creating) the run folder `dir` for writing: takes its lock — refusing a folder another live run
 * holds, and failing now, before any training, if it cannot be written — and removes leftovers.
 */
export async function openRunDir(dir: string): Promise<RunDir> {
  const internal = join(dir, INTERNAL);
  try {
    await mkdir(internal, { recursive: true });
  } catch (error) {
    throw new CliError('OUT_DIR', `cannot write the output folder ${dir}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const release = await acquireLock(join(internal, 'lock'), `the output folder ${dir}`);
  const symlinks = await canSymlink(internal);
  const ours = new Set<string>();

  async function currentSet(): Promise<string | undefined> {
    return readlink(join(internal, CURRENT)).catch(() => undefined);
  }

  async function currentDataFile(): Promise<string | undefined> {
    try {
      const json = JSON.parse(await readFile(join(dir, CHECKPOINT_JSON), 'utf8')) as { data?: unknown };
      return typeof json.data === 'string' && CHECKPOINT_DATA_FILE.test(json.data) ? json.data : undefined;
    } catch {
      return undefined;
    }
  }

  // Leftovers of runs that were killed: result sets that never became current, checkpoint data that
  // no checkpoint.json names, temp files, and the staging folders of older versions.
  const keepSet = await currentSet();
  for (const name of await readdir(internal)) {
    if (name === 'lock' || name === CURRENT || name === keepSet) continue;
    await rm(join(internal, name), { recursive: true, force: true });
  }
  const keepData = await currentDataFile();
  for (const name of await readdir(dir)) {
    const stale =
      (CHECKPOINT_DATA_FILE.test(name) && name !== keepData) ||
      name.startsWith('.staging-') ||
      /^\..+\.tmp$/.test(name);
    if (stale) await rm(join(dir, name), { recursive: true, force: true });
  }

  let closed = false;
  return {
    dir,
    async newResultSet() {
      const folder = join(internal, `results-${newId()}`);
      await mkdir(folder);
      ours.add(folder);
      return folder;
    },
    async commitResults(folder) {
      const name = folder.slice(internal.length + 1);
      if (!symlinks) {
        for (const file of RESULT_FILES) await rename(join(folder, file), join(dir, file));
        await rm(folder, { recursive: true, force: true });
        ours.delete(folder);
        return;
      }
      const previous = await currentSet();
      const link = join(internal, `.switch-${newId()}`);
      await symlink(name, link);
      await rename(link, join(internal, CURRENT)); // the commit: one atomic rename
      ours.delete(folder);
      // The fixed top-level names, made once (a plain file from an older version is replaced atomically).
      for (const file of RESULT_FILES) {
        const path = join(dir, file);
        const target = join(INTERNAL, CURRENT, file);
        const isOurs = await readlink(path).then(
          (t) => t === target,
          () => false,
        );
        if (isOurs) continue;
        const tmp = join(dir, `.${file}.${newId()}.tmp`);
        await symlink(target, tmp);
        await rename(tmp, path);
      }
      if (previous !== undefined && previous !== name)
        await rm(join(internal, previous), { recursive: true, force: true });
    },
    async writeCheckpoint(manifest, data) {
      const previous = await currentDataFile();
      const dataFile = `checkpoint-${newId()}.bin`;
      await writeFileAtomic(join(dir, dataFile), data);
      await writeFileAtomic(join(dir, CHECKPOINT_JSON), `${JSON.stringify(manifest(dataFile), null, 2)}\n`);
      if (previous !== undefined && previous !== dataFile) await rm(join(dir, previous), { force: true });
      await rm(join(dir, LEGACY_CHECKPOINT_BIN), { force: true });
    },
    async close() {
      if (closed) return;
      closed = true;
      try {
        for (const folder of ours) await rm(folder, { recursive: true, force: true });
      } finally {
        await release();
      }
    },
  };
}
