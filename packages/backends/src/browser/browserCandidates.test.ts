import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// The wasm backend's module and tfjs' setBackend, replaced so `load` can be checked without a backend.
const wasm = vi.hoisted(() => ({ setWasmPaths: vi.fn(), setThreadsCount: vi.fn(), getThreadsCount: vi.fn() }));
const setBackend = vi.hoisted(() =>
  vi.fn(async (_name: string) => {
    coresDuringInit.push(globalThis.navigator.hardwareConcurrency);
    return true;
  }),
);
const coresDuringInit = vi.hoisted((): number[] => []);
vi.mock('@tensorflow/tfjs-backend-wasm', () => wasm);
vi.mock('@tensorflow/tfjs-core', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@tensorflow/tfjs-core')>()),
  setBackend,
}));

describe('wasmThreadCount', () => {
  it('uses every logical core when the page is cross-origin isolated, else 1', async () => {
    const { wasmThreadCount } = await import('./browserCandidates');
    expect(wasmThreadCount({ crossOriginIsolated: true, hardwareConcurrency: 2 })).toBe(2);
    expect(wasmThreadCount({ crossOriginIsolated: true, hardwareConcurrency: 8 })).toBe(8);
    expect(wasmThreadCount({ crossOriginIsolated: false, hardwareConcurrency: 8 })).toBe(1);
    expect(wasmThreadCount({ crossOriginIsolated: true, hardwareConcurrency: 0 })).toBe(1);
    expect(wasmThreadCount({ crossOriginIsolated: true, hardwareConcurrency: Number.NaN })).toBe(1);
  });
});

describe('browserCandidates: wasm', () => {
  beforeEach(() => {
    vi.resetModules();
    for (const fn of [...Object.values(wasm), setBackend]) fn.mockClear();
    coresDuringInit.length = 0;
  });
  afterEach(() => vi.unstubAllGlobals());

  async function loadWasm(isolated: boolean, cores: number): Promise<void> {
    vi.stubGlobal('crossOriginIsolated', isolated);
    // A navigator whose hardwareConcurrency is a prototype getter, as in a browser.
    vi.stubGlobal(
      'navigator',
      Object.create({
        get hardwareConcurrency() {
          return cores;
        },
      }),
    );
    const { browserCandidates } = await import('./browserCandidates');
    const candidate = browserCandidates({ wasmPath: '/base/wasm/' }).find((c) => c.name === 'wasm')!;
    await candidate.load();
    await candidate.load(); // a second load (backend switch) configures nothing again
  }

  it('sets the thread count to the logical cores before the backend initialises, once', async () => {
    await loadWasm(true, 2);
    expect(wasm.setWasmPaths).toHaveBeenCalledTimes(1);
    expect(wasm.setWasmPaths).toHaveBeenCalledWith('/base/wasm/');
    expect(wasm.setThreadsCount).toHaveBeenCalledTimes(1);
    expect(wasm.setThreadsCount).toHaveBeenCalledWith(2);
  });

  it('initialises the backend with twice the cores reported, past tfjs-backend-wasm cap of half of them', async () => {
    await loadWasm(true, 2);
    expect(setBackend).toHaveBeenCalledTimes(1);
    expect(setBackend).toHaveBeenCalledWith('wasm');
    expect(coresDuringInit).toEqual([4]);
    // The override is gone afterwards.
    expect(globalThis.navigator.hardwareConcurrency).toBe(2);
    expect(Object.hasOwn(globalThis.navigator, 'hardwareConcurrency')).toBe(false);
  });

  it('removes the override when the initialisation fails', async () => {
    setBackend.mockRejectedValueOnce(new Error('no wasm'));
    await expect(loadWasm(true, 2)).rejects.toThrow('no wasm');
    expect(globalThis.navigator.hardwareConcurrency).toBe(2);
  });

  it('leaves the thread count alone when the page is not cross-origin isolated', async () => {
    await loadWasm(false, 4);
    expect(wasm.setWasmPaths).toHaveBeenCalledTimes(1);
    expect(wasm.setThreadsCount).not.toHaveBeenCalled();
    expect(setBackend).not.toHaveBeenCalled(); // selectBackend initialises it
  });
});
