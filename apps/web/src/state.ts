import { type Dataset, getDatasetSpec, type ImagePreprocessing, type Split } from '@mnist-kit/datasets';
import type { Model } from '@mnist-kit/models';
import type { PageParams } from './urlParams';

/**
 * One input for the model, as the predict and activations panels show it: MNIST-style pixel bytes (light
 * ink on black, as the datasets store them) and where they come from.
 */
export interface ModelInput {
  /** `rows × cols` bytes, row-major. */
  readonly pixels: Uint8Array;
  readonly rows: number;
  readonly cols: number;
  /** What made it: drawn on the canvas, a dataset image, an image file (each preprocessed like the CLI's `predict`). */
  readonly kind: 'drawing' | 'dataset' | 'file';
  /** In words, for captions: `your drawing`, `test image 17`, `training image 5`, `digit.png`. */
  readonly source: string;
  /** The true class, when known (a dataset image). */
  readonly label?: number;
}

/** The input of image `index` of a split (`which`: `test` or `training`, for the caption). */
export function splitInput(split: Split, index: number, which: 'test' | 'training'): ModelInput {
  const size = split.rows * split.cols;
  return {
    pixels: split.images.slice(index * size, (index + 1) * size),
    rows: split.rows,
    cols: split.cols,
    kind: 'dataset',
    source: `${which} image ${index}`,
    label: split.labels[index]!,
  };
}

/** What the page's panels share. Read it from `store.state`; change it through `store.set` / `store.setParams`. */
export interface PageState {
  /** The page's parameters: the URL's, as the backend and dataset menus and the Train form change them. */
  readonly params: Readonly<PageParams>;
  /** The dataset in use; `undefined` while one loads, or when none has loaded. */
  readonly dataset: Dataset | undefined;
  /** The test rows evaluated: `dataset.test`, cut to `params.testLimit`. */
  readonly testSplit: Split | undefined;
  /** The model in use (trained here, loaded or restored), an MLP or a CNN (`model.kind`); `undefined` when there is none. */
  readonly model: Model | undefined;
  /** Where `model` comes from, in words: `trained in this browser`, `loaded from model.json + weights.bin`. */
  readonly modelOrigin: string;
  /** A run is training or stopping. */
  readonly training: boolean;
  /** The backend is switching or a model is loading. */
  readonly busy: boolean;
  /**
   * The input the model is shown (predict and activations panels): drawn, picked from the test set, the
   * sample grid or the gallery, or dropped as an image file; `undefined` when there is none.
   */
  readonly input: ModelInput | undefined;
}

export type StateKey = keyof PageState;

/** Told of every change: the state after it, and the keys the change set (whether or not their values differ). */
export type StateListener = (state: PageState, changed: ReadonlySet<StateKey>) => void;

/** The page's shared state and who listens to it. No framework: one object, replaced on each change. */
export interface Store {
  readonly state: PageState;
  /** Sets the keys of `patch`, then tells every listener. */
  set(patch: Partial<PageState>): void;
  /** Sets some of the parameters (`set({ params })` with the others kept). */
  setParams(patch: Partial<PageParams>): void;
  /** Adds a listener; returns the function that removes it. */
  subscribe(listener: StateListener): () => void;
}

/**
 * The store of a page opened with `params`: no dataset, no model, nothing running. A change made while
 * listeners are being told (a listener that sets something) is queued and told after, with the state as
 * of that change, so every listener sees the changes in order and the last one it sees is the latest.
 */
export function createStore(params: PageParams): Store {
  let state: PageState = {
    params,
    dataset: undefined,
    testSplit: undefined,
    model: undefined,
    modelOrigin: '',
    training: false,
    busy: false,
    input: undefined,
  };
  const listeners = new Set<StateListener>();
  const queue: { state: PageState; changed: ReadonlySet<StateKey> }[] = [];
  let notifying = false;
  const set = (patch: Partial<PageState>) => {
    state = { ...state, ...patch };
    queue.push({ state, changed: new Set(Object.keys(patch) as StateKey[]) });
    if (notifying) return;
    notifying = true;
    try {
      for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
        for (const listener of [...listeners]) listener(next.state, next.changed);
      }
    } finally {
      notifying = false;
      queue.length = 0;
    }
  };
  return {
    get state() {
      return state;
    },
    set,
    setParams: (patch) => set({ params: { ...state.params, ...patch } }),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** Whether the controls that start or load something are locked: a run, a backend switch or a model load is on. */
export function isLocked(state: PageState): boolean {
  return state.training || state.busy;
}

/** The class names of the dataset in use, else of the dataset chosen. */
export function classNames(state: PageState): readonly string[] {
  return state.dataset?.classNames ?? getDatasetSpec(state.params.dataset).classNames;
}

/**
 * How a dropped image becomes a 28 × 28 input: as the model's data was (its recorded preprocessing), else as
 * the data in use (or chosen) was made — `'resize'` for Fashion-MNIST and image folders, `'digit'` otherwise.
 */
export function inputPreprocessing(state: PageState): ImagePreprocessing {
  return state.model?.config.preprocessing ?? dataPreprocessing(state);
}

/** How the data in use (or chosen) was made from images: what a model trained on it records. */
export function dataPreprocessing(state: PageState): ImagePreprocessing {
  return state.dataset?.preprocessing ?? getDatasetSpec(state.params.dataset).preprocessing ?? 'digit';
}

/**
 * A name for each of a model's `outputs`: the model's own class names (recorded when it was trained), else the
 * class names in use, then, for outputs beyond them (a model made for more classes than the data has, e.g. an
 * MNIST model on a three-class folder), their index.
 */
export function outputNames(state: PageState, outputs: number): string[] {
  const names = state.model?.config.classNames ?? classNames(state);
  return Array.from({ length: outputs }, (_, k) => names[k] ?? String(k));
}

/**
 * Whether the data in use is handwritten digits, where drawing one makes sense: MNIST, or your own data (an image
 * folder, CSVs) whose classes are the digits `0` … `9`, such as Kaggle's. Before a dataset loads, the one chosen.
 */
export function drawsDigits(state: PageState): boolean {
  const { dataset } = state;
  if (dataset?.layout === undefined || dataset.layout === 'idx')
    return (dataset?.name ?? state.params.dataset) === 'mnist';
  const names = dataset.classNames ?? [];
  return names.length > 0 && names.every((name) => /^\d$/.test(name));
}

/**
 * Calls `release` with the model in use each time another one (or none) replaces it — not when the same
 * model is set again, nor when it is disposed already. How a panel frees the models it made: each frees
 * its own, so the page never disposes a model another part still uses. Returns the unsubscribe function.
 */
export function onModelReplaced(store: Store, release: (previous: Model) => void): () => void {
  let current = store.state.model;
  return store.subscribe((state) => {
    const previous = current;
    current = state.model;
    if (previous !== undefined && previous !== current && !previous.isDisposed) release(previous);
  });
}
