import * as fsp from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { expectSameModel } from '../../test/helpers';
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
  expectSameModel(loaded, original);
  loaded.dispose();
}

type Small = ReturnType<typeof small>;

describe('saveMlpToDir failures', () => {
  // Each case: a first model is saved into root/<dir>, then `breakSave` makes saving the second one fail.
  it.each([
    {
      title: 'a save failing while writing leaves the existing model untouched',
      dir: 'write',
      seeds: [1, 2],
      hidden: 7,
      breakSave: async (_b: Small) => {
        vi.mocked(fsp.writeFile).mockImplementationOnce(async () => {
          throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
        });
      },
      error: { name: 'ModelError', code: 'IO_FAILED', message: expect.stringMatching(/no space left/) },
    },
    {
      title: 'a save failing between the two renames restores the previous weights.bin',
      dir: 'rename',
      seeds: [3, 4],
      hidden: 7,
      breakSave: async (_b: Small) => {
        const actual = await vi.importActual<typeof import('node:fs/promises')>('node:fs/promises');
        vi.mocked(fsp.rename)
          .mockImplementationOnce(actual.rename)
          .mockImplementationOnce(async () => {
            throw new Error('EIO: i/o error');
          });
      },
      error: { code: 'IO_FAILED', message: /i\/o error/ },
    },
    {
      title: 'a disposed model fails before touching the directory',
      dir: 'disposed',
      seeds: [5, 6],
      hidden: 5,
      breakSave: async (b: Small) => b.dispose(),
      error: { code: 'DISPOSED' },
    },
  ])('$title', async ({ dir: name, seeds: [first, second], hidden, breakSave, error }) => {
    const dir = join(root, name);
    const a = small(first!);
    await saveMlpToDir(a, dir);
    const b = small(second!, hidden);
    await breakSave(b);
    await expect(saveMlpToDir(b, dir)).rejects.toMatchObject(error);
    await expectModelIntact(dir, a);
    a.dispose();
    b.dispose();
  });
});
