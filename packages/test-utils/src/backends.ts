// The tfjs side of the fixtures (`@mnist-kit/test-utils/backends`): backends chosen through
// @mnist-kit/backends' Node candidates, and one spec run over several of them.
import { type BackendSelection, type NodeBackendName, nodeCandidates, selectBackend } from '@mnist-kit/backends';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, beforeEach, describe } from 'vitest';

/**
 * The backends `.ci/run` says load on this machine (`MNIST_KIT_REQUIRE_BACKENDS`, comma-separated, e.g.
 * `wasm,cpu,webgpu`): their tests fail instead of skipping when they do not load.
 */
export function requiredBackends(): Set<string> {
  return new Set((process.env.MNIST_KIT_REQUIRE_BACKENDS ?? '').split(',').filter(Boolean));
}

/**
 * Loads and activates a Node backend as the CLI does (`selectBackend` over `nodeCandidates()`: wasm's
 * binaries from node_modules, webgpu through Dawn). Throws a `BackendError` when it does not load.
 */
export function useBackend(name: NodeBackendName): Promise<BackendSelection> {
  return selectBackend({ preference: name, candidates: nodeCandidates() });
}

/** Selects the cpu backend (e.g. `beforeAll(useCpuBackend)`). */
export async function useCpuBackend(): Promise<void> {
  await useBackend('cpu');
}

/** Selects the wasm backend, its `.wasm` files loaded from node_modules. */
export async function useWasmBackend(): Promise<void> {
  await useBackend('wasm');
}

/** Values of a tensor as a plain array. */
export function values(t: tf.Tensor): number[] {
  return Array.from(t.dataSync());
}

/**
 * Runs `spec` once per backend, each time inside `describe('on <name>')` (the idea of tfjs'
 * `describeWithFlags(…, ALL_ENVS)`): the backend is loaded before the block's tests and made active
 * again before each of them (a test may switch to another), and released after the block. A backend
 * that does not load here skips its block, with the reason, unless `MNIST_KIT_REQUIRE_BACKENDS` names
 * it: then its tests fail.
 *
 * @example
 * ```ts
 * describeBackends(['cpu', 'wasm'], (backend) => {
 *   it('adds', () => expect(tf.add(1, 2).dataSync()[0]).toBe(3));
 * });
 * ```
 */
export function describeBackends(names: readonly NodeBackendName[], spec: (backend: NodeBackendName) => void): void {
  for (const name of names) {
    describe(`on ${name}`, () => {
      let selection: BackendSelection | undefined;
      let why = '';
      beforeAll(async () => {
        try {
          selection = await useBackend(name);
        } catch (error) {
          if (requiredBackends().has(name)) throw error;
          why = error instanceof Error ? error.message : String(error);
        }
      });
      beforeEach(async (ctx) => {
        if (selection === undefined) return ctx.skip(`${name} does not load here: ${why}`);
        await tf.setBackend(selection.backend);
      });
      afterAll(async () => {
        await selection?.release();
      });
      spec(name);
    });
  }
}
