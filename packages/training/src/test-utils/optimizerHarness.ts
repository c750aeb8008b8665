import { randomArray } from '@mnist-kit/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';
import type { NamedTensors, NamedVariables, Optimizer } from '../types';

/** Float64 parameters as plain arrays, keyed like `NamedVariables`. */
export type Params64 = Record<string, number[]>;

/** Shapes used by the optimizer tests. */
export const SHAPES: Record<string, number[]> = { w: [2, 3], b: [3] };

/** Initial parameter values. */
export function initialParams(): Params64 {
  return { w: [0.5, -1.2, 0.3, 2.0, -0.7, 0.05], b: [0.1, -0.2, 0.9] };
}

/** A gradient that changes from step to step: `2(p − target) + sin(step + i)·scale`. */
export function gradientAt(p: Params64, step: number, scale = 1): Params64 {
  const out: Params64 = {};
  for (const [name, values] of Object.entries(p)) {
    out[name] = values.map((v, i) => (2 * (v - 0.25) + Math.sin(step + i)) * scale);
  }
  return out;
}

export function toVariables(p: Params64, shapes = SHAPES): NamedVariables {
  const out: NamedVariables = {};
  for (const [name, values] of Object.entries(p))
    out[name] = tf.tidy(() => tf.variable(tf.tensor(values, shapes[name])));
  return out;
}

export function toTensors(p: Params64, shapes = SHAPES): NamedTensors {
  const out: NamedTensors = {};
  for (const [name, values] of Object.entries(p)) out[name] = tf.tensor(values, shapes[name]);
  return out;
}

export function read(vars: NamedVariables): Params64 {
  const out: Params64 = {};
  for (const [name, v] of Object.entries(vars)) out[name] = Array.from(v.dataSync());
  return out;
}

/**
 * Runs `steps` steps on tfjs variables and on the float64 reference, feeding both the same
 * gradients (computed from the reference parameters); returns the largest absolute difference.
 */
export function compareWithReference(
  optimizer: Optimizer,
  reference: (p: Params64, g: Params64, t: number) => void,
  steps: number,
  gradScale = 1,
  { init = initialParams(), shapes = SHAPES }: { init?: Params64; shapes?: Record<string, number[]> } = {},
): number {
  const p64 = init;
  const vars = toVariables(p64, shapes);
  let worst = 0;
  for (let t = 1; t <= steps; t++) {
    const g = gradientAt(p64, t, gradScale);
    const grads = toTensors(g, shapes);
    optimizer.step(vars, grads);
    tf.dispose(Object.values(grads));
    reference(p64, g, t);
    const got = read(vars);
    for (const name of Object.keys(p64)) {
      p64[name]!.forEach((v, i) => {
        worst = Math.max(worst, Math.abs(v - got[name]![i]!));
      });
    }
  }
  tf.dispose(Object.values(vars));
  return worst;
}

/** Seeded parameters in [-1, 1) of the given shapes: the first from seed 1, the next from seed 2, … */
export function randomParams(shapes: Record<string, number[]>): Params64 {
  const out: Params64 = {};
  let seed = 1;
  for (const [name, shape] of Object.entries(shapes)) {
    out[name] = Array.from(
      randomArray(
        shape.reduce((a, b) => a * b, 1),
        seed++,
      ),
    );
  }
  return out;
}

/** Steps `optimizer` through steps `from … to − 1`, each with `gradientAt` of the current parameters. */
export function runSteps(optimizer: Optimizer, vars: NamedVariables, from: number, to: number, shapes = SHAPES): void {
  for (let t = from; t < to; t++) {
    const grads = toTensors(gradientAt(read(vars), t), shapes);
    optimizer.step(vars, grads);
    tf.dispose(Object.values(grads));
  }
}

/**
 * `b` holds the state `a` had after its first steps: both continue from a copy of `a`'s parameters
 * through steps `from … to − 1`, and must end with the same parameters. Disposes both optimizers.
 */
export function expectSameContinuation(
  a: Optimizer,
  b: Optimizer,
  varsA: NamedVariables,
  [from, to]: [number, number],
  shapes = SHAPES,
): void {
  const varsB = toVariables(read(varsA), shapes);
  runSteps(a, varsA, from, to, shapes);
  runSteps(b, varsB, from, to, shapes);
  expect(read(varsB)).toEqual(read(varsA));
  tf.dispose([...Object.values(varsA), ...Object.values(varsB)]);
  a.dispose();
  b.dispose();
}
