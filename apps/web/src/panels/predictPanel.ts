import { createDrawCanvas } from '../drawCanvas';
import { paintGray } from '../gallery';
import { predictDigit } from '../predict';
import { classNames, type Store } from '../state';
import { element } from './_dom';

/**
 * The Draw section: a canvas to draw on, the model's prediction, the 28×28 input it saw and a bar per class.
 * Predicts again on each stroke and whenever the model in use changes.
 */
export function createPredictPanel(store: Store): void {
  const ui = {
    canvas: element('draw-canvas', HTMLCanvasElement),
    clear: element('clear-button', HTMLButtonElement),
    prediction: element('prediction'),
    name: element('prediction-name'),
    status: element('predict-status'),
    preview: element('preview', HTMLCanvasElement),
    bars: element('bars'),
  };
  const drawing = createDrawCanvas(ui.canvas, { onChange: () => void update() });
  /** Counts predictions, so an answer that comes after a newer request is dropped. */
  let seq = 0;

  async function update(): Promise<void> {
    const mine = ++seq;
    const { model } = store.state;
    if (drawing.isBlank) {
      ui.prediction.textContent = '';
      ui.name.textContent = '';
      ui.bars.replaceChildren();
      ui.status.textContent = model === undefined ? 'Train or load a model, then draw.' : 'Draw a digit.';
      ui.preview.getContext('2d')?.clearRect(0, 0, 28, 28);
      return;
    }
    if (model === undefined || model.isDisposed) {
      ui.status.textContent = 'No model yet: train one or load one below.';
      return;
    }
    const image = drawing.imageData();
    try {
      const result = await predictDigit(model, {
        data: image.data,
        width: image.width,
        height: image.height,
        channels: 4,
      });
      if (mine !== seq) return;
      if (result === undefined) {
        ui.status.textContent = 'Nothing to read yet: draw a bigger or darker stroke.';
        return;
      }
      const names = classNames(store.state);
      ui.prediction.textContent = String(result.top);
      ui.name.textContent = names[result.top] === String(result.top) ? '' : `(${names[result.top]})`;
      ui.status.textContent = `${(result.probabilities[result.top]! * 100).toFixed(1)} % sure`;
      renderPreview(result.input);
      renderBars(result.probabilities, result.top, names);
    } catch (error) {
      if (mine === seq) ui.status.textContent = `prediction failed: ${(error as Error).message}`;
    }
  }

  function renderPreview(input: Uint8Array): void {
    const ctx = ui.preview.getContext('2d')!;
    const image = ctx.createImageData(28, 28);
    paintGray(image.data, input);
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

  ui.clear.addEventListener('click', () => drawing.clear());
  store.subscribe((_state, changed) => {
    if (changed.has('model')) void update();
  });
}
