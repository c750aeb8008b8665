import type { StepEvent } from '../trainer';
import { element } from './_dom';
import type { TrainingPanel } from './trainingPanel';

/** The share of the training time the live updates may take, all panels together. */
export const LIVE_BUDGET = 0.01;

/** What the live panels report of their work during a run, and the note that says what it cost. */
export interface LiveCost {
  /**
   * Whether a live update may run now: while the updates so far took less than {@link LIVE_BUDGET} of the
   * run's time (the first one always may), so on a slow machine they come less often, never slowing training.
   */
  allowed(): boolean;
  /** Adds `ms` of main-thread time spent by `part` (e.g. `first-layer weights`) for one update. */
  add(part: string, ms: number): void;
  /** Updates so far this run, per part. */
  readonly parts: ReadonlyMap<string, { count: number; ms: number }>;
}

/**
 * The cost of the "inside the network" panels' live updates: each asks whether it may update (the updates
 * stay under {@link LIVE_BUDGET} of the training time) and reports the main-thread time of every update it
 * makes during a run (a read-back that waits asynchronously is not time taken from training); the note
 * under the weight images (`weights-cost`) says it as a share of the training time so far, at most once a
 * second. A new run (its first step) starts over.
 */
export function createLiveCost({ training }: { training: Pick<TrainingPanel, 'onStep'> }): LiveCost {
  const note = element('weights-cost');
  const parts = new Map<string, { count: number; ms: number }>();
  let startedAt = 0;
  let lastNote = 0;
  let totalMs = 0;

  function show(now: number): void {
    lastNote = now;
    if (parts.size === 0) return;
    const items = [...parts].map(([part, { count, ms }]) => `${part} ${count} × ${(ms / count).toFixed(1)} ms`);
    const share = (100 * totalMs) / Math.max(1, now - startedAt);
    note.textContent = `Live updates during training (on read-back steps only; budget ${LIVE_BUDGET * 100} %, an update may overshoot it): ${items.join(', ')} — ${share.toFixed(2)} % of the training time so far.`;
    note.dataset.ms = totalMs.toFixed(1);
    note.dataset.share = share.toFixed(3);
  }

  training.onStep((event: StepEvent) => {
    const now = performance.now();
    if (event.globalStep === 1) {
      parts.clear();
      totalMs = 0;
      startedAt = now;
      note.textContent = '';
    }
    if (now - lastNote >= 1000) show(now);
  });
  return {
    allowed() {
      return totalMs < LIVE_BUDGET * (performance.now() - startedAt);
    },
    add(part, ms) {
      totalMs += ms;
      const entry = parts.get(part) ?? { count: 0, ms: 0 };
      entry.count++;
      entry.ms += ms;
      parts.set(part, entry);
      const now = performance.now();
      if (now - lastNote >= 1000) show(now);
    },
    parts,
  };
}
