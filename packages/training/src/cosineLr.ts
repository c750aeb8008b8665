import { checkNumber } from './internal/checkOption';
import { TrainingError } from './TrainingError';
import type { LrSchedule } from './types';

/** Options of {@link cosineLr}: give exactly one of `totalSteps` / `totalEpochs`. */
export interface CosineLrOptions {
  /** Length of warm-up plus annealing, in optimizer steps. Defaults to none (then give `totalEpochs`). */
  totalSteps?: number;
  /**
   * Length of warm-up plus annealing, in epochs (`totalSteps = totalEpochs × stepsPerEpoch`). Defaults to
   * none (then give `totalSteps`).
   */
  totalEpochs?: number;
  /**
   * Linear warm-up steps: step `t < warmupSteps` uses `baseLr · (t + 1) / warmupSteps`. Defaults to `0`.
   */
  warmupSteps?: number;
  /** The rate at the end of annealing (and after it). Defaults to `0`. */
  minLr?: number;
}

/**
 * Linear warm-up, then cosine annealing from `baseLr` to `minLr`, updated every step (also when the
 * length is given in epochs):
 * `lr(t) = minLr + (baseLr − minLr) · (1 + cos(π · (t − warmup) / (total − warmup))) / 2`,
 * with `t = epoch · stepsPerEpoch + step`. After `total` steps the rate stays at `minLr`.
 */
export function cosineLr(options: CosineLrOptions): LrSchedule {
  const where = 'cosineLr';
  const { totalSteps, totalEpochs } = options ?? {};
  if ((totalSteps === undefined) === (totalEpochs === undefined)) {
    throw new TrainingError('BAD_OPTION', `${where}: give exactly one of totalSteps and totalEpochs.`);
  }
  if (totalSteps !== undefined) checkNumber(where, 'totalSteps', totalSteps, { min: 1, integer: true });
  if (totalEpochs !== undefined) checkNumber(where, 'totalEpochs', totalEpochs, { min: 1 });
  const warmup = checkNumber(where, 'warmupSteps', options.warmupSteps ?? 0, { min: 0, integer: true });
  const minLr = checkNumber(where, 'minLr', options.minLr ?? 0, { min: 0 });
  return ({ epoch, step, stepsPerEpoch, baseLearningRate: baseLr }) => {
    const t = epoch * stepsPerEpoch + step;
    if (t < warmup) return (baseLr * (t + 1)) / warmup;
    const total = totalSteps ?? Math.round(totalEpochs! * stepsPerEpoch);
    const progress = Math.min(1, (t - warmup) / Math.max(1, total - warmup));
    return minLr + ((baseLr - minLr) * (1 + Math.cos(Math.PI * progress))) / 2;
  };
}
