import type { Split } from '@mnist-kit/datasets';
import { imageCanvas } from '../gallery';
import { classNames, type Store, splitInput } from '../state';
import { element } from './_dom';

/** Training images in the grid. */
const COUNT = 32;

/**
 * The Training images section: a grid of random training images with their labels (the tutorial's first
 * look at the data), drawn again from other random rows by "New samples". Picking one makes it the input
 * the predict and activations panels show.
 */
export function createSamplesPanel(store: Store): void {
  const ui = {
    grid: element('sample-grid'),
    again: element('new-samples-button', HTMLButtonElement),
  };

  function render(): void {
    const split = store.state.dataset?.train;
    ui.again.disabled = split === undefined;
    if (split === undefined) {
      const p = document.createElement('p');
      p.className = 'muted';
      p.textContent = 'No training images yet: load a dataset.';
      ui.grid.replaceChildren(p);
      return;
    }
    const names = classNames(store.state);
    ui.grid.replaceChildren(...randomRows(split.count, COUNT).map((index) => sample(split, index, names)));
  }

  function sample(split: Split, index: number, names: readonly string[]): HTMLButtonElement {
    const label = split.labels[index]!;
    const name = names[label] ?? String(label);
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'sample';
    button.dataset.index = String(index);
    button.setAttribute('aria-label', `training image ${index}: ${name}; show what the network does with it`);
    const caption = document.createElement('span');
    caption.textContent = name;
    button.append(imageCanvas(split, index), caption);
    button.addEventListener('click', () => store.set({ input: splitInput(split, index, 'training') }));
    return button;
  }

  ui.again.addEventListener('click', render);
  store.subscribe((_state, changed) => {
    if (changed.has('dataset')) render();
  });
  render();
}

/** `n` distinct random rows of `count` (all of them, shuffled, when there are fewer). */
function randomRows(count: number, n: number): number[] {
  const picked = new Set<number>();
  const want = Math.min(n, count);
  while (picked.size < want) picked.add(Math.floor(Math.random() * count));
  return [...picked];
}
