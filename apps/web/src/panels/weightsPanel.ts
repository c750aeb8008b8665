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
    const first = model === undefined || model.isDisposed ? undefined : firstPixelKernel(model.params, rows * cols);
    if (first === undefined) {
      ui.canvas.hidden = true;
      ui.pager.hidden = true;
      ui.caption.textContent =
        model === undefined
          ? 'Train or load a model to see its first layer’s weights.'
          : 'This model has no dense layer over the pixels; see its feature maps under “What the network does with one input”.';
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
      const grid = tileGrid(count, cols, rows, COLUMNS);
      if (ui.canvas.width !== grid.width || ui.canvas.height !== grid.height) {
        ui.canvas.width = grid.width;
        ui.canvas.height = grid.height;
      }
      const image = ctx.createImageData(grid.width, grid.height);
      paintWeightTiles(image.data, values, { units: first.units, rows, cols }, grid, from, count);
      ctx.putImageData(image, 0, 0);
      ui.canvas.hidden = false;
      ui.canvas.style.aspectRatio = `${grid.width} / ${grid.height}`;
      ui.canvas.setAttribute(
        'aria-label',
        `incoming weights of units ${from + 1}–${from + count} of ${first.name} as ${rows}×${cols} images`,
      );
      ui.caption.textContent = `Each of the ${first.units} units of ${first.name.replace(/\/kernel$/, '')}: its ${rows * cols} incoming weights as a ${rows}×${cols} image — red positive, blue negative, white near zero; each unit scaled to its own largest |w|.`;
      ui.pager.hidden = pages === 1;
      ui.page.textContent = `units ${from + 1}–${from + count} of ${first.units}`;
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
