import * as fsp from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createMlp } from '../createMlp';
import { loadMlpFromDir } from './loadMlpFromDir';
import { saveMlpToDir } from './saveMlpToDir';

// Let tests make individual fs calls fail.
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  return { ...actual, writeFile: vi.fn(actual.writeFile), rename: vi.fn(actual.rename) };
});

let root: string;

beforeAll(async () => {
  await tf.setBackend('cpu');
  root = await fsp.mkdtemp(join(tmpdir(), 'mnist-kit-models-save-'));
});

afterAll(async () => {
  await fsp.rm(root, { recursive: true, force: true });
});

const small = (seed: number, hidden = 5) => createMlp({ inputSize: 6, hiddenSizes: [hidden], outputSize: 3, seed });

async function expectModelIntact(dir: string, original: ReturnType<typeof small>) {
  expect((await fsp.readdir(dir)).sort()).toEqual(['model.json', 'weights.bin']);
  const loaded = await loadMlpFromDir(dir);
  expect(loaded.config).toEqual(original.config);
  for (const name of Object.keys(original.params)) {
    expect(Array.from(loaded.params[name]!.dataSync())).toEqual(Array.from(original.params[name]!.dataSync()));
  }
  loaded.dispose();
}

describe('saveMlpToDir failures', () => {
  it('a save failing while writing leaves the existing model untouched', async () => {
    const dir = join(root, 'write');
    const a = small(1);
    await saveMlpToDir(a, dir);
    vi.mocked(fsp.writeFile).mockImplementationOnce(async () => {
      throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
    });
    const b = small(2, 7);
    await expect(saveMlpToDir(b, dir)).rejects.toMatchObject({
      name: 'ModelError',
      code: 'IO_FAILED',
      message: expect.stringMatching(/no space left/),
    });
    await expectModelIntact(dir, a);
    a.dispose();
    b.dispose();
  });

  it('a save failing between the two renames restores the previous weights.bin', async () => {
    const dir = join(root, 'rename');
    const a = small(3);
    await saveMlpToDir(a, dir);
    const actual = await vi.importActual<typeof import('node:fs/promises')>('node:fs/promises');
    vi.mocked(fsp.rename)
      .mockImplementationOnce(actual.rename)
      .mockImplementationOnce(async () => {
        throw new Error('EIO: i/o error');
      });
    const b = small(4, 7);
    await expect(saveMlpToDir(b, dir)).rejects.toMatchObject({ code: 'IO_FAILED', message: /i\/o error/ });
    await expectModelIntact(dir, a);
    a.dispose();
    b.dispose();
  });

  it('a disposed model fails before touching the directory', async () => {
    const dir = join(root, 'disposed');
    const a = small(5);
    await saveMlpToDir(a, dir);
    const b = small(6);
    b.dispose();
    await expect(saveMlpToDir(b, dir)).rejects.toMatchObject({ code: 'DISPOSED' });
    await expectModelIntact(dir, a);
    a.dispose();
  });
});
