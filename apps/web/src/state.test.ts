import type { Model } from '@mnist-kit/models';
import { describe, expect, it } from 'vitest';
import { classNames, createStore, isLocked, onModelReplaced, type StateKey } from './state';
import { parseParams } from './urlParams';

const params = () => parseParams('').params;

/** A stand-in model: only what the store and `onModelReplaced` look at. */
function fakeModel(): Model & { disposed: number } {
  const model = {
    disposed: 0,
    get isDisposed() {
      return model.disposed > 0;
    },
    dispose() {
      model.disposed++;
    },
  };
  return model as unknown as Model & { disposed: number };
}

describe('createStore', () => {
  it('starts with nothing loaded, nothing running', () => {
    const store = createStore(params());
    expect(store.state).toMatchObject({ dataset: undefined, model: undefined, training: false, busy: false });
    expect(isLocked(store.state)).toBe(false);
  });

  it('tells every listener each change and the keys it set, even when a value is the same', () => {
    const store = createStore(params());
    const seen: [boolean, StateKey[]][] = [];
    store.subscribe((state, changed) => seen.push([state.busy, [...changed]]));
    store.set({ busy: true });
    store.set({ busy: true, training: false });
    expect(seen).toEqual([
      [true, ['busy']],
      [true, ['busy', 'training']],
    ]);
    expect(isLocked(store.state)).toBe(true);
  });

  it('setParams keeps the other parameters and replaces the params object', () => {
    const store = createStore(params());
    const before = store.state.params;
    const changes: StateKey[][] = [];
    store.subscribe((_state, changed) => changes.push([...changed]));
    store.setParams({ epochs: 3 });
    expect(store.state.params).toEqual({ ...before, epochs: 3 });
    expect(store.state.params).not.toBe(before);
    expect(changes).toEqual([['params']]);
  });

  it('queues a change made by a listener: each listener sees the changes in order, the latest last', () => {
    const store = createStore(params());
    const first: string[] = [];
    const second: string[] = [];
    store.subscribe((state, changed) => {
      first.push(`${[...changed]}:${state.busy}`);
      if (changed.has('training')) store.set({ busy: true });
    });
    store.subscribe((state, changed) => second.push(`${[...changed]}:${state.busy}`));
    store.set({ training: true });
    expect(first).toEqual(['training:false', 'busy:true']);
    expect(second).toEqual(['training:false', 'busy:true']);
  });

  it('unsubscribes', () => {
    const store = createStore(params());
    let calls = 0;
    const off = store.subscribe(() => calls++);
    store.set({ busy: true });
    off();
    store.set({ busy: false });
    expect(calls).toBe(1);
  });

  it('a listener that throws does not leave the store stuck', () => {
    const store = createStore(params());
    let calls = 0;
    const off = store.subscribe(() => {
      throw new Error('boom');
    });
    expect(() => store.set({ busy: true })).toThrow('boom');
    off();
    store.subscribe(() => calls++);
    store.set({ busy: false });
    expect(calls).toBe(1);
  });
});

describe('classNames', () => {
  it('are the chosen dataset’s until one is loaded', () => {
    const store = createStore(parseParams('?dataset=fashion-mnist').params);
    expect(classNames(store.state)[0]).toBe('T-shirt/top');
    expect(classNames(createStore(params()).state)[3]).toBe('3');
  });
});

describe('onModelReplaced', () => {
  it('releases the model in use when another (or none) replaces it, once', () => {
    const store = createStore(params());
    const released: Model[] = [];
    onModelReplaced(store, (previous) => released.push(previous));
    const a = fakeModel();
    const b = fakeModel();
    store.set({ model: a });
    store.set({ model: a, modelOrigin: 'again' });
    store.set({ busy: true });
    expect(released).toEqual([]);
    store.set({ model: b });
    expect(released).toEqual([a]);
    store.set({ model: undefined });
    expect(released).toEqual([a, b]);
  });

  it('skips a model disposed already (e.g. by the trainer starting a new run)', () => {
    const store = createStore(params());
    const released: Model[] = [];
    onModelReplaced(store, (previous) => released.push(previous));
    const a = fakeModel();
    store.set({ model: a });
    a.dispose();
    store.set({ model: fakeModel() });
    expect(released).toEqual([]);
  });

  it('sees every model of changes queued by a listener', () => {
    const store = createStore(params());
    const [a, b, c] = [fakeModel(), fakeModel(), fakeModel()];
    store.subscribe((state) => {
      if (state.model === b) store.set({ model: c });
    });
    const released: Model[] = [];
    onModelReplaced(store, (previous) => released.push(previous));
    store.set({ model: a });
    store.set({ model: b });
    expect(store.state.model).toBe(c);
    expect(released).toEqual([a, b]);
  });
});
