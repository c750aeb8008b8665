import * as tf from '@tensorflow/tfjs-core';
import { paintWeightTiles, tileGrid } from '../heatmap';
import type { Store } from '../state';
import type { StepEvent } from '../trainer';
import { element } from './_dom';
import type { LiveCost } from './liveCost';
import type { TrainingPanel } from './trainingPanel';

/** Units per page (all 128 of the tutorial's recipe on one), and tiles a row. */
const PAGE = 128;
const COLUMNS = 16;
/** The live redraw during training: on read-back steps, at most this often (twice a second). */
const MIN_INTERVAL_MS = 500;

export interface WeightsPanelDeps {
  /** Redraws on its read-back steps (`StepEvent.loss`), when the SIMD engine has written the weights back. */
  training: Pick<TrainingPanel, 'onStep'>;
  /** Told the main-thread time of each live redraw. */
  cost: Pick<LiveCost, 'add' | 'allowed'>;
}

/** The model's first dense layer over the pixels: a kernel `[rows·cols, units]`, found by shape. */
export function firstPixelKernel(
  params: Readonly<Record<string, tf.Tensor>>,
  pixels: number,
): { name: string; kernel: tf.Tensor; units: number } | undefined {
  for (const [name, kernel] of Object.entries(params)) {
    if (name.endsWith('/kernel') && kernel.rank === 2 && kernel.shape[0] === pixels) {
      return { name, kernel, units: kernel.shape[1]! };
    }
  }
  return undefined;
}

/**
 * A CNN's first convolution over the image: the first `…/kernel` of rank 4 (`conv2d_1/kernel`,
 * `[k, k, inChannels, filters]`, tfjs' layout).
 */
export function firstConvKernel(
  params: Readonly<Record<string, tf.Tensor>>,
): { name: string; kernel: tf.Tensor; size: number; inChannels: number; filters: number } | undefined {
  for (const [name, kernel] of Object.entries(params)) {
    if (name.endsWith('/kernel') && kernel.rank === 4) {
      const [size, , inChannels, filters] = kernel.shape as [number, number, number, number];
      return { name, kernel, size, inChannels, filters };
    }
  }
  return undefined;
}

/**
 * A conv kernel `[k, k, inChannels, filters]` as a dense-style `[k·k, filters]` matrix of its first input
 * channel (the image's only one for a gray input), which is what `paintWeightTiles` paints as `k × k` tiles.
 * With one input channel that is the kernel itself.
 */
export function convFilterMatrix(values: Float32Array, inChannels: number, filters: number): Float32Array {
  if (inChannels === 1) return values;
  const pixels = values.length / (inChannels * filters);
  const out = new Float32Array(pixels * filters);
  for (let p = 0; p < pixels; p++) {
    out.set(values.subarray(p * inChannels * filters, p * inChannels * filters + filters), p * filters);
  }
  return out;
}

/** What the panel paints: `units` tiles of `rows × cols` from a `[rows·cols, units]` matrix, and how to say it. */
interface Tiles {
  name: string;
  kernel: tf.Tensor;
  units: number;
  rows: number;
  cols: number;
  /** `unit` or `filter`. */
  what: string;
  /** Turns the kernel's values into the `[rows·cols, units]` matrix. */
  matrix: (values: Float32Array) => Float32Array;
}

/**
 * The "What the first layer learned" section: each unit's incoming weights as an image (`rows × cols`, a
 * diverging map), 128 units a page, redrawn live during training — on read-back steps only, at most twice
 * a second — and whenever the model changes; each live redraw's main-thread time goes to `cost`.
 */
