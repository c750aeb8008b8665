import { readdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { looksLikeData } from '../internal/sniff';
import type { DatasetFileSpec } from '../registry';
import { HOST_TAG, PARKED_SUFFIX, PartialFile, partialFileName } from './PartialFile';

/** Leftovers that cannot be shown to belong to a dead process of this machine are deleted once untouched this long: 24 h. */
export const FOREIGN_LEFTOVER_MAX_AGE_MS = 24 * 60 * 60 * 1000;

/**
 * Claims what earlier downloads of `file` left in `dir`: a partial file parked by an aborted download
 * (`<name>.partial`) and the working files of processes of this machine that are gone (killed, crashed).
 * Each is first renamed to a fresh working file of this download, so that concurrent downloads never
 * claim the same one; the longest usable one is kept and the others deleted. Usable means: the spec
 * has a size and a checksum (so the resumed whole can be verified), and the bytes are non-empty,
 * shorter than the file and start like gzip or IDX data. Working files of live processes are left
 * alone; those of other machines (and old temp files) are deleted once untouched for
 * {@link FOREIGN_LEFTOVER_MAX_AGE_MS}. Never throws.
 *
 * @returns the claimed bytes, with {@link PartialFile.origin} `'leftover'`, or `undefined`.
 */
export async function claimLeftoverPartial(dir: string, file: DatasetFileSpec): Promise<PartialFile | undefined> {
  const claimable = await scanLeftovers(dir, file);
  let best: PartialFile | undefined;
  for (const entry of claimable) {
    const claimed = join(dir, partialFileName(file.name));
    try {
      await rename(join(dir, entry), claimed);
    } catch {
      continue; // another download claimed it first
    }
    const bytes = await readFile(claimed).then(
      (b) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength),
      () => undefined,
    );
    if (bytes !== undefined && isResumable(bytes, file) && (best === undefined || bytes.length > best.length)) {
      await best?.discard();
      best = PartialFile.adopt(claimed, bytes);
    } else {
      await unlink(claimed).catch(() => {});
    }
  }
  return best;
}

/**
 * Deletes what earlier downloads of `file` left in `dir` and nobody will resume once the file is
 * cached: the parked partial file, working files of dead processes of this machine, and stale ones of
 * other machines. Never throws.
 */
export async function removeLeftovers(dir: string, file: DatasetFileSpec): Promise<void> {
  for (const entry of await scanLeftovers(dir, file)) await unlink(join(dir, entry)).catch(() => {});
}

/** `true` when `file`'s spec has what a resumed file is verified against: a size and a checksum. */
export function canVerifyResumed(file: DatasetFileSpec): boolean {
  return file.size !== undefined && (file.sha256 !== undefined || file.md5 !== undefined);
}

/** The names of the claimable leftovers of `file` in `dir`; deletes the stale foreign ones on the way. */
async function scanLeftovers(dir: string, file: DatasetFileSpec): Promise<string[]> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch {
    return [];
  }
  const prefix = `${file.name}.`;
  const claimable: string[] = [];
  for (const entry of entries) {
    if (!entry.startsWith(prefix)) continue;
    const kind = leftoverKind(entry.slice(prefix.length));
    if (kind === 'claimable') claimable.push(entry);
    else if (kind === 'foreign') await unlinkIfStale(join(dir, entry));
  }
  return claimable;
}

/** What a name `<file.name>.<rest>` in the cache folder is, from `rest`. */
function leftoverKind(rest: string): 'claimable' | 'live' | 'foreign' | undefined {
  if (rest === PARKED_SUFFIX.slice(1)) return 'claimable';
  const working = /^([A-Za-z0-9-]+)\.(\d+)\.[0-9a-f]{12}\.part$/.exec(rest);
  if (working !== null) {
    if (working[1] !== HOST_TAG) return 'foreign';
    return isProcessAlive(Number(working[2])) ? 'live' : 'claimable';
  }
  // Temp files of earlier versions (`<name>.<pid>.<hex>.tmp`), written whole and never resumable.
  if (/^\d+\.[0-9a-f]{12}\.tmp$/.test(rest)) return 'foreign';
  return undefined;
}

function isResumable(bytes: Uint8Array, file: DatasetFileSpec): boolean {
  return canVerifyResumed(file) && bytes.length > 0 && bytes.length < file.size! && looksLikeData(bytes);
}

/** `true` when a process with this id runs on this machine (or may: it belongs to another user). */
function isProcessAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function unlinkIfStale(path: string): Promise<void> {
  try {
    const { mtimeMs } = await stat(path);
    if (Date.now() - mtimeMs > FOREIGN_LEFTOVER_MAX_AGE_MS) await unlink(path);
  } catch {
    // gone already, or not ours to delete
  }
}
