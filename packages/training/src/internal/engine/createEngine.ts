import { enginePlatform } from '#enginePlatform';
import type { EngineWorker } from './engineWorker';
import { type EngineIsa, loadEngineModule } from './loadEngineModule';
import { ACTIVATION_CODE, GATHER_CODE, LAYER, OPTIMIZER_CODE, PLAN } from './planLayout';

/** One dense layer of the network the engine trains. */
export interface EngineLayer {
  /** Input width. */
  inputs: number;
  /** Output width. */
  units: number;
  /** Activation after the layer (`'linear'` for the logits layer). */
  activation: keyof typeof ACTIVATION_CODE;
}

/** What the engine is built for. */
export interface EngineSpec {
  /** The dense layers, input first; the last one produces the logits (linear). */
  layers: readonly EngineLayer[];
  /** Inverted dropout after every hidden layer, in `[0, 1)`. */
  dropout: number;
  /** Largest batch `step` is given. */
  maxBatch: number;
  /** Threads to run a step on (the calling thread and `threads − 1` workers). */
  threads: number;
  /** The update rule; SGD with `momentum` keeps one slot. */
  optimizer: 'adam' | 'sgd';
  /** Label smoothing of the softmax cross-entropy. */
  smoothing: number;
  /** Use the relaxed-SIMD (FMA) build where the runtime has it. Defaults to `true`. */
  relaxed?: boolean;
  /**
   * The training images, copied into the engine once so that it builds each batch itself (rows
   * picked by `setOrder` + `step(…, from)`), with `table` mapping pixel bytes to inputs. Defaults to
   * none: the host writes `x` and `labels` before every step.
   */
  data?: { images: Uint8Array; labels: Uint8Array; count: number; table: Float32Array };
}

/** The per-parameter regions, laid out alike: weights and biases of every layer, flat. */
export type EngineRegion = 'params' | 'grads' | 'slot1' | 'slot2';

/** One step's scalars for the optimizer (see `assembly/optimizers.ts`). */
export type OptimizerScalars =
  | { kind: 'adam'; beta1: number; beta2: number; k: number; eps: number; l2: number; decay: number }
  | {
      kind: 'sgd';
      lr: number;
      momentum: number;
      oneMinusDampening: number;
      weightDecay: number;
      nesterov: boolean;
      first: boolean;
    };

/** A training engine instance: memory, plan and threads for one network. */
export interface Engine {
  readonly threads: number;
  readonly isa: EngineIsa;
  /** The batch input `[maxBatch, inputs]`, written before `step`. */
  readonly x: Float32Array;
  /** The batch labels (class indices), written before `step`. */
  readonly labels: Int32Array;
  /** Copies a layer's kernel `[inputs, units]` (row-major) and bias `[units]` into a region. */
  write(region: EngineRegion, layer: number, kernel: Float32Array, bias: Float32Array): void;
  /** Copies a layer's kernel and bias out of a region. */
  read(region: EngineRegion, layer: number): { kernel: Float32Array; bias: Float32Array };
  /**
   * The sums of squares of a layer's kernel and bias in a region (padding left out), in float64, read in
   * place (no copy): e.g. `'grads'` after a step holds that step's gradient of the mean loss.
   */
  sumSquares(region: EngineRegion, layer: number): { kernel: number; bias: number };
  /** Zeroes a region (e.g. fresh optimizer slots). */
  clear(region: EngineRegion): void;
  /** Sets the row order of the epoch (indices into `spec.data`), for `step(…, from)`. */
  setOrder(order: ArrayLike<number>): void;
  /**
   * One training step on `rows` rows — of `x`/`labels` as the host wrote them, or, with `from`, rows
   * `order[from … from + rows)` of `spec.data`, which the engine gathers; returns the mean loss and the
   * correct count.
   */
  step(rows: number, seed: number, scalars: OptimizerScalars, from?: number): { loss: number; correct: number };
  /** Stops the workers. The engine cannot be used afterwards. */
  dispose(): Promise<void>;
}

/** Whether this thread may block in `Atomics.wait` (everywhere but a browser's main thread). */
function mayBlock(): boolean {
  try {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
    return true;
  } catch {
    return false;
  }
}

