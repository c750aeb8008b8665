import type { Model } from '@mnist-kit/models';
import { dataFileNames } from '../data';
import { dropZone, takeFiles } from '../fileDrop';
import {
  describeModel,
  downloadModel,
  loadFromBrowser,
  loadFromFiles,
  loadFromUrl,
  removeFromBrowser,
  saveToBrowser,
} from '../modelIo';
import { describeModelSource, modelLoadFailedMessage } from '../modelLoadErrors';
import { isLocked, onModelReplaced, type Store } from '../state';
import { element, setFormDisabled } from './_dom';
import type { EvaluationPanel } from './evaluationPanel';

/** The Model section: what the model in use is, loading one (files, drop, URL), saving and downloading it. */
export interface ModelPanel {
  /** Puts the model saved in this browser (IndexedDB) in use, if there is one. */
  restoreSaved(): Promise<void>;
}

export interface ModelPanelDeps {
  /** Evaluates a model once it is loaded. */
  evaluation: Pick<EvaluationPanel, 'clear' | 'run'>;
}

export function createModelPanel(store: Store, { evaluation }: ModelPanelDeps): ModelPanel {
  const ui = {
    status: element('model-status'),
    dropZone: element('model-drop-zone'),
    fileInput: element('model-file-input', HTMLInputElement),
    urlForm: element('model-url-form', HTMLFormElement),
    url: element('model-url', HTMLInputElement),
    save: element('save-model-button', HTMLButtonElement),
    download: element('download-model-button', HTMLButtonElement),
    forget: element('forget-model-button', HTMLButtonElement),
  };
  /** The models this panel put in use (loaded or restored): it frees them once another replaces them. */
  const mine = new WeakSet<Model>();

  function use(model: Model, origin: string): void {
    mine.add(model);
    store.set({ model, modelOrigin: origin });
  }

  /** Loads a model and puts it in use; when that fails, the model in use stays and the status line says why. */
  async function adopt(load: () => Promise<Model>, source: string): Promise<void> {
    store.set({ busy: true });
    ui.status.textContent = `loading a model from ${source}…`;
    try {
      use(await load(), `loaded from ${source}`);
      evaluation.clear();
      void evaluation.run();
    } catch (error) {
      const { model, modelOrigin } = store.state;
      const kept = model === undefined || model.isDisposed ? undefined : `${modelOrigin} (${describeModel(model)})`;
      ui.status.textContent = modelLoadFailedMessage(error, source, kept);
    } finally {
      store.set({ busy: false });
    }
  }

  async function restoreSaved(): Promise<void> {
    try {
      const saved = await loadFromBrowser();
      if (saved !== undefined) use(saved, 'saved in this browser (IndexedDB)');
    } catch (error) {
      ui.status.textContent = `The model saved in this browser could not be loaded: ${(error as Error).message}`;
    }
  }

  const loadFiles = (files: File[]) =>
    void adopt(() => loadFromFiles(files, dataFileNames(store.state.params.dataset)), describeModelSource(files));
  ui.fileInput.addEventListener('change', () => {
    const files = takeFiles(ui.fileInput);
    if (files.length > 0) loadFiles(files);
  });
  dropZone(ui.dropZone, loadFiles, () => !ui.fileInput.disabled);
  ui.urlForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const url = ui.url.value.trim();
    if (url !== '') void adopt(() => loadFromUrl(url), url);
  });
  ui.save.addEventListener('click', async () => {
    const { model, modelOrigin } = store.state;
    if (model === undefined) return;
    try {
      await saveToBrowser(model);
      ui.status.textContent = `Model ${modelOrigin}: ${describeModel(model)}. Saved in this browser (IndexedDB); it loads on your next visit.`;
    } catch (error) {
      ui.status.textContent = `Saving failed: ${(error as Error).message}`;
    }
  });
  ui.download.addEventListener('click', async () => {
    const { model } = store.state;
    if (model === undefined) return;
    try {
      await downloadModel(model);
    } catch (error) {
      ui.status.textContent = `Download failed: ${(error as Error).message}`;
    }
  });
  ui.forget.addEventListener('click', async () => {
    await removeFromBrowser().catch(() => {});
    ui.status.textContent = `${ui.status.textContent} (The copy saved in this browser was removed.)`;
  });

  onModelReplaced(store, (previous) => {
    if (mine.has(previous)) previous.dispose();
  });
  store.subscribe((state, changed) => {
    if (changed.has('model')) {
      const { model, modelOrigin } = state;
      ui.status.textContent = model === undefined ? 'No model yet.' : `Model ${modelOrigin}: ${describeModel(model)}.`;
    }
    const locked = isLocked(state);
    ui.fileInput.disabled = locked;
    setFormDisabled(ui.urlForm, locked);
    ui.save.disabled = locked || state.model === undefined;
    ui.download.disabled = locked || state.model === undefined;
  });
  return { restoreSaved };
}
