import { canTrace, type InputActivations, type LayerActivations, traceInput } from '../activations';
import { paintGray } from '../gallery';
import { heatColumns, paintFeatureMaps, paintHeat, tileGrid } from '../heatmap';
import { classNames, type ModelInput, type Store, splitInput } from '../state';
import { element } from './_dom';
import type { LiveCost } from './liveCost';
import type { TrainingPanel } from './trainingPanel';

/** The live refresh during training: on read-back steps, at most this often. */
const MIN_INTERVAL_MS = 500;

export interface ActivationsPanelDeps {
  /** Traces the input again on its read-back steps while the model trains. */
  training: Pick<TrainingPanel, 'onStep'>;
  /** Told the time of each refresh made during training (on cpu and wasm all of it is main-thread work). */
  cost: Pick<LiveCost, 'add' | 'allowed'>;
}

/** The elements of one layer's row, kept between refreshes of the same model. */
interface LayerRow {
  title: HTMLElement;
  pre: HTMLCanvasElement;
  out: HTMLCanvasElement;
}

/**
 * The "What the network does with one input" section: for the input in use (drawn, picked or dropped; the
 * first test image once a dataset loads), every layer's pre-activation and output as heat maps (dense
 * layers: one cell per unit; conv layers: one map per channel — any model with `trace`), then the logits
 * and the softmax probabilities. Follows the input, the model, and the training (on read-back steps, at
 * most twice a second).
 */
