import * as tf from '@tensorflow/tfjs-core';
import { TrainingError } from '../TrainingError';
import type { NamedTensors, NamedVariables } from '../types';

/** Parameters updated together: one parameter in its own shape, or several as one flat vector. */
export interface ParamGroup {
  readonly names: readonly string[];
  readonly sizes: readonly number[];
  /** The parameter's shape (one parameter) or `[total]` (several). */
  readonly shape: readonly number[];
  /** Slot variables (e.g. Adam's `m`, `v`), shaped like `shape`. */
  readonly slots: ReadonlyMap<string, tf.Variable>;
}

interface LayoutEntry {
  name: string;
  size: number;
}

/**
 * How parameters are packed. Small parameters (biases, small kernels) are concatenated into flat
 * groups, so their update costs a dozen ops per group instead of a dozen per parameter; large ones
 * are updated alone, in their own shape (no concat/split copies). On wasm, `split` reads the whole
 * input buffer once per piece (tfjs-backend-wasm 4.x), so groups are kept small there.
 */
function packing(): { smallMax: number; groupMax: number } {
  return tf.getBackend() === 'wasm' ? { smallMax: 4096, groupMax: 8192 } : { smallMax: 32768, groupMax: 65536 };
}

/**
 * Parameter layout and slot variables shared by the built-in optimizers. The layout (names,
 * order, sizes) is fixed by the first `prepare` or by `write`; later calls must match it.
 */
export class ParamGroups {
  private layout: LayoutEntry[] | undefined;
  private built: ParamGroup[] | undefined;
  /** Slot values from `write`, turned into variables by the next `prepare`. */
  private pending: Record<string, Float32Array> | undefined;
  private checkedParams: NamedVariables | undefined;

  constructor(
    private readonly optimizerName: string,
    private readonly slotNames: readonly string[],
    /** Concatenate small parameters into flat groups (worth it when an update takes many ops). */
    private readonly pack = true,
  ) {}

  /** The groups (after `prepare`). */
  get groups(): readonly ParamGroup[] {
    return this.built!;
  }

  /** Fixes the layout from `params` on first use (zeroed slots), else checks `params` fit it. */
  prepare(params: NamedVariables): void {
    if (params === this.checkedParams) return;
    const names = Object.keys(params);
    if (names.length === 0) throw new TrainingError('BAD_GRADIENTS', `${this.optimizerName}: no parameters.`);
    if (this.layout === undefined) {
      this.layout = names.map((name) => ({ name, size: params[name]!.size }));
    } else if (
      names.length !== this.layout.length ||
      !this.layout.every((e, i) => names[i] === e.name && params[e.name]!.size === e.size)
    ) {
      throw new TrainingError(
        'BAD_STATE',
        `${this.optimizerName}: parameters [${names.join(', ')}] do not match the optimizer state ` +
          `[${this.layout.map((e) => e.name).join(', ')}] (names, order and sizes must agree).`,
      );
    }
    if (this.built === undefined) {
      this.built = this.build(params);
    } else {
      for (const group of this.built) {
        if (group.names.length === 1 && !tf.util.arraysEqual(params[group.names[0]!]!.shape, group.shape as number[])) {
          throw new TrainingError('BAD_STATE', `${this.optimizerName}: parameter '${group.names[0]}' changed shape.`);
        }
      }
    }
    this.checkedParams = params;
  }

  /** The group's tensors from `named` (gradients or parameters): as is, or reshaped and concatenated. */
  gather(group: ParamGroup, named: NamedTensors | NamedVariables, what: string): tf.Tensor {
    const parts = group.names.map((name, i) => {
      const t = named[name];
      if (t === undefined) throw new TrainingError('BAD_GRADIENTS', `${this.optimizerName}: no ${what} for '${name}'.`);
      if (t.size !== group.sizes[i]) {
        throw new TrainingError(
          'BAD_GRADIENTS',
          `${this.optimizerName}: ${what} for '${name}' has ${t.size} elements, expected ${group.sizes[i]}.`,
        );
      }
      if (group.names.length === 1)
        return tf.util.arraysEqual(t.shape, group.shape as number[]) ? t : tf.reshape(t, group.shape as number[]);
      return tf.reshape(t, [-1]);
    });
    return parts.length === 1 ? parts[0]! : tf.concat(parts);
  }

