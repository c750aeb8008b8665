import { createDrawCanvas } from '../drawCanvas';
import { dropZone, takeFiles } from '../fileDrop';
import { paintGray } from '../gallery';
import { decodeImageFile } from '../imageFile';
import { predictPixels, toMnistInput } from '../predict';
import {
  classNames,
  drawsDigits,
  inputPreprocessing,
  type ModelInput,
  outputNames,
  type Store,
  splitInput,
} from '../state';
import { element } from './_dom';

/**
 * The Try-it section: the input in use — a digit drawn on the canvas (MNIST only: hand-drawn clothes or
 * kuzushiji make no sense), a test image picked at random, or an image file picked or dropped (preprocessed
 * like a drawing and like the CLI's `predict`), or an image chosen in another panel — with the model's
 * prediction, the 28×28 input it saw and a bar per class. Predicts again whenever the input or the model changes.
 */
export function createPredictPanel(store: Store): void {
  const ui = {
    heading: element('draw-h'),
    hint: element('draw-hint'),
    drawArea: element('draw-area'),
    canvas: element('draw-canvas', HTMLCanvasElement),
    clear: element('clear-button', HTMLButtonElement),
    pick: element('pick-test-button', HTMLButtonElement),
    dropZone: element('image-drop-zone'),
    file: element('image-file', HTMLInputElement),
    prediction: element('prediction'),
    name: element('prediction-name'),
    status: element('predict-status'),
    source: element('predict-source'),
    preview: element('preview', HTMLCanvasElement),
    bars: element('bars'),
  };
  const drawing = createDrawCanvas(ui.canvas, { onChange: () => onDrawn() });
  /** Counts predictions, so an answer that comes after a newer request is dropped. */
  let seq = 0;

  function onDrawn(): void {
    const current = store.state.input;
    if (drawing.isBlank) {
      if (current?.kind === 'drawing') store.set({ input: undefined });
      return;
    }
    const image = drawing.imageData();
    const pixels = toMnistInput({ data: image.data, width: image.width, height: image.height, channels: 4 });
    if (pixels === undefined) {
      ui.status.textContent = 'Nothing to read yet: draw a bigger or darker stroke.';
      return;
    }
    store.set({ input: { pixels, rows: 28, cols: 28, kind: 'drawing', source: 'your drawing' } });
  }

  async function onFiles(files: readonly File[]): Promise<void> {
    const file = files[0];
    if (file === undefined) return;
    try {
      const pixels = toMnistInput(await decodeImageFile(file), inputPreprocessing(store.state));
      if (pixels === undefined) {
        ui.status.textContent = `${file.name}: nothing to read (a blank image).`;
        return;
      }
      store.set({ input: { pixels, rows: 28, cols: 28, kind: 'file', source: file.name } });
    } catch (error) {
      ui.status.textContent = `Could not read ${file.name}: ${(error as Error).message}.`;
    }
  }

  function pickTestImage(): void {
    const test = store.state.testSplit;
    if (test === undefined || test.count === 0) return;
    store.set({ input: splitInput(test, Math.floor(Math.random() * test.count), 'test') });
  }

  async function update(): Promise<void> {
    const mine = ++seq;
    const { model, input } = store.state;
    if (input === undefined) {
      ui.prediction.textContent = '';
      ui.name.textContent = '';
      ui.source.textContent = '';
      ui.bars.replaceChildren();
      ui.status.textContent = model === undefined ? 'Train or load a model, then try an input.' : 'Try an input.';
      ui.preview.getContext('2d')?.clearRect(0, 0, 28, 28);
      return;
    }
    if (input.kind !== 'drawing' && !drawing.isBlank) drawing.clear();
    renderPreview(input);
    const names = classNames(store.state);
    const truth = input.label === undefined ? '' : `, true class ${names[input.label] ?? input.label}`;
    ui.source.textContent = `Input: ${input.source}${truth}`;
    if (model === undefined || model.isDisposed) {
      ui.prediction.textContent = '';
      ui.name.textContent = '';
      ui.bars.replaceChildren();
      ui.status.textContent = 'No model yet: train one or load one below.';
      return;
    }
    try {
      const result = await predictPixels(model, input.pixels);
      if (mine !== seq) return;
      // One name per output: the data's classes (a model made for more classes shows the rest as numbers).
      const outputs = outputNames(store.state, result.probabilities.length);
      ui.prediction.textContent = String(result.top);
      ui.name.textContent = outputs[result.top] === String(result.top) ? '' : `(${outputs[result.top]})`;
      ui.status.textContent = `${(result.probabilities[result.top]! * 100).toFixed(1)} % sure`;
      renderBars(result.probabilities, result.top, outputs);
    } catch (error) {
      if (mine === seq) ui.status.textContent = `prediction failed: ${(error as Error).message}`;
    }
  }

  function renderPreview(input: ModelInput): void {
    ui.preview.width = input.cols;
    ui.preview.height = input.rows;
    const ctx = ui.preview.getContext('2d')!;
    const image = ctx.createImageData(input.cols, input.rows);
    paintGray(image.data, input.pixels);
    ctx.putImageData(image, 0, 0);
  }

  function renderBars(probabilities: Float32Array, top: number, names: readonly string[]): void {
    const items = Array.from(probabilities, (p, k) => {
      const li = document.createElement('li');
      if (k === top) li.className = 'best';
      const name = document.createElement('span');
      name.className = 'name';
      name.textContent = names[k] === String(k) ? String(k) : `${k} ${names[k]}`;
      const track = document.createElement('span');
      track.className = 'track';
      const fill = document.createElement('span');
      fill.className = 'fill';
      fill.style.display = 'block';
      fill.style.width = `${(p * 100).toFixed(1)}%`;
      track.append(fill);
      const value = document.createElement('span');
      value.textContent = `${(p * 100).toFixed(1)}%`;
      li.append(name, track, value);
      li.setAttribute('aria-label', `${name.textContent}: ${(p * 100).toFixed(1)} percent`);
      return li;
    });
    ui.bars.replaceChildren(...items);
  }

  /**
   * Drawing only where the images are hand-drawn digits (MNIST, or your own data whose classes are 0 … 9);
   * elsewhere picking and dropping replace it.
   */
  function renderMode(): void {
    const digits = drawsDigits(store.state);
    const { dataset, params } = store.state;
    const what = dataset?.layout === 'image-folder' || dataset?.layout === 'csv' ? `${dataset.name}` : params.dataset;
    ui.heading.textContent = digits ? 'Draw a digit' : 'Pick a test image';
    ui.drawArea.hidden = !digits;
    ui.hint.textContent = digits
      ? 'Draw a digit, pick a test image, or pick or drop an image file (preprocessed like the CLI’s predict).'
      : `Drawing ${what} images by hand makes no sense: pick a test image, or pick or drop an image file (preprocessed like the CLI’s predict).`;
    if (!digits && store.state.input?.kind === 'drawing') store.set({ input: undefined });
  }

  ui.clear.addEventListener('click', () => drawing.clear());
  ui.pick.addEventListener('click', pickTestImage);
  ui.file.addEventListener('change', () => void onFiles(takeFiles(ui.file)));
  dropZone(
    ui.dropZone,
    (files) => void onFiles(files),
    () => true,
  );
  store.subscribe((state, changed) => {
    // While a dataset loads (none in use) the mode stays as it was, so that it does not flicker.
    if (changed.has('params') || (changed.has('dataset') && state.dataset !== undefined)) renderMode();
    if (changed.has('testSplit')) ui.pick.disabled = state.testSplit === undefined;
    if (changed.has('model') || changed.has('input')) void update();
  });
  renderMode();
  void update();
}
