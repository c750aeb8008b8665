import { execFile } from 'node:child_process';
import { readFile, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { DatasetError } from '../DatasetError';
import { bundleForNode } from '../test-utils/bundleForNode';
import { makeTestDataset, type TestDataset } from '../test-utils/idx';
import { corruptFrom, makeRealSizeDataset } from '../test-utils/realSizeDataset';
import { startServer, type TestServer } from '../test-utils/server';
import { type ServerFixture, serverPerTest } from '../test-utils/serverPerTest';
import { listFiles } from '../test-utils/tempDir';
import type { DownloadProgress } from '../types';
import { downloadFile } from './downloadFile';
import { PARKED_SUFFIX, partialFileName } from './PartialFile';

const run = promisify(execFile);
let server: TestServer;
let tmp: ServerFixture['tmp'];
let data: TestDataset;
serverPerTest((fixture) => ({ server, tmp, data } = fixture));

describe('downloadFile', () => {
  it('downloads into <dir>/<name>, accepts a mirror without a trailing slash, then serves from cache', async () => {
    server.routeAll('m1', data.files);
    const file = data.spec.files.trainImages;
    const dir = join(tmp.dir, 'nested', 'ds');
    const first = await downloadFile({ file, mirrors: [`${server.origin}/m1`], dir, retryDelayMs: 1 });
    expect(first).toMatchObject({ path: join(dir, file.name), source: 'download', mirror: server.mirror('m1') });
    expect(first.bytes).toEqual(data.gz.trainImages);
    const second = await downloadFile({ file, mirrors: [server.mirror('m1')], dir });
    expect(second).toMatchObject({ source: 'cache', mirror: undefined });
    expect(second.bytes).toEqual(data.gz.trainImages);
    expect(server.requests()).toBe(1);
  });

  it('reports a truncated body (connection closed mid-body) with its byte counts', async () => {
    const file = data.spec.files.trainImages;
    server.route(`/m1/${file.name}`, { kind: 'truncate', body: data.gz.trainImages });
    const error = (await downloadFile({ file, mirrors: [server.mirror('m1')], dir: tmp.dir, retries: 0 }).catch(
      (e: unknown) => e,
    )) as DatasetError;
    expect(error.code).toBe('DOWNLOAD_FAILED');
    expect(error.attempts[0]!.code).toBe('SIZE_MISMATCH');
    expect(error.attempts[0]!.reason).toMatch(
      new RegExp(`^truncated: connection lost after ${data.gz.trainImages.length >> 1} of ${file.size} bytes`),
    );
    expect(await listFiles(tmp.dir)).toEqual([]);
  });

  it('fails over on a wrong checksum, with the reason naming both hashes', async () => {
    const file = data.spec.files.testLabels;
    const wrong = makeTestDataset({ variant: 1 }).gz.testLabels;
    expect(wrong.length).toBe(file.size);
    server.route(`/m1/${file.name}`, { kind: 'serve', body: wrong });
    const error = (await downloadFile({ file, mirrors: [server.mirror('m1')], dir: tmp.dir }).catch(
      (e: unknown) => e,
    )) as DatasetError;
    expect(error.attempts[0]!.code).toBe('CHECKSUM_MISMATCH');
    expect(error.attempts[0]!.reason).toContain(`expected ${file.sha256}`);
    expect(await listFiles(tmp.dir)).toEqual([]);
  });

  it('reports a refused connection, and an empty mirror list', async () => {
    const closed = await startServer();
    const url = closed.mirror('x');
    await closed.close();
    const error = (await downloadFile({
      file: data.spec.files.testLabels,
      mirrors: [url],
      dir: tmp.dir,
      retries: 1,
      retryDelayMs: 1,
    }).catch((e: unknown) => e)) as DatasetError;
    expect(error.attempts[0]!.reason).toMatch(/network error: .*ECONNREFUSED/);
    const none = (await downloadFile({ file: data.spec.files.testLabels, mirrors: [], dir: tmp.dir }).catch(
      (e: unknown) => e,
    )) as DatasetError;
    expect(none).toBeInstanceOf(DatasetError);
    expect(none.message).toMatch(/no mirrors/);
  });

  it('two child processes downloading into one cache both succeed and leave a correct cache', async () => {
    const bundle = await bundleForNode(
      fileURLToPath(new URL('../test-utils/childLoad.ts', import.meta.url)),
      join(tmp.dir, 'bundle', 'childLoad.mjs'),
    );
    expect(bundle, 'esbuild (via tsup) should be available').toBeDefined();
    server.routeAll('m1', data.files);
    const cacheDir = join(tmp.dir, 'cache');
    const options = { name: 'mnist', spec: data.spec, mirrors: [server.mirror('m1')], cacheDir, retryDelayMs: 1 };
    const env = { ...process.env, MNIST_KIT_CHILD_OPTIONS: JSON.stringify(options) };
    const results = await Promise.all([
      run(process.execPath, [bundle!], { env }),
      run(process.execPath, [bundle!], { env }),
    ]);
    for (const { stdout } of results) expect(JSON.parse(stdout)).toEqual({ ok: true, train: 24, test: 12 });
    expect(await listFiles(join(cacheDir, 'mnist'))).toEqual(Object.keys(data.files).sort());
    for (const [name, bytes] of Object.entries(data.files)) {
      expect(new Uint8Array(await readFile(join(cacheDir, 'mnist', name)))).toEqual(bytes);
    }
  });
});

describe('downloadFile: resuming cut-off transfers (real-size files)', () => {
  const real = makeRealSizeDataset();
  const file = real.spec.files.trainImages;
  const body = real.bytes.trainImages;
  const path = (prefix: string) => `/${prefix}/${file.name}`;
  const FAST = { retries: 2, retryDelayMs: 1, timeoutMs: 10_000 } as const;
  /** Downloads `file` from mirror m1 into the temp folder, with fast retries; `options` add to or override that. */
  const fetchFile = (options: Partial<Parameters<typeof downloadFile>[0]> = {}) =>
    downloadFile({ file, mirrors: [server.mirror('m1')], dir: tmp.dir, ...FAST, ...options });
  const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a.buffer, a.byteOffset, a.length).equals(b);
  const cut = 4_000_000;

  it('a transfer cut off part-way resumes with Range: bytes=N- on the retry; the whole file is verified', async () => {
    server.route(path('m1'), { kind: 'cut', body, after: cut, times: 1 });
    const progress: DownloadProgress[] = [];
    const result = await fetchFile({
      onProgress: (p) => {
        progress.push(p);
        server.dropCutsWhenReceived(p);
      },
    });
    expect(result).toMatchObject({ path: join(tmp.dir, file.name), source: 'download', mirror: server.mirror('m1') });
    expect(same(result.bytes, body)).toBe(true);
    expect(same(new Uint8Array(await readFile(result.path)), body)).toBe(true);
    const [first, second, ...more] = server.log(path('m1'));
    expect(more).toEqual([]);
    expect(first).toMatchObject({ range: undefined, status: 200, bytesSent: cut });
    const resumedAt = Number(/^bytes=(\d+)-$/.exec(second!.range ?? '')?.[1]);
    expect(resumedAt).toBeGreaterThan(0);
    expect(resumedAt).toBe(cut);
    expect(second).toMatchObject({ status: 206, bytesSent: body.length - resumedAt });
    expect(second!.bytesSent).toBeLessThan(body.length);
    // One progress stream for the file, never going back to zero on the resumed try.
    const done = progress.map((p) => p.bytesDone);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(progress.at(-1)).toEqual({
      file: file.name,
      bytesDone: body.length,
      bytesTotal: body.length,
      mirror: server.mirror('m1'),
    });
    expect(await listFiles(tmp.dir)).toEqual([file.name]);
  });

  it('a server that ignores Range (answers 200) still gives a correct file', async () => {
    server.route(path('m1'), { kind: 'cut', body, after: cut, times: 1, ranges: false });
    const result = await fetchFile({
      onProgress: server.dropCutsWhenReceived,
    });
    expect(same(result.bytes, body)).toBe(true);
    const [, second] = server.log(path('m1'));
    expect(second).toMatchObject({ range: `bytes=${cut}-`, status: 200, bytesSent: body.length });
    expect(same(new Uint8Array(await readFile(result.path)), body)).toBe(true);
    expect(await listFiles(tmp.dir)).toEqual([file.name]);
  });

  it('a 206 whose Content-Range does not continue the bytes held is dropped; the whole file is fetched at once', async () => {
    server.route(path('m1'), { kind: 'cut', body, after: cut, times: 1 });
    // A broken proxy in front of the server: answers every Range request with the file's first bytes.
    const brokenProxy: typeof fetch = async (input, init) => {
      const range = (init?.headers as Record<string, string> | undefined)?.range;
      if (range === undefined) return fetch(input, init);
      return new Response(body.slice(0, 1000), {
        status: 206,
        headers: { 'content-range': `bytes 0-999/${body.length}`, 'content-length': '1000' },
      });
    };
    const result = await fetchFile({
      fetch: brokenProxy,
      onProgress: server.dropCutsWhenReceived,
    });
    expect(same(result.bytes, body)).toBe(true);
    expect(server.log(path('m1'))).toMatchObject([
      { range: undefined, bytesSent: cut },
      { range: undefined, status: 200, bytesSent: body.length },
    ]);
    expect(await listFiles(tmp.dir)).toEqual([file.name]);
  });

  it('a resumed file with wrong bytes fails verification, is discarded whole, and nothing is cached', async () => {
    server.route(path('m1'), { kind: 'cut', body, after: cut, times: 1, laterBody: corruptFrom(body, cut + 1000) });
    const error = (await fetchFile({
      onProgress: server.dropCutsWhenReceived,
    }).catch((e: unknown) => e)) as DatasetError;
    expect(error).toBeInstanceOf(DatasetError);
    expect(error.code).toBe('DOWNLOAD_FAILED');
    expect(error.attempts.map((a) => a.code)).toEqual(['CHECKSUM_MISMATCH']);
    expect(error.attempts[0]!.reason).toContain(`expected ${file.sha256}`);
    expect(error.attempts[0]!.reason).toContain(`resumed at byte ${cut}`);
    expect(server.log(path('m1')).map((r) => r.range)).toEqual([undefined, `bytes=${cut}-`]);
    expect(await listFiles(tmp.dir)).toEqual([]);
  });

  it('after a resumed file fails verification, the next mirror starts from zero', async () => {
    server.route(path('m1'), { kind: 'cut', body, after: cut, times: 1, laterBody: corruptFrom(body, cut + 1000) });
    server.route(path('m2'), { kind: 'serve', body });
    const result = await fetchFile({
      mirrors: [server.mirror('m1'), server.mirror('m2')],
      onProgress: server.dropCutsWhenReceived,
    });
    expect(result.mirror).toBe(server.mirror('m2'));
    expect(same(result.bytes, body)).toBe(true);
    expect(server.log(path('m2'))).toMatchObject([{ range: undefined, status: 200, bytesSent: body.length }]);
    expect(await listFiles(tmp.dir)).toEqual([file.name]);
  });

  it('resumes the partial file of a killed process of this machine', async () => {
    const deadPid = 2 ** 30; // above any pid_max: no such process
    await writeFile(join(tmp.dir, partialFileName(file.name, deadPid)), body.subarray(0, 3_000_000));
    server.route(path('m1'), { kind: 'serve', body });
    const result = await fetchFile();
    expect(same(result.bytes, body)).toBe(true);
    expect(server.log(path('m1'))).toMatchObject([
      { range: 'bytes=3000000-', status: 206, bytesSent: body.length - 3_000_000 },
    ]);
    expect(await listFiles(tmp.dir)).toEqual([file.name]);
  });

  it('a leftover partial file with wrong bytes is dropped and the file fetched from zero, same mirror', async () => {
    await writeFile(join(tmp.dir, file.name + PARKED_SUFFIX), corruptFrom(body.subarray(0, 3_000_000), 100));
    server.route(path('m1'), { kind: 'serve', body });
    server.route(path('m2'), { kind: 'serve', body });
    const result = await fetchFile({
      mirrors: [server.mirror('m1'), server.mirror('m2')],
      retries: 0,
    });
    expect(result.mirror).toBe(server.mirror('m1'));
    expect(same(result.bytes, body)).toBe(true);
    expect(server.log(path('m1')).map((r) => [r.range, r.status])).toEqual([
      ['bytes=3000000-', 206],
      [undefined, 200],
    ]);
    expect(server.requestsUnder('m2')).toBe(0);
    expect(await listFiles(tmp.dir)).toEqual([file.name]);
  });

  it("leaves a live download's working file alone; deletes other machines' leftovers once a day old", async () => {
    const live = partialFileName(file.name);
    const foreign = partialFileName(file.name, 123, 'other-host');
    const legacy = `${file.name}.123.0123456789ab.tmp`;
    const fresh = partialFileName(file.name, 456, 'other-host');
    for (const name of [live, foreign, legacy, fresh]) await writeFile(join(tmp.dir, name), body.subarray(0, 1000));
    const old = new Date(Date.now() - 2 * 24 * 60 * 60 * 1000);
    for (const name of [foreign, legacy]) await utimes(join(tmp.dir, name), old, old);
    server.route(path('m1'), { kind: 'serve', body });
    await fetchFile();
    expect(server.log(path('m1'))).toMatchObject([{ range: undefined }]);
    expect(await listFiles(tmp.dir)).toEqual([file.name, live, fresh].sort());
  });

  it('an aborted download leaves its bytes as <name>.partial, which the next download resumes', async () => {
    server.route(path('m1'), { kind: 'cut', body, after: 3_000_000 });
    const controller = new AbortController();
    const error = await fetchFile({
      signal: controller.signal,
      onProgress: (p) => {
        if (p.bytesDone === 3_000_000) controller.abort();
      },
    }).catch((e: unknown) => e);
    expect((error as DatasetError).code).toBe('ABORTED');
    expect(await listFiles(tmp.dir)).toEqual([file.name + PARKED_SUFFIX]);
    expect((await stat(join(tmp.dir, file.name + PARKED_SUFFIX))).size).toBe(3_000_000);

    server.route(path('m1'), { kind: 'serve', body });
    const result = await fetchFile();
    expect(same(result.bytes, body)).toBe(true);
    expect(server.log(path('m1')).at(-1)).toMatchObject({ range: 'bytes=3000000-', status: 206 });
    expect(await listFiles(tmp.dir)).toEqual([file.name]);
  });
});
