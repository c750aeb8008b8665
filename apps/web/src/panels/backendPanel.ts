import {
  type BackendAttempt,
  BackendError,
  type BackendSelection,
  browserCandidates,
  probeBrowserPlatform,
  selectBackend,
} from '@mnist-kit/backends';
import { isLocked, type Store } from '../state';
import type { BackendChoice } from '../urlParams';
import { wasmThreadsNote } from '../wasmThreadsNote';
import { element, setList } from './_dom';

const BASE = import.meta.env.BASE_URL;

/** The header's backend menu and what it reports: the backend in use, why the others are not, the platform. */
export interface BackendPanel {
  /** Selects `choice` (else the best that works, saying so) and reports the outcome; locks the page meanwhile. */
  switchTo(choice: BackendChoice): Promise<void>;
}

export function createBackendPanel(store: Store): BackendPanel {
  const ui = {
    select: element('backend-select', HTMLSelectElement),
    active: element('active-backend'),
    detail: element('backend-detail'),
    notes: element('backend-notes'),
    platform: element('platform'),
  };

  async function switchTo(choice: BackendChoice): Promise<void> {
    store.set({ busy: true });
    ui.active.textContent = '…';
    const platform = await probeBrowserPlatform();
    // Absolute: the base is relative (`./`, so the build works from any folder of any host).
    const candidates = browserCandidates({ wasmPath: new URL(`${BASE}wasm/`, document.baseURI).href });
    // Why each backend is not in use, one line per backend, first reason wins.
    const reasons = new Map<string, string>();
    const record = (attempts: readonly BackendAttempt[]) => {
      for (const a of attempts) if (!a.ok && !reasons.has(a.name)) reasons.set(a.name, a.reason ?? 'failed');
    };
    const notes: string[] = [];
    let selection: BackendSelection | undefined;
    try {
      selection = await selectBackend({ preference: choice, candidates });
    } catch (error) {
      if (error instanceof BackendError && error.attempts.length > 0) record(error.attempts);
      else notes.push(error instanceof Error ? error.message : String(error));
      if (error instanceof BackendError && choice !== 'auto') {
        try {
          selection = await selectBackend({ preference: 'auto', candidates });
          notes.push(`${choice} is unavailable; using ${selection.name} instead`);
        } catch (fallback) {
          notes.push((fallback as Error).message);
        }
      }
    }
    if (selection !== undefined) {
      record(selection.attempts);
      const tried = new Set([...reasons.keys(), ...selection.attempts.map((a) => a.name)]);
      for (const [name, reason] of Object.entries(platform.unavailable))
        if (!tried.has(name)) reasons.set(name, reason);
      ui.active.textContent = selection.name;
      ui.detail.textContent = selection.description === undefined ? '' : `(${selection.description})`;
    } else {
      ui.active.textContent = 'none';
      ui.detail.textContent = '';
    }
    for (const [name, reason] of reasons) notes.push(`${name}: ${reason}`);
    const threadsNote = wasmThreadsNote(platform.crossOriginIsolated);
    if (threadsNote !== undefined) notes.push(threadsNote);
    setList(ui.notes, notes);
    const wasmThreads = selection?.name === 'wasm' ? selection.description?.match(/\d+ threads?/)?.[0] : '';
    ui.platform.textContent =
      `crossOriginIsolated: ${platform.crossOriginIsolated ? 'yes' : 'no'} · ` +
      `logical cores: ${platform.hardwareConcurrency} · ` +
      `wasm threads: ${wasmThreads || (selection?.name === 'wasm' ? '1 thread' : 'n/a (wasm not active)')}`;
    store.set({ busy: false });
  }

  ui.select.value = store.state.params.backend;
  ui.select.addEventListener('change', () => {
    const backend = ui.select.value as BackendChoice;
    store.setParams({ backend });
    void switchTo(backend);
  });
  store.subscribe((state) => {
    ui.select.disabled = isLocked(state);
  });
  return { switchTo };
}
