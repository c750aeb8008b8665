import { randomBytes } from 'node:crypto';
import { type FileHandle, mkdir, open, rename, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { DatasetError } from '../DatasetError';
import { concatChunks } from '../internal/concatChunks';

/** Suffix of a partial download left by an aborted download for a later one to resume: `<name>.partial`. */
export const PARKED_SUFFIX = '.partial';

/** {@link PartialFile.origin} of bytes that a previous download left behind (origin unknown, unverified). */
export const LEFTOVER = 'leftover';

/** This machine in working-file names: the host name reduced to letters, digits and `-`. */
export const HOST_TAG =
  hostname()
    .replace(/[^A-Za-z0-9-]/g, '-')
    .slice(0, 40) || 'host';

/** The name of a fresh working file of `fileName`: `<fileName>.<host>.<pid>.<random>.part`. */
export function partialFileName(fileName: string, pid: number = process.pid, host: string = HOST_TAG): string {
  return `${fileName}.${host}.${pid}.${randomBytes(6).toString('hex')}.part`;
}

/**
 * The bytes of one file received so far, held in memory and written through to a working file in the
 * cache folder (never at the final path), so that a cut-off transfer can resume where it stopped: on the
 * next try with an HTTP `Range` request, or after the process died or was aborted, by a later download
 * that claims the file. Whole-file verification stays with the caller; {@link commit} only renames.
 */
export class PartialFile {
  /** Where the bytes came from: a mirror's base URL, {@link LEFTOVER}, or `undefined` while empty. */
  origin: string | undefined;
  /** `If-Range` validator (a strong ETag or `Last-Modified`) of the response the bytes came from, when it sent one. */
  validator: string | undefined;
  /** Total size announced by that response, when it announced one. */
  total: number | undefined;
  private chunks: Uint8Array[];
  private held: number;
  private handle: FileHandle | undefined;
  private exists: boolean;
  private leftover: boolean;

  private constructor(
    /** The working file. */
    readonly path: string,
    initial: Uint8Array | undefined,
  ) {
    this.chunks = initial === undefined || initial.length === 0 ? [] : [initial];
    this.held = initial?.length ?? 0;
    this.exists = initial !== undefined;
    this.origin = this.held > 0 ? LEFTOVER : undefined;
    this.leftover = this.held > 0;
  }

  /** An empty partial file of `fileName` in `dir`; nothing is written until the first {@link append}. */
  static create(dir: string, fileName: string): PartialFile {
    return new PartialFile(join(dir, partialFileName(fileName)), undefined);
  }

  /** Takes over a working file already on disk (claimed from a previous download) holding `bytes`. */
  static adopt(path: string, bytes: Uint8Array): PartialFile {
    return new PartialFile(path, bytes);
  }

  /** Bytes held. */
  get length(): number {
    return this.held;
  }

  /** `true` while the bytes held start with bytes an earlier download left (see {@link adopt}). */
  get includesLeftover(): boolean {
    return this.leftover;
  }

  /** The bytes held, as one array. */
  bytes(): Uint8Array {
    if (this.chunks.length > 1) this.chunks = [concatChunks(this.chunks, this.held)];
    return this.chunks[0] ?? new Uint8Array(0);
  }

  /** Appends `chunk` (received from `origin`) in memory and on disk. Throws `DOWNLOAD_FAILED` when the disk write fails. */
  async append(chunk: Uint8Array, origin: string): Promise<void> {
    const handle = await this.open();
    try {
      await handle.write(chunk, 0, chunk.length, this.held);
    } catch (cause) {
      throw this.writeError(cause);
    }
    this.chunks.push(chunk);
    this.held += chunk.length;
    this.origin = origin;
  }

  /** Drops every byte held (the working file stays, empty). */
  async reset(): Promise<void> {
    this.chunks = [];
    this.held = 0;
    this.leftover = false;
    this.origin = undefined;
    this.validator = undefined;
    this.total = undefined;
    if (this.handle !== undefined) {
      try {
        await this.handle.truncate(0);
      } catch (cause) {
        throw this.writeError(cause);
      }
    }
  }

  /** Closes the working file and renames it to `path` (atomic). The caller has verified the bytes. */
  async commit(path: string): Promise<void> {
    await this.open();
    await this.close();
    try {
      await rename(this.path, path);
    } catch (cause) {
      await this.discard();
      throw cause;
    }
    this.exists = false;
  }

  /** Leaves the bytes at `path` for a later download to resume (or deletes them when there are none). */
  async park(path: string): Promise<void> {
    if (this.held === 0) return this.discard();
    await this.close();
    await rename(this.path, path).catch(() => this.discard());
    this.exists = false;
  }

  /** Closes and deletes the working file. Never throws. */
  async discard(): Promise<void> {
    await this.close().catch(() => {});
    if (this.exists) await unlink(this.path).catch(() => {});
    this.exists = false;
  }

  private async open(): Promise<FileHandle> {
    if (this.handle !== undefined) return this.handle;
    try {
      if (!this.exists) await mkdir(dirname(this.path), { recursive: true });
      this.handle = await open(this.path, this.exists ? 'r+' : 'wx');
    } catch (cause) {
      throw this.writeError(cause);
    }
    this.exists = true;
    return this.handle;
  }

  private async close(): Promise<void> {
    const handle = this.handle;
    this.handle = undefined;
    await handle?.close();
  }

  private writeError(cause: unknown): DatasetError {
    return new DatasetError('DOWNLOAD_FAILED', `Could not write ${this.path}: ${(cause as Error).message}`, {
      cause,
      file: this.path,
    });
  }
}
