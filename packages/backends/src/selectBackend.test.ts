import * as tf from '@tensorflow/tfjs-core';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { BackendError } from './BackendError';
import { selectBackend } from './selectBackend';
import type { BackendAttempt, BackendCandidate } from './types';

/** Imports a module whose name TypeScript and Vite must not resolve ahead of time. */
const importByName = (name: string) => import(/* @vite-ignore */ name);

const notInstalled: BackendCandidate = {
  name: 'tensorflow-gpu',
  backend: 'tensorflow',
  packageName: '@mnist-kit/no-such-backend-gpu',
  load: () => importByName('@mnist-kit/no-such-backend-gpu'),
};
/** Installed, but its native part is missing: a module-not-found error about another module. */
const brokenInstall: BackendCandidate = {
  name: 'tensorflow',
  backend: 'tensorflow',
  packageName: '@tensorflow/tfjs-node',
  load: async () => {
    throw Object.assign(
      new Error(
        "Cannot find module '/app/node_modules/@tensorflow/tfjs-node/lib/napi-v8/tfjs_binding.node'\nRequire stack:\n- /app/x.js",
      ),
      { code: 'MODULE_NOT_FOUND' },
    );
  },
};
const throwsOnLoad: BackendCandidate = {
  name: 'wasm',
  backend: 'wasm',
  load: async () => {
    throw new Error('WebAssembly is not supported here\n    at somewhere (x.js:1:1)');
  },
};
/** A candidate whose `load` registers a tfjs backend (once) whose factory fails with `factory`. */
const brokenBackend = (name: string, backend: string, factory: () => never | Promise<never>): BackendCandidate => ({
  name,
  backend,
  load: async () => {
    if (tf.findBackendFactory(backend) == null) tf.registerBackend(backend, factory);
  },
});
const failsToInitialise = brokenBackend('webgl', 'test-broken-sync', () => {
  throw new Error('no WebGL context');
});
const failsToInitialiseAsync = brokenBackend('webgpu', 'test-broken-async', () =>
  Promise.reject(new Error('no adapter')),
);
const registersNothing: BackendCandidate = { name: 'ghost', backend: 'test-ghost', load: async () => ({}) };
const cpu: BackendCandidate = {
  name: 'cpu',
  backend: 'cpu',
  packageName: '@tensorflow/tfjs-backend-cpu',
  load: () => import('@tensorflow/tfjs-backend-cpu'),
  describe: () => 'plain JavaScript',
};

beforeAll(() => {
  // tfjs logs a warning for every backend that fails to initialise; keep the output quiet.
  vi.spyOn(console, 'warn').mockImplementation(() => {});
});
afterEach(async () => {
  if (tf.findBackendFactory('cpu') != null) await tf.setBackend('cpu');
});
afterAll(() => {
  for (const name of ['test-broken-sync', 'test-broken-async']) {
    if (tf.findBackendFactory(name) != null) tf.removeBackend(name);
  }
  vi.restoreAllMocks();
});

