import { checkNumber } from './internal/checkOption';
import { TrainingError } from './TrainingError';
import type { LrSchedule } from './types';

/** Options of {@link stepLr}. */
export interface StepLrOptions {
  /** Decay every `stepSize` epochs (or steps, with `per: 'step'`); a positive integer. Required. */
  stepSize: number;
  /** Multiplicative factor of each decay. Defaults to `0.1`. */
  gamma?: number;
  /**
   * What `stepSize` counts: `'epoch'` (PyTorch `StepLR` stepped once per epoch; the rate is
   * constant within an epoch) or `'step'` (optimizer steps, counted across epochs). Defaults to `'epoch'`.
   */
  per?: 'epoch' | 'step';
}

/** Step decay: `baseLr · gamma^floor(n / stepSize)`, with `n` the epoch (or global step) index from 0. */
export function stepLr(options: StepLrOptions): LrSchedule {
  const stepSize = checkNumber('stepLr', 'stepSize', options?.stepSize, { min: 1, integer: true });
  const gamma = checkNumber('stepLr', 'gamma', options.gamma ?? 0.1, { min: 0 });
  const per = options.per ?? 'epoch';
  if (per !== 'epoch' && per !== 'step') {
    throw new TrainingError('BAD_OPTION', `stepLr: per must be 'epoch' or 'step', got ${String(per)}.`);
  }
  return ({ epoch, step, stepsPerEpoch, baseLearningRate }) => {
    const n = per === 'epoch' ? epoch : epoch * stepsPerEpoch + step;
    return baseLearningRate * gamma ** Math.floor(n / stepSize);
  };
}
