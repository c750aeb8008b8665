import {
  browserMirrors,
  type Dataset,
  type DatasetFileInput,
  type DatasetName,
  loadDatasetFromUrl,
  type Split,
  takeSubset,
} from '@mnist-kit/datasets';
import { dataErrorMessage, dataFileNames, describeDataset, describeProgress, keptDataNote } from '../data';
import { dropZone, takeFiles } from '../fileDrop';
import { checkDataSlot } from '../fileSlots';
import { isLocked, type Store } from '../state';
import { datasetSpec } from '../testRegistry';
import { defaultDataUrl } from '../urlParams';
import { element } from './_dom';
import type { EvaluationPanel } from './evaluationPanel';

const BASE = import.meta.env.BASE_URL;

/** The Data section: the dataset menu, the load status, and the four files picked or dropped. */
export interface DataPanel {
  /**
   * Loads the chosen dataset from `params.dataUrl`, or from `files` (picked or dropped). From the default
   * same-origin folder (no `?data=`), a dataset that is not there comes from a public CORS mirror instead
   * (`browserMirrors`: MNIST's jsDelivr copy), verified against the registry's sizes and SHA-256 and cached.
   * A newer load supersedes it; when it fails, the dataset loaded before stays in use and the status line says so.
   */
  load(files?: readonly DatasetFileInput[]): Promise<void>;
}

export interface DataPanelDeps {
  /** Evaluates the model in use on the new test rows, and empties the section when the dataset changes. */
  evaluation: Pick<EvaluationPanel, 'clear' | 'run'>;
}

export function createDataPanel(store: Store, { evaluation }: DataPanelDeps): DataPanel {
  const ui = {
    select: element('dataset-select', HTMLSelectElement),
    url: element('data-url'),
    status: element('dataset-status'),
    dropZone: element('drop-zone'),
    files: element('data-files', HTMLInputElement),
  };
  /** The load in progress; a load that is no longer this one drops its result. */
  let current: AbortController | undefined;
  /** The last dataset that loaded, kept when a later load fails (what it was loaded as, and from where). */
  let loaded: { name: DatasetName; dataset: Dataset; testSplit: Split; dataUrl: string; from: string } | undefined;

  async function load(files?: readonly DatasetFileInput[]): Promise<void> {
    const { params } = store.state;
    const wrongFiles = files && checkDataSlot(files, params.dataset, dataFileNames(params.dataset));
    if (wrongFiles !== undefined) {
      ui.status.textContent = `Could not load ${params.dataset} from the picked files: ${wrongFiles}.`;
      if (store.state.dataset !== undefined) ui.status.textContent += ` ${keptDataNote(store.state.dataset)}`;
      return;
    }
    current?.abort();
    const controller = new AbortController();
    current = controller;
    store.set({ dataset: undefined, testSplit: undefined });
    ui.url.textContent = files === undefined ? `from ${params.dataUrl}` : 'from picked files';
    ui.status.textContent = 'loading…';
    const spec = datasetSpec(params.dataset);
    const isDefaultUrl = files === undefined && params.dataUrl === defaultDataUrl(params.dataset, BASE);
    try {
      const dataset = await loadDatasetFromUrl({
        name: params.dataset,
        spec,
        ...(files === undefined ? { baseUrl: params.dataUrl } : { files }),
        // The page's own folder only: a `?data=` URL is what the user asked for, with no substitute.
        fallbackUrls: isDefaultUrl ? browserMirrors(spec) : [],
        signal: controller.signal,
        onProgress: (progress) => {
          ui.status.textContent = describeProgress(progress);
        },
      });
      if (current !== controller) return;
      const { testLimit, dataUrl } = store.state.params;
      const testSplit = testLimit === undefined ? dataset.test : takeSubset(dataset.test, testLimit);
      if (dataset.baseUrl !== undefined) ui.url.textContent = `from ${dataset.baseUrl}`;
      loaded = { name: params.dataset, dataset, testSplit, dataUrl, from: ui.url.textContent ?? '' };
      store.set({ dataset, testSplit });
      ui.status.textContent = describeDataset(dataset);
      if (store.state.model !== undefined) void evaluation.run();
    } catch (error) {
      if (current !== controller) return;
      const { dataset, dataUrl } = store.state.params;
      ui.status.textContent = dataErrorMessage(error, {
        dataset,
        baseUrl: dataUrl,
        isDefaultUrl,
        picked: files !== undefined,
      });
      keepLoaded();
    }
  }

  /** After a failed load: back to the dataset loaded before (and the menu and URL that loaded it), if any. */
  function keepLoaded(): void {
    if (loaded === undefined) return;
    const { name, dataset, testSplit, dataUrl, from } = loaded;
    store.set({ dataset, testSplit });
    const tried = store.state.params.dataset;
    if (tried !== name || store.state.params.dataUrl !== dataUrl) {
      store.setParams({ dataset: name, dataUrl });
      ui.select.value = name;
      void evaluation.run(); // the dataset menu cleared it
    }
    ui.url.textContent = from;
    ui.status.textContent += ` ${keptDataNote(dataset, tried)}`;
  }

  ui.select.value = store.state.params.dataset;
  ui.select.addEventListener('change', () => {
    const dataset = ui.select.value as DatasetName;
    store.setParams({ dataset, dataUrl: defaultDataUrl(dataset, BASE) });
    evaluation.clear();
    void load();
  });
  ui.files.addEventListener('change', () => {
    const files = takeFiles(ui.files);
    if (files.length > 0) void load(files);
  });
  dropZone(
    ui.dropZone,
    (files) => void load(files),
    () => !ui.files.disabled,
  );
  store.subscribe((state) => {
    ui.select.disabled = isLocked(state);
    ui.files.disabled = isLocked(state);
  });
  return { load };
}