export function createActivationsPanel(store: Store, { training, cost }: ActivationsPanelDeps): void {
  const ui = {
    root: element('activations'),
    source: element('activations-source'),
  };
  let seq = 0;
  let busy = false;
  let lastRun = Number.NEGATIVE_INFINITY;
  /** The rows built for the current model's layers (rebuilt when the layers change). */
  let built: { key: string; input: HTMLCanvasElement; rows: LayerRow[]; table: HTMLTableSectionElement } | undefined;

  async function update(live = false): Promise<void> {
    const mine = ++seq;
    const started = performance.now();
    const { model, input } = store.state;
    if (input === undefined) {
      ui.source.textContent = 'Draw a digit, pick a test image, drop an image file, or choose a training image above.';
      clear();
      return;
    }
    const names = classNames(store.state);
    const truth = input.label === undefined ? '' : ` (true class: ${names[input.label] ?? input.label})`;
    if (model === undefined || model.isDisposed) {
      ui.source.textContent = `Input: ${input.source}${truth}. Train or load a model to see its layers.`;
      clear();
      return;
    }
    if (!canTrace(model)) {
      ui.source.textContent = `Input: ${input.source}${truth}. This model cannot show its layers (it has no trace()).`;
      clear();
      return;
    }
    busy = true;
    try {
      const traced = await traceInput(model, input.pixels);
      if (mine !== seq) return;
      ui.source.textContent = `Input: ${input.source}${truth}.`;
      render(input, traced, names);
      if (live) cost.add('activations', performance.now() - started);
    } catch (error) {
      if (mine === seq && !model.isDisposed) ui.source.textContent = `tracing failed: ${(error as Error).message}`;
    } finally {
      busy = false;
      lastRun = performance.now();
    }
  }

  function clear(): void {
    built = undefined;
    ui.root.replaceChildren();
  }

  function render(input: ModelInput, traced: InputActivations, names: readonly string[]): void {
    const key = traced.layers.map((l) => `${l.name}:${l.shape.join('x')}:${l.activation}`).join('|');
    if (built?.key !== key) built = build(key, traced.layers, names);
    paintInput(built.input, input);
    for (const [i, layer] of traced.layers.entries()) paintLayer(built.rows[i]!, layer);
    fillTable(built.table, traced, names);
  }

  function build(key: string, layers: LayerActivations[], names: readonly string[]) {
    const input = document.createElement('canvas');
    input.className = 'act-input';
    input.setAttribute('role', 'img');
    const inputFigure = figure(input, 'input (what the model sees)');
    const rows = layers.map((layer): LayerRow => {
      const title = document.createElement('h3');
      title.className = 'act-title';
      const pre = document.createElement('canvas');
      const out = document.createElement('canvas');
      for (const c of [pre, out]) {
        c.className = layer.shape.length === 3 ? 'act-maps' : 'act-strip';
        c.setAttribute('role', 'img');
      }
      return { title, pre, out };
    });
    const blocks = layers.map((layer, i) => {
      const row = rows[i]!;
      const div = document.createElement('div');
      div.className = 'act-layer';
      // A flatten layer repeats the maps before it as one vector: not shown again.
      if (layer.kind === 'flatten') div.hidden = true;
      const last = i === layers.length - 1;
      const maps: HTMLElement[] = [];
      if (last) maps.push(figure(row.pre, 'logits'));
      else if (layer.activation === 'linear')
        maps.push(figure(row.out, layer.kind === 'pool' ? 'max-pooled' : 'output'));
      else {
        const op = layer.kind === 'conv2d' ? 'conv + b' : 'x·W + b';
        maps.push(figure(row.pre, `before ${layer.activation} (${op})`), figure(row.out, `after ${layer.activation}`));
      }
      div.append(row.title, ...maps);
      return div;
    });
    const table = document.createElement('table');
    table.className = 'act-table';
    const caption = document.createElement('caption');
    caption.textContent = 'Logits and softmax probabilities';
    const head = document.createElement('thead');
    head.innerHTML = '<tr><th scope="col">class</th><th scope="col">logit</th><th scope="col">probability</th></tr>';
    const body = document.createElement('tbody');
    for (let k = 0; k < (layers.at(-1)?.shape[0] ?? names.length); k++) {
      const tr = document.createElement('tr');
      tr.innerHTML =
        '<th scope="row"></th><td class="num"></td><td><span class="act-track"><span class="act-fill"></span></span><span class="num"></span></td>';
      body.append(tr);
    }
    table.append(caption, head, body);
    const legend = document.createElement('p');
    legend.className = 'muted';
    legend.textContent =
      'One cell per unit (feature maps: one tile per channel), red positive, blue negative, each map scaled to its own largest |value|.';
    ui.root.replaceChildren(inputFigure, ...blocks, table, legend);
    return { key, input, rows, table: body };
  }

  function figure(canvas: HTMLCanvasElement, caption: string): HTMLElement {
    const f = document.createElement('figure');
    const c = document.createElement('figcaption');
    c.textContent = caption;
    f.append(canvas, c);
    return f;
  }

  function paintInput(canvas: HTMLCanvasElement, input: ModelInput): void {
    canvas.width = input.cols;
    canvas.height = input.rows;
    const ctx = canvas.getContext('2d')!;
    const image = ctx.createImageData(input.cols, input.rows);
    paintGray(image.data, input.pixels);
    ctx.putImageData(image, 0, 0);
    canvas.setAttribute('aria-label', `the ${input.rows}×${input.cols} input: ${input.source}`);
  }

  function paintLayer(row: LayerRow, layer: LayerActivations): void {
    const n = layer.output.length;
    const active = layer.activation === 'linear' ? undefined : countActive(layer.output);
    const shape =
      layer.shape.length === 3 ? `${layer.shape[2]} maps of ${layer.shape[0]}×${layer.shape[1]}` : `${n} units`;
    row.title.textContent = `${layer.name} · ${shape}${active === undefined ? '' : ` · ${active} active`}`;
    for (const [canvas, values, what] of [
      [row.pre, layer.preActivation, 'before the activation'],
      [row.out, layer.output, 'after the activation'],
    ] as const) {
      const scale = paintValues(canvas, values, layer.shape);
      canvas.setAttribute(
        'aria-label',
        `${layer.name} ${what}: ${values.length} values, largest |value| ${scale.toFixed(3)}`,
      );
    }
  }

  function fillTable(body: HTMLTableSectionElement, traced: InputActivations, names: readonly string[]): void {
    let top = 0;
    traced.probabilities.forEach((p, k) => {
      if (p > traced.probabilities[top]!) top = k;
    });
    [...body.rows].forEach((tr, k) => {
      const p = traced.probabilities[k] ?? 0;
      tr.className = k === top ? 'best' : '';
      tr.cells[0]!.textContent = names[k] === String(k) || names[k] === undefined ? String(k) : `${k} ${names[k]}`;
      tr.cells[1]!.textContent = (traced.logits[k] ?? 0).toFixed(2);
      const fill = tr.cells[2]!.querySelector<HTMLElement>('.act-fill')!;
      fill.style.width = `${(p * 100).toFixed(1)}%`;
      tr.cells[2]!.querySelector<HTMLElement>('span.num')!.textContent = `${(p * 100).toFixed(1)} %`;
    });
  }

  training.onStep((event) => {
    if (event.loss === undefined || busy || performance.now() - lastRun < MIN_INTERVAL_MS || !cost.allowed()) return;
    void update(true);
  });
  store.subscribe((state, changed) => {
    // A new dataset: show its first test image until the user picks something.
    if (changed.has('dataset') && state.dataset !== undefined && state.input?.kind !== 'drawing') {
      const test = state.testSplit ?? state.dataset.test;
      if (test.count > 0) {
        store.set({ input: splitInput(test, 0, 'test') });
        return;
      }
    }
    if (changed.has('input') || changed.has('model')) void update();
  });
  void update();
}

/** Paints a layer's values: a strip of one cell per unit, or one tile per channel for `[h, w, c]` maps. */
function paintValues(canvas: HTMLCanvasElement, values: Float32Array, shape: readonly number[]): number {
  const ctx = canvas.getContext('2d')!;
  if (shape.length === 3) {
    const [height, width, channels] = shape as [number, number, number];
    const grid = tileGrid(channels, width, height, 8);
    if (canvas.width !== grid.width || canvas.height !== grid.height) {
      canvas.width = grid.width;
      canvas.height = grid.height;
    }
    const image = ctx.createImageData(grid.width, grid.height);
    const scale = paintFeatureMaps(image.data, values, { height, width, channels }, grid);
    ctx.putImageData(image, 0, 0);
    return scale;
  }
  const columns = heatColumns(values.length);
  const rows = Math.ceil(values.length / columns);
  if (canvas.width !== columns || canvas.height !== rows) {
    canvas.width = columns;
    canvas.height = rows;
  }
  const image = ctx.createImageData(columns, rows);
  const scale = paintHeat(image.data, values);
  ctx.putImageData(image, 0, 0);
  return scale;
}

function countActive(values: Float32Array): number {
  let n = 0;
  for (const v of values) if (v > 0) n++;
  return n;
}
