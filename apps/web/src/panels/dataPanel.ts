import {
  browserMirrors,
  type Dataset,
  type DatasetFileInput,
  type DatasetName,
  loadDatasetFromUrl,
  type Split,
  takeSubset,
} from '@mnist-kit/datasets';
import {
  dataErrorMessage,
  dataFileNames,
  describeDataset,
  describeOwnData,
  describeProgress,
  keptDataNote,
  ownDataErrorMessage,
} from '../data';
import { findDataLayout } from '../dataLayout';
import { type DroppedItem, looseItems, pickedFolderItems } from '../droppedItems';
import { folderDropZone, takeFiles } from '../fileDrop';
import { checkDataSlot } from '../fileSlots';
import { loadOwnData, type OwnDataLayout } from '../loadOwnData';
import { isLocked, type Store } from '../state';
import { datasetSpec } from '../testRegistry';
import { defaultDataUrl } from '../urlParams';
import { element } from './_dom';
import type { EvaluationPanel } from './evaluationPanel';

const BASE = import.meta.env.BASE_URL;

/**
 * The Data section: the dataset menu, the load status, and data picked or dropped — the four files, or your own
 * data (a folder of images per class, Kaggle CSVs), read by `@mnist-kit/datasets`' own-data rules.
 */
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
    folder: element('data-folder', HTMLInputElement),
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
    const controller = begin(files === undefined ? `from ${params.dataUrl}` : 'from picked files');
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
      if (dataset.baseUrl !== undefined) ui.url.textContent = `from ${dataset.baseUrl}`;
      use(dataset, params.dataset, describeDataset(dataset));
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

  /** Starts a load (`from`: where from, in words): the one before is dropped, and nothing is in use meanwhile. */
  function begin(from: string): AbortController {
    current?.abort();
    const controller = new AbortController();
    current = controller;
    store.set({ dataset: undefined, testSplit: undefined });
    ui.url.textContent = from;
    ui.status.textContent = 'loading…';
    return controller;
  }

  /** A dataset loaded (as the menu's `name`, for a failed load to go back to): in use, and the model evaluated on it. */
  function use(dataset: Dataset, name: DatasetName, status: string): void {
    const { testLimit, dataUrl } = store.state.params;
    const testSplit = testLimit === undefined ? dataset.test : takeSubset(dataset.test, testLimit);
    loaded = { name, dataset, testSplit, dataUrl, from: ui.url.textContent ?? '' };
    store.set({ dataset, testSplit });
    ui.status.textContent = status;
    if (store.state.model !== undefined) void evaluation.run();
  }

  /**
   * Picked or dropped files and folders: the four files of the dataset chosen, or your own data — an image folder
   * per class or Kaggle CSVs, in what was given or the shallowest folder inside it that holds one.
   */
  async function loadItems(items: readonly DroppedItem[]): Promise<void> {
    const { params } = store.state;
    const layout = findDataLayout(items, params.dataset, dataFileNames(params.dataset));
    if (layout.kind === 'idx') return load(layout.files);
    if (layout.kind === 'none') {
      ui.status.textContent = `Could not load ${params.dataset} from the picked files: ${layout.reason}.`;
      if (store.state.dataset !== undefined) ui.status.textContent += ` ${keptDataNote(store.state.dataset)}`;
      return;
    }
    await loadOwn(layout);
  }

  async function loadOwn(layout: OwnDataLayout): Promise<void> {
    const controller = begin(`from ${layout.label}`);
    try {
      const dataset = await loadOwnData(layout, {
        signal: controller.signal,
        onProgress: (done, total) => {
          if (current === controller) ui.status.textContent = `decoding ${layout.label}: ${done} / ${total} images`;
        },
      });
      if (current !== controller) return;
      use(dataset, store.state.params.dataset, describeOwnData(dataset, layout.label));
    } catch (error) {
      if (current !== controller) return;
      ui.status.textContent = ownDataErrorMessage(error, layout.label);
      keepLoaded(false);
    }
  }

  /** Reports an error of reading a drop (a folder the browser cannot walk) as a failed load of it. */
  async function loadDrop(items: Promise<DroppedItem[]>): Promise<void> {
    let got: DroppedItem[];
    try {
      got = await items;
    } catch (error) {
      ui.status.textContent = ownDataErrorMessage(error, 'the dropped folder');
      if (store.state.dataset !== undefined) ui.status.textContent += ` ${keptDataNote(store.state.dataset)}`;
      return;
    }
    await loadItems(got);
  }

  /**
   * After a failed load: back to the dataset loaded before (and the menu and URL that loaded it), if any. `menu`:
   * the load was of the menu's dataset (say to choose it again), not of files picked or dropped.
   */
  function keepLoaded(menu = true): void {
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
    ui.status.textContent += ` ${keptDataNote(dataset, menu ? tried : undefined)}`;
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
    if (files.length > 0) void loadItems(looseItems(files));
  });
  ui.folder.addEventListener('change', () => {
    const files = takeFiles(ui.folder);
    if (files.length > 0) void loadItems(pickedFolderItems(files));
  });
  folderDropZone(
    ui.dropZone,
    (items) => void loadDrop(items),
    () => !ui.files.disabled,
  );
  store.subscribe((state) => {
    ui.select.disabled = isLocked(state);
    ui.files.disabled = isLocked(state);
    ui.folder.disabled = isLocked(state);
  });
  return { load };
}
