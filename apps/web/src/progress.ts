/** Where a run stands, in steps (batches). */
export interface RunProgress {
  /** Steps done in the current epoch. */
  stepInEpoch: number;
  /** Steps per epoch. */
  stepsPerEpoch: number;
  /** Zero-based index of the current epoch. */
  epoch: number;
  /** Epochs of the whole run. */
  epochs: number;
  /** Samples per second (training only). */
  samplesPerSecond: number;
  /** Rows per batch. */
  batchSize: number;
  /** Seconds one validation pass takes, added once per remaining epoch. Defaults to `0`. */
  validationSeconds?: number;
}

/** Steps still to run in the whole run. */
export function remainingSteps(p: Pick<RunProgress, 'stepInEpoch' | 'stepsPerEpoch' | 'epoch' | 'epochs'>): number {
  const left = (p.epochs - p.epoch - 1) * p.stepsPerEpoch + (p.stepsPerEpoch - p.stepInEpoch);
  return Math.max(0, left);
}

/**
 * Seconds until the run ends at the current speed: remaining samples / samples per second, plus one
 * validation pass per epoch not yet finished. `undefined` while the speed is unknown.
 */
export function etaSeconds(p: RunProgress): number | undefined {
  if (!(p.samplesPerSecond > 0) || !Number.isFinite(p.samplesPerSecond)) return undefined;
  const steps = remainingSteps(p);
  const epochsLeft = Math.max(0, p.epochs - p.epoch);
  return (steps * p.batchSize) / p.samplesPerSecond + epochsLeft * (p.validationSeconds ?? 0);
}

/** `0:07`, `12:05`, `1:02:03`; `–` for unknown. */
export function formatDuration(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return '–';
  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** `12,345 samples/s`. */
export function formatRate(samplesPerSecond: number): string {
  if (!Number.isFinite(samplesPerSecond) || samplesPerSecond <= 0) return '– samples/s';
  return `${Math.round(samplesPerSecond).toLocaleString('en-US')} samples/s`;
}
