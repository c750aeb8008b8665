import { open, readFile, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { CliError } from '../CliError.js';

/** What a lock file holds. */
interface LockInfo {
  pid: number;
  host: string;
  since: string;
}

/** Whether process `pid` on this machine is alive (EPERM: alive, another user's). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readLock(path: string): Promise<LockInfo | undefined> {
  try {
    const info = JSON.parse(await readFile(path, 'utf8')) as Partial<LockInfo>;
    return Number.isInteger(info.pid) && typeof info.host === 'string' ? (info as LockInfo) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Takes the lock file `path` for this process (created exclusively), so that two runs never write the
 * same folder. A lock whose process is gone (killed, crashed) is taken over; a live one is refused with
 * one line naming its PID. Returns the release function.
 */
export async function acquireLock(path: string, what: string): Promise<() => Promise<void>> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const file = await open(path, 'wx');
      const info: LockInfo = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
      await file.writeFile(JSON.stringify(info));
      await file.close();
      let released = false;
      return async () => {
        if (released) return;
        released = true;
        const current = await readLock(path);
        if (current?.pid === process.pid) await rm(path, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new CliError('OUT_DIR', `cannot write ${what}: ${(error as Error).message}`, { cause: error });
      }
    }
    const holder = await readLock(path);
    if (holder !== undefined && holder.host === hostname() && holder.pid !== process.pid && alive(holder.pid)) {
      throw new CliError(
        'OUT_DIR_LOCKED',
        `${what} is in use by another mnist-kit run (pid ${holder.pid}, since ${holder.since}); wait for it or choose another --out`,
      );
    }
    if (holder !== undefined && holder.host !== hostname()) {
      throw new CliError(
        'OUT_DIR_LOCKED',
        `${what} is locked by pid ${holder.pid} on ${holder.host}; if that run is gone, delete ${path}`,
      );
    }
    // A stale lock (its process is gone, or the file is unreadable): take it over, unless it changed meanwhile.
    const again = await readLock(path);
    if (again?.pid === holder?.pid) await rm(path, { force: true });
  }
  throw new CliError('OUT_DIR_LOCKED', `${what}: could not take its lock ${path}`);
}