describe('selectBackend', () => {
  it('an optional package whose install failed (empty folder) counts as not installed', async () => {
    const err = Object.assign(
      new Error(
        "Cannot find package '/app/node_modules/@tensorflow/tfjs-node/index.js' imported from /app/dist/cli.js",
      ),
      { code: 'ERR_MODULE_NOT_FOUND' },
    );
    const selection = await selectBackend({
      candidates: [
        {
          name: 'tensorflow',
          backend: 'tensorflow',
          packageName: '@tensorflow/tfjs-node',
          load: () => Promise.reject(err),
        },
        { name: 'cpu', backend: 'cpu', load: () => import('@tensorflow/tfjs-backend-cpu') },
      ],
    });
    expect(selection.attempts[0]).toEqual({ name: 'tensorflow', ok: false, reason: 'not installed' });
  });

  it('auto: falls back through failing candidates to cpu and says why each failed', async () => {
    const seen: BackendAttempt[] = [];
    const selection = await selectBackend({
      candidates: [notInstalled, brokenInstall, throwsOnLoad, failsToInitialise, failsToInitialiseAsync, cpu],
      onAttempt: (attempt) => seen.push(attempt),
    });
    const expectedAttempts = [
      { name: 'tensorflow-gpu', ok: false, reason: 'not installed' },
      {
        name: 'tensorflow',
        ok: false,
        reason:
          "failed to load: Cannot find module '/app/node_modules/@tensorflow/tfjs-node/lib/napi-v8/tfjs_binding.node'",
      },
      { name: 'wasm', ok: false, reason: 'failed to load: WebAssembly is not supported here' },
      { name: 'webgl', ok: false, reason: 'failed to initialise' },
      { name: 'webgpu', ok: false, reason: 'failed to initialise' },
      { name: 'cpu', ok: true },
    ];
    expect(selection).toEqual({
      release: expect.any(Function),
      name: 'cpu',
      backend: 'cpu',
      description: 'plain JavaScript',
      attempts: expectedAttempts,
      fellBack: true,
      message:
        'backend: cpu (tensorflow-gpu: not installed; ' +
        `tensorflow: ${expectedAttempts[1]!.reason}; wasm: failed to load: WebAssembly is not supported here; ` +
        'webgl: failed to initialise; webgpu: failed to initialise)',
    });
    expect(seen).toEqual(expectedAttempts);
    expect(tf.getBackend()).toBe('cpu');
    expect(tf.tidy(() => tf.add(tf.scalar(1), tf.scalar(2)).dataSync()[0])).toBe(3);
  });

  it('auto: stops at the first candidate that works and does not load the rest', async () => {
    const later = vi.fn(async () => {});
    const selection = await selectBackend({
      preference: 'auto',
      candidates: [
        { ...cpu, describe: undefined },
        { name: 'later', backend: 'later', load: later },
      ],
    });
    expect(selection).toEqual({
      release: expect.any(Function),
      name: 'cpu',
      backend: 'cpu',
      attempts: [{ name: 'cpu', ok: true }],
      fellBack: false,
      message: 'backend: cpu',
    });
    expect(later).not.toHaveBeenCalled();
  });

  it('auto: picks the real wasm backend (a dev dependency) ahead of cpu', async () => {
    const selection = await selectBackend({
      candidates: [
        {
          name: 'wasm',
          backend: 'wasm',
          packageName: '@tensorflow/tfjs-backend-wasm',
          load: () => import('@tensorflow/tfjs-backend-wasm'),
        },
        cpu,
      ],
    });
    expect(selection.message).toBe('backend: wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(tf.tidy(() => tf.mul(tf.scalar(6), tf.scalar(7)).dataSync()[0])).toBe(42);
  });

  it('counts a module-not-found error as "not installed" when no packageName is given', async () => {
    const selection = await selectBackend({
      candidates: [{ name: 'x', backend: 'x', load: () => importByName('./no-such-file.js') }, cpu],
    });
    expect(selection.attempts[0]).toEqual({ name: 'x', ok: false, reason: 'not installed' });
  });

  it('reports a package that loads but registers no backend', async () => {
    const selection = await selectBackend({ candidates: [registersNothing, cpu] });
    expect(selection.attempts[0]).toEqual({
      name: 'ghost',
      ok: false,
      reason: "failed to load: no tfjs backend 'test-ghost' was registered",
    });
  });

  it('named: selects only that candidate', async () => {
    const other = vi.fn(async () => {});
    const selection = await selectBackend({
      preference: 'cpu',
      candidates: [{ name: 'wasm', backend: 'wasm', load: other }, cpu],
    });
    expect(selection.name).toBe('cpu');
    expect(selection.fellBack).toBe(false);
    expect(selection.attempts).toEqual([{ name: 'cpu', ok: true }]);
    expect(other).not.toHaveBeenCalled();
  });

  it.each([
    ['tensorflow-gpu', notInstalled, "backend 'tensorflow-gpu' unavailable: not installed"],
    ['wasm', throwsOnLoad, "backend 'wasm' unavailable: failed to load: WebAssembly is not supported here"],
    ['webgl', failsToInitialise, "backend 'webgl' unavailable: failed to initialise"],
    ['webgpu', failsToInitialiseAsync, "backend 'webgpu' unavailable: failed to initialise"],
  ])('named: throws BACKEND_UNAVAILABLE when %s fails, keeping the previous backend', async (_, candidate, message) => {
    await tf.setBackend('cpu');
    const error = await selectBackend({ preference: candidate.name, candidates: [candidate, cpu] }).catch((e) => e);
    expect(error).toBeInstanceOf(BackendError);
    expect(error).toMatchObject({ name: 'BackendError', code: 'BACKEND_UNAVAILABLE', message });
    expect(error.attempts).toHaveLength(1);
    expect(error.message).not.toContain('\n');
    expect(tf.getBackend()).toBe('cpu');
  });

  it('auto: throws BACKEND_UNAVAILABLE listing every failure when nothing works', async () => {
    const error = await selectBackend({ candidates: [notInstalled, failsToInitialise] }).catch((e) => e);
    expect(error).toBeInstanceOf(BackendError);
    expect(error.code).toBe('BACKEND_UNAVAILABLE');
    expect(error.message).toBe('no backend available (tensorflow-gpu: not installed; webgl: failed to initialise)');
    expect(tf.getBackend()).toBe('cpu');
    await expect(selectBackend({ candidates: [] })).rejects.toMatchObject({ code: 'BACKEND_UNAVAILABLE' });
  });

  it('throws UNKNOWN_BACKEND listing the valid names', async () => {
    const error = await selectBackend({ preference: 'cuda', candidates: [notInstalled, cpu] }).catch((e) => e);
    expect(error).toBeInstanceOf(BackendError);
    expect(error.code).toBe('UNKNOWN_BACKEND');
    expect(error.message).toBe("unknown backend 'cuda' (valid: auto, tensorflow-gpu, cpu)");
  });

  it('ignores a describe that fails', async () => {
    const selection = await selectBackend({
      candidates: [
        {
          ...cpu,
          describe: () => {
            throw new Error('no info');
          },
        },
      ],
    });
    expect(selection.description).toBeUndefined();
    expect(selection.message).toBe('backend: cpu');
  });

  it('auto passes over a candidate whose autoSkip gives a reason; naming it selects it anyway', async () => {
    const slowGpu: BackendCandidate = {
      ...cpu,
      describe: undefined,
      name: 'webgpu',
      autoSkip: () => 'software adapter (google swiftshader), slower than wasm',
      inspect: () => ({ kind: 'gpu', vendor: 'google', architecture: 'swiftshader', software: true }),
    };
    const auto = await selectBackend({ candidates: [slowGpu, { ...cpu, name: 'wasm' }] });
    expect(auto.name).toBe('wasm');
    expect(auto.attempts[0]).toEqual({
      name: 'webgpu',
      ok: false,
      reason: 'skipped: software adapter (google swiftshader), slower than wasm',
    });
    const named = await selectBackend({ preference: 'webgpu', candidates: [slowGpu] });
    expect(named.device).toEqual({ kind: 'gpu', vendor: 'google', architecture: 'swiftshader', software: true });
    expect(named.description).toBe('GPU: google swiftshader (software)');
  });

  it('release frees the backend once, through the candidate', async () => {
    let released = 0;
    const selection = await selectBackend({ candidates: [{ ...cpu, release: () => void released++ }] });
    await selection.release();
    await selection.release();
    expect(released).toBe(1);
  });

  it('a candidate of several packages is "not installed" when any of them is missing', async () => {
    const missing = Object.assign(new Error("Cannot find package 'webgpu' imported from /app/x.js"), {
      code: 'ERR_MODULE_NOT_FOUND',
    });
    const selection = await selectBackend({
      candidates: [
        {
          name: 'webgpu',
          backend: 'webgpu',
          packageName: ['webgpu', '@tensorflow/tfjs-backend-webgpu'],
          load: () => Promise.reject(missing),
        },
        cpu,
      ],
    });
    expect(selection.attempts[0]).toEqual({ name: 'webgpu', ok: false, reason: 'not installed' });
  });
});