export function createWeightsPanel(store: Store, { training, cost }: WeightsPanelDeps): void {
  const ui = {
    canvas: element('weights-canvas', HTMLCanvasElement),
    caption: element('weights-caption'),
    pager: element('weights-pager'),
    prev: element('weights-prev', HTMLButtonElement),
    next: element('weights-next', HTMLButtonElement),
    page: element('weights-page'),
  };
  const ctx = ui.canvas.getContext('2d')!;
  let page = 0;
  let drawing = false;
  /** A redraw was asked for while one ran: run it after. */
  let again = false;
  let lastDraw = Number.NEGATIVE_INFINITY;

  async function draw(): Promise<number | undefined> {
    const { model, dataset } = store.state;
    const rows = dataset?.train.rows ?? 28;
    const cols = dataset?.train.cols ?? 28;
    const first = model === undefined || model.isDisposed ? undefined : tilesOf(model.params, rows, cols);
    if (first === undefined) {
      ui.canvas.hidden = true;
      ui.pager.hidden = true;
      ui.caption.textContent =
        model === undefined
          ? 'Train or load a model to see its first layer’s weights.'
          : 'This model has neither a convolution nor a dense layer over the pixels; see its layers under “What the network does with one input”.';
      return undefined;
    }
    if (drawing) {
      again = true;
      return undefined;
    }
    drawing = true;
    /** Main-thread time of this redraw (what it takes from training); an async read-back's wait is not. */
    let busyMs = 0;
    try {
      const pages = Math.ceil(first.units / PAGE);
      page = Math.min(page, pages - 1);
      const from = page * PAGE;
      const count = Math.min(PAGE, first.units - from);
      // On cpu and wasm the weights are in this thread's memory: a synchronous copy; on a GPU, read back async.
      let started = performance.now();
      const values = (
        tf.getBackend() === 'cpu' || tf.getBackend() === 'wasm' ? first.kernel.dataSync() : await first.kernel.data()
      ) as Float32Array;
      if (tf.getBackend() === 'cpu' || tf.getBackend() === 'wasm') busyMs += performance.now() - started;
      if (store.state.model !== model) return undefined;
      started = performance.now();
      const { rows: tileRows, cols: tileCols, what } = first;
      const grid = tileGrid(count, tileCols, tileRows, COLUMNS);
      if (ui.canvas.width !== grid.width || ui.canvas.height !== grid.height) {
        ui.canvas.width = grid.width;
        ui.canvas.height = grid.height;
      }
      const image = ctx.createImageData(grid.width, grid.height);
      const matrix = first.matrix(values);
      paintWeightTiles(image.data, matrix, { units: first.units, rows: tileRows, cols: tileCols }, grid, from, count);
      ctx.putImageData(image, 0, 0);
      ui.canvas.hidden = false;
      ui.canvas.dataset.kind = what;
      ui.canvas.style.aspectRatio = `${grid.width} / ${grid.height}`;
      // A few 5×5 filters would fill the width with huge pixels: at most 12 screen pixels per weight.
      ui.canvas.style.maxWidth = what === 'filter' ? `${grid.width * 12}px` : '';
      const layer = first.name.replace(/\/kernel$/, '');
      if (what === 'filter') {
        ui.canvas.setAttribute(
          'aria-label',
          `filters ${from + 1}–${from + count} of ${first.name} as ${tileRows}×${tileCols} images`,
        );
        ui.caption.textContent = `Each of the ${first.units} filters of ${layer}, the first convolution: its ${tileRows}×${tileCols} kernel, slid over the image, as a ${tileRows}×${tileCols} image — red positive, blue negative, white near zero; each filter scaled to its own largest |w|.`;
      } else {
        ui.canvas.setAttribute(
          'aria-label',
          `incoming weights of units ${from + 1}–${from + count} of ${first.name} as ${rows}×${cols} images`,
        );
        ui.caption.textContent = `Each of the ${first.units} units of ${layer}: its ${rows * cols} incoming weights as a ${rows}×${cols} image — red positive, blue negative, white near zero; each unit scaled to its own largest |w|.`;
      }
      ui.pager.hidden = pages === 1;
      ui.page.textContent = `${what}s ${from + 1}–${from + count} of ${first.units}`;
      ui.prev.disabled = page === 0;
      ui.next.disabled = page === pages - 1;
      return busyMs + performance.now() - started;
    } catch (error) {
      // The model was replaced and freed while its weights were read: the next change redraws.
      if (!(store.state.model?.isDisposed ?? true)) ui.caption.textContent = `weights: ${(error as Error).message}`;
      return undefined;
    } finally {
      drawing = false;
      lastDraw = performance.now();
      if (again) {
        again = false;
        void draw();
      }
    }
  }

  async function onStep(event: StepEvent): Promise<void> {
    if (event.loss === undefined || drawing || performance.now() - lastDraw < MIN_INTERVAL_MS || !cost.allowed())
      return;
    const ms = await draw();
    if (ms !== undefined) cost.add('first-layer weights', ms);
  }

  ui.prev.addEventListener('click', () => {
    page = Math.max(0, page - 1);
    void draw();
  });
  ui.next.addEventListener('click', () => {
    page++;
    void draw();
  });
  training.onStep((event) => void onStep(event));
  store.subscribe((_state, changed) => {
    if (changed.has('model')) page = 0;
    if (changed.has('model') || changed.has('dataset')) void draw();
  });
  void draw();
}

/**
 * What the section shows of a model: a CNN's first convolution's filters (`k × k` tiles), else the first dense
 * layer over the pixels (`rows × cols` tiles); `undefined` when it has neither.
 */
function tilesOf(params: Readonly<Record<string, tf.Tensor>>, rows: number, cols: number): Tiles | undefined {
  const conv = firstConvKernel(params);
  if (conv !== undefined) {
    const { name, kernel, size, inChannels, filters } = conv;
    const matrix = (values: Float32Array) => convFilterMatrix(values, inChannels, filters);
    return { name, kernel, units: filters, rows: size, cols: size, what: 'filter', matrix };
  }
  const dense = firstPixelKernel(params, rows * cols);
  if (dense === undefined) return undefined;
  return { ...dense, rows, cols, what: 'unit', matrix: (values) => values };
}
