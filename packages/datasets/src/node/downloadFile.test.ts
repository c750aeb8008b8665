import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DatasetError } from '../DatasetError';
import { bundleForNode } from '../test-utils/bundleForNode';
import { makeTestDataset, type TestDataset } from '../test-utils/idx';
import { startServer, type TestServer } from '../test-utils/server';
import { listFiles, tempDir } from '../test-utils/tempDir';
import { downloadFile } from './downloadFile';

const run = promisify(execFile);
let server: TestServer;
let tmp: { dir: string; cleanup: () => Promise<void> };
let data: TestDataset;

beforeEach(async () => {
  server = await startServer();
  tmp = await tempDir();
  data = makeTestDataset();
});

afterEach(async () => {
  await server.close();
  await tmp.cleanup();
});

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