  /** `p ← p·decay − update` for the group's parameters (`decay` omitted: `p ← p − update`). */
  apply(group: ParamGroup, params: NamedVariables, update: tf.Tensor, decay?: tf.Scalar): void {
    const pieces = group.names.length === 1 ? [update] : tf.split(update, group.sizes as number[]);
    group.names.forEach((name, i) => {
      const p = params[name]!;
      const piece = pieces[i]!;
      const u = tf.util.arraysEqual(piece.shape, p.shape) ? piece : tf.reshape(piece, p.shape);
      p.assign(decay === undefined ? tf.sub(p, u) : tf.sub(tf.mul(p, decay), u));
    });
  }

  /** Copies of the slots, per parameter in layout order, keyed `<slot>/<param>`. */
  async read(): Promise<Record<string, Float32Array>> {
    if (this.built === undefined) {
      const out: Record<string, Float32Array> = {};
      for (const [key, values] of Object.entries(this.pending ?? {})) out[key] = values.slice();
      return out;
    }
    const perParam = new Map<string, Float32Array>();
    for (const slot of this.slotNames) {
      for (const group of this.built) {
        const flat = (await group.slots.get(slot)!.data()) as Float32Array;
        let offset = 0;
        group.names.forEach((name, i) => {
          perParam.set(`${slot}/${name}`, flat.slice(offset, offset + group.sizes[i]!));
          offset += group.sizes[i]!;
        });
      }
    }
    const out: Record<string, Float32Array> = {};
    for (const slot of this.slotNames) {
      for (const { name } of this.layout!) out[`${slot}/${name}`] = perParam.get(`${slot}/${name}`)!;
    }
    return out;
  }

  /**
   * Replaces the state with copies of `<slot>/<param>` arrays (an empty record: no state yet).
   * Validates everything before changing anything.
   */
  write(slots: Record<string, Float32Array>): void {
    const keys = Object.keys(slots);
    let layout: LayoutEntry[] | undefined;
    if (keys.length > 0) {
      const first = this.slotNames[0];
      layout = [];
      if (first !== undefined) {
        for (const key of keys) {
          if (key.startsWith(`${first}/`)) layout.push({ name: key.slice(first.length + 1), size: slots[key]!.length });
        }
      }
      const complete =
        layout.length > 0 &&
        keys.length === layout.length * this.slotNames.length &&
        this.slotNames.every((slot) =>
          layout!.every((e) => {
            const values = slots[`${slot}/${e.name}`];
            return values instanceof Float32Array && values.length === e.size;
          }),
        );
      if (!complete) {
        throw new TrainingError(
          'BAD_STATE',
          `${this.optimizerName}: state slots must be ${this.slotNames.map((s) => `'${s}/<param>'`).join(', ')} ` +
            'for every parameter, with one value per parameter element.',
        );
      }
    }
    this.dispose();
    this.layout = layout;
    if (layout !== undefined) {
      this.pending = {};
      for (const key of keys) this.pending[key] = slots[key]!.slice();
    }
  }

  dispose(): void {
    for (const group of this.built ?? []) for (const v of group.slots.values()) v.dispose();
    this.built = undefined;
    this.layout = undefined;
    this.pending = undefined;
    this.checkedParams = undefined;
  }

  private build(params: NamedVariables): ParamGroup[] {
    const { smallMax, groupMax } = packing();
    const members: string[][] = [];
    let open: string[] | undefined;
    let openSize = 0;
    for (const { name, size } of this.layout!) {
      if (!this.pack || size > smallMax) {
        members.push([name]);
        continue;
      }
      if (open === undefined || openSize + size > groupMax) {
        open = [];
        openSize = 0;
        members.push(open);
      }
      open.push(name);
      openSize += size;
    }
    const pending = this.pending;
    this.pending = undefined;
    return members.map((names) => {
      const sizes = names.map((name) => params[name]!.size);
      const total = sizes.reduce((a, b) => a + b, 0);
      const shape = names.length === 1 ? [...params[names[0]!]!.shape] : [total];
      const slots = new Map<string, tf.Variable>();
      for (const slot of this.slotNames) {
        let initial: tf.Tensor;
        if (pending === undefined) {
          initial = tf.zeros(shape);
        } else {
          const flat = new Float32Array(total);
          let offset = 0;
          for (const name of names) {
            const values = pending[`${slot}/${name}`]!;
            flat.set(values, offset);
            offset += values.length;
          }
          initial = tf.tensor(flat, shape, 'float32');
        }
        slots.set(slot, tf.variable(initial, false));
        initial.dispose();
      }
      return { names, sizes, shape, slots };
    });
  }
}
