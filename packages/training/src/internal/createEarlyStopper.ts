import { TrainingError } from '../TrainingError';
import type { EarlyStoppingOptions, EpochLog } from '../types';
import { checkNumber } from './checkOption';

/** Returns a function that records an epoch and says whether to stop. */
export function createEarlyStopper(
  options: EarlyStoppingOptions,
  hasValidation: boolean,
  previous: readonly EpochLog[],
): (log: EpochLog) => boolean {
  const patience = checkNumber('earlyStopping', 'patience', options?.patience, { min: 0, integer: true });
  const minDelta = checkNumber('earlyStopping', 'minDelta', options.minDelta ?? 0, { min: 0 });
  const monitor = options.monitor ?? 'valLoss';
  if (!['valLoss', 'valAccuracy', 'trainLoss', 'trainAccuracy'].includes(monitor)) {
    throw new TrainingError('BAD_OPTION', `earlyStopping: unknown monitor '${String(monitor)}'.`);
  }
  if (monitor.startsWith('val') && !hasValidation) {
    throw new TrainingError('BAD_OPTION', `earlyStopping: monitor '${monitor}' needs the validation option.`);
  }
  const higherIsBetter = monitor.endsWith('Accuracy');
  let best: number | undefined;
  let wait = 0;
  const record = (log: EpochLog): boolean => {
    const value = log[monitor];
    if (value === undefined || Number.isNaN(value)) return false;
    const improved = best === undefined || (higherIsBetter ? value > best + minDelta : value < best - minDelta);
    if (improved) {
      best = value;
      wait = 0;
      return false;
    }
    wait++;
    return wait >= patience;
  };
  for (const log of previous) record(log);
  return record;
}