const BASE = 65536; // the module's own static data (math tables) lies below
const ALIGN = 64;
const roundUp = (n: number, to: number) => Math.ceil(n / to) * to;

interface LayerLayout {
  k: number;
  n: number;
  p: number;
  realInputs: number;
  w: number;
  b: number;
  y: number;
  d: number;
  mask: number;
  dz: number;
  wt: number;
}

/**
 * Lays out the engine's memory for `spec`, compiles or reuses the engine module and starts its
 * worker threads. Threads need a shared memory (`SharedArrayBuffer`: always in Node, only when
 * cross-origin isolated in a browser); without one the engine runs on the calling thread.
 */
export async function createEngine(spec: EngineSpec): Promise<Engine> {
  const platform = enginePlatform;
  const threads = platform.workersSupported() ? Math.max(1, Math.floor(spec.threads)) : 1;
  const shared = threads > 1;
  const engineModule = await loadEngineModule({ shared, relaxed: spec.relaxed });

  let top = BASE;
  const take = (bytes: number) => {
    const at = top;
    top = roundUp(top + bytes, ALIGN);
    return at;
  };
  const maxRows = roundUp(spec.maxBatch, 4);
  const inputs = spec.layers[0]!.inputs;
  const planAt = take(4 * (PLAN.layer0 + PLAN.layerWords * spec.layers.length));
  const phasesAt = take(ALIGN * (2 * spec.layers.length + 2));
  const controlAt = take(ALIGN);
  const resultAt = take(16);
  const xAt = take(4 * maxRows * inputs);
  const labelsAt = take(4 * maxRows);
  const data = spec.data;
  const imagesAt = data === undefined ? 0 : take(data.count * inputs);
  const labelBytesAt = data === undefined ? 0 : take(data.count);
  const orderAt = data === undefined ? 0 : take(4 * data.count);
  const tableAt = data === undefined ? 0 : take(4 * 256);

  // Parameters: per layer the kernel [k, p] then the bias [p] (p = units rounded up to 8; k = the
  // padded width of the layer below), contiguous, so the update is one pass. Padding stays 0.
  const layouts: LayerLayout[] = [];
  let offset = 0;
  spec.layers.forEach((layer, l) => {
    const k = l === 0 ? layer.inputs : layouts[l - 1]!.p;
    const p = roundUp(layer.units, 8);
    layouts.push({ k, n: layer.units, p, realInputs: layer.inputs, w: offset, b: offset + k * p } as LayerLayout);
    offset += k * p + p;
  });
  const total = offset;
  const regionAt: Record<EngineRegion, number> = {
    params: take(4 * total),
    grads: take(4 * total),
    slot1: take(4 * total),
    slot2: take(spec.optimizer === 'adam' ? 4 * total : 0),
  };
  const last = spec.layers.length - 1;
  for (const [l, layout] of layouts.entries()) {
    layout.y = take(4 * maxRows * layout.p);
    layout.d = spec.dropout > 0 && l < last ? take(4 * maxRows * layout.p) : layout.y;
    layout.mask = spec.dropout > 0 && l < last ? take(4 * maxRows * layout.p) : 0;
    layout.dz = take(4 * maxRows * layout.p);
    layout.wt = l > 0 ? take(4 * layout.p * layout.k) : 0;
  }
  const pages = Math.ceil(top / 65536) + 1;
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared } as WebAssembly.MemoryDescriptor);
  const instance = new WebAssembly.Instance(engineModule.module, { env: { memory } });
  const step = instance.exports.step as (plan: number, tid: number, canWait: number) => void;
  const prepare = instance.exports.prepare as (plan: number) => void;
  const canWait = threads > 1 && mayBlock() ? 1 : 0;

  const buffer = memory.buffer;
  const i32 = new Int32Array(buffer);
  const f32 = new Float32Array(buffer);
  const planWord = planAt / 4;
  const setWord = (i: number, v: number) => {
    i32[planWord + i] = v;
  };
  const setReal = (i: number, v: number) => {
    f32[planWord + i] = v;
  };
  setWord(PLAN.layers, spec.layers.length);
  setWord(PLAN.threads, threads);
  setWord(PLAN.input, inputs);
  setWord(PLAN.classes, spec.layers[last]!.units);
  setWord(PLAN.x, xAt);
  setWord(PLAN.labels, labelsAt);
  setWord(PLAN.result, resultAt);
  setWord(PLAN.phases, phasesAt);
  setWord(PLAN.optimizer, OPTIMIZER_CODE[spec.optimizer]);
  setWord(PLAN.params, regionAt.params);
  setWord(PLAN.grads, regionAt.grads);
  setWord(PLAN.slot1, regionAt.slot1);
  setWord(PLAN.slot2, regionAt.slot2);
  setWord(PLAN.total, total);
  setReal(PLAN.smoothing, spec.smoothing);
  setReal(PLAN.dropout, spec.dropout);
  setReal(PLAN.keepScale, spec.dropout > 0 ? 1 / (1 - spec.dropout) : 1);
  for (const [l, layout] of layouts.entries()) {
    const base = PLAN.layer0 + PLAN.layerWords * l;
    const input = l === 0 ? xAt : layouts[l - 1]!.d;
    setWord(base + LAYER.k, layout.k);
    setWord(base + LAYER.n, layout.n);
    setWord(base + LAYER.p, layout.p);
    setWord(base + LAYER.act, ACTIVATION_CODE[spec.layers[l]!.activation]);
    setWord(base + LAYER.input, input);
    setWord(base + LAYER.w, regionAt.params + 4 * layout.w);
    setWord(base + LAYER.b, regionAt.params + 4 * layout.b);
    setWord(base + LAYER.gw, regionAt.grads + 4 * layout.w);
    setWord(base + LAYER.gb, regionAt.grads + 4 * layout.b);
    setWord(base + LAYER.y, layout.y);
    setWord(base + LAYER.d, layout.d);
    setWord(base + LAYER.mask, layout.mask);
    setWord(base + LAYER.dz, layout.dz);
    setWord(base + LAYER.wt, layout.wt);
  }

  let gatherMode: number = GATHER_CODE.none;
  if (data !== undefined) {
    if (data.images.length !== data.count * inputs || data.labels.length !== data.count || data.table.length !== 256) {
      throw new Error(
        `engine: data must hold ${data.count} images of ${inputs} bytes, their labels and a 256-entry table`,
      );
    }
    new Uint8Array(buffer, imagesAt, data.images.length).set(data.images);
    new Uint8Array(buffer, labelBytesAt, data.count).set(data.labels);
    new Float32Array(buffer, tableAt, 256).set(data.table);
    setWord(PLAN.images, imagesAt);
    setWord(PLAN.labelBytes, labelBytesAt);
    setWord(PLAN.table, tableAt);
    // x/255 in SIMD is exact when that is what the table holds (a float division of exact values).
    gatherMode = data.table.every((v, i) => v === Math.fround(i / 255)) ? GATHER_CODE.unit : GATHER_CODE.table;
  }
  const order = data === undefined ? undefined : new Int32Array(buffer, orderAt, data.count);

  const workers: EngineWorker[] = [];
  const control = new Int32Array(buffer, controlAt, 2);
  try {
    for (let tid = 1; tid < threads; tid++) {
      workers.push(
        await platform.startWorker({ module: engineModule.module, memory, plan: planAt, control: controlAt, tid }),
      );
    }
  } catch (error) {
    await stopWorkers();
    throw error;
  }

  async function stopWorkers(): Promise<void> {
    Atomics.store(control, 1, 1);
    Atomics.add(control, 0, 1);
    Atomics.notify(control, 0);
    await Promise.all(workers.map((w) => w.stop()));
    workers.length = 0;
  }

  const x = new Float32Array(buffer, xAt, maxRows * inputs);
  const labels = new Int32Array(buffer, labelsAt, maxRows);
  let disposed = false;

  const regionView = (region: EngineRegion) => {
    if (region === 'slot2' && spec.optimizer !== 'adam') throw new Error('engine: this optimizer has no slot2');
    return new Float32Array(buffer, regionAt[region], total);
  };

  return {
    threads,
    isa: engineModule.isa,
    x,
    labels,
    write(region, layer, kernel, bias) {
      const view = regionView(region);
      const { k, n, p, realInputs, w, b } = layouts[layer]!;
      if (kernel.length !== realInputs * n || bias.length !== n) {
        throw new Error(`engine: layer ${layer} expects a [${realInputs}, ${n}] kernel and a [${n}] bias`);
      }
      view.fill(0, w, b + p);
      for (let i = 0; i < realInputs; i++) view.set(kernel.subarray(i * n, (i + 1) * n), w + i * p);
      view.set(bias, b);
      void k;
    },
    read(region, layer) {
      const view = regionView(region);
      const { n, p, realInputs, w, b } = layouts[layer]!;
      const kernel = new Float32Array(realInputs * n);
      for (let i = 0; i < realInputs; i++) kernel.set(view.subarray(w + i * p, w + i * p + n), i * n);
      return { kernel, bias: view.slice(b, b + n) };
    },
    sumSquares(region, layer) {
      const view = regionView(region);
      const { n, p, realInputs, w, b } = layouts[layer]!;
      // The real n values of each row (padding left out), with four partial sums.
      const sum = (from: number) => {
        let s0 = 0;
        let s1 = 0;
        let s2 = 0;
        let s3 = 0;
        const end = from + n;
        let j = from;
        for (; j + 3 < end; j += 4) {
          const a = view[j]!;
          const c = view[j + 1]!;
          const d = view[j + 2]!;
          const e = view[j + 3]!;
          s0 += a * a;
          s1 += c * c;
          s2 += d * d;
          s3 += e * e;
        }
        for (; j < end; j++) s0 += view[j]! * view[j]!;
        return s0 + s1 + s2 + s3;
      };
      let kernel = 0;
      for (let i = 0; i < realInputs; i++) kernel += sum(w + i * p);
      return { kernel, bias: sum(b) };
    },
    clear(region) {
      regionView(region).fill(0);
    },
    setOrder(indices) {
      if (order === undefined || indices.length > order.length) throw new Error('engine: no data, or too many indices');
      for (let i = 0; i < indices.length; i++) {
        const row = indices[i]!;
        if (!(row >= 0 && row < order.length)) throw new Error(`engine: row ${row} is out of range`);
        order[i] = row;
      }
    },
    step(rows, seed, scalars, from) {
      if (disposed) throw new Error('engine: disposed');
      if (!(Number.isInteger(rows) && rows >= 1 && rows <= spec.maxBatch)) {
        throw new Error(`engine: rows must be 1 … ${spec.maxBatch}, got ${rows}`);
      }
      const padded = roundUp(rows, 4);
      if (padded > rows) {
        x.fill(0, rows * inputs, padded * inputs);
        labels.fill(0, rows, padded);
      }
      if (from === undefined) {
        setWord(PLAN.gather, GATHER_CODE.none);
      } else {
        if (order === undefined || !(Number.isInteger(from) && from >= 0 && from + rows <= order.length)) {
          throw new Error('engine: no data, or the rows are past the order');
        }
        setWord(PLAN.gather, gatherMode);
        setWord(PLAN.order, orderAt + 4 * from);
      }
      setWord(PLAN.rows, rows);
      setWord(PLAN.paddedRows, padded);
      setWord(PLAN.seed, seed | 0);
      const o = PLAN.opt;
      if (scalars.kind === 'adam') {
        setReal(o, scalars.beta1);
        setReal(o + 1, scalars.beta2);
        setReal(o + 2, scalars.k);
        setReal(o + 3, scalars.eps);
        setReal(o + 4, scalars.l2);
        setReal(o + 5, scalars.decay);
      } else {
        setReal(o, scalars.lr);
        setReal(o + 1, scalars.momentum);
        setReal(o + 2, scalars.oneMinusDampening);
        setReal(o + 3, scalars.weightDecay);
        setWord(o + 4, scalars.nesterov ? 1 : 0);
        setWord(o + 5, scalars.first ? 1 : 0);
      }
      prepare(planAt);
      if (threads > 1) {
        Atomics.add(control, 0, 1);
        Atomics.notify(control, 0);
      }
      step(planAt, 0, canWait);
      return { loss: f32[resultAt / 4]!, correct: i32[resultAt / 4 + 1]! };
    },
    async dispose() {
      if (disposed) return;
      disposed = true;
      await stopWorkers();
    },
  };
}
