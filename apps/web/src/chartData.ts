import { createEma } from './smoothing';

/** The loss curve as uPlot wants it: `[steps, raw losses, smoothed losses]`. */
export type LossData = [number[], number[], number[]];

/** Loss points of a run, with their bias-corrected EMA. */
export interface LossSeries {
  push(step: number, loss: number): void;
  readonly data: LossData;
  reset(): void;
}

/** Creates a {@link LossSeries}; `smoothing` as in `createEma`. Defaults to `0.8`. */
export function createLossSeries(smoothing = 0.8): LossSeries {
  const ema = createEma(smoothing);
  let data: LossData = [[], [], []];
  return {
    push(step, loss) {
      if (!Number.isFinite(loss)) return;
      data[0].push(step);
      data[1].push(loss);
      data[2].push(ema.push(loss));
    },
    get data() {
      return data;
    },
    reset() {
      ema.reset();
      data = [[], [], []];
    },
  };
}

/** Accuracy per epoch as uPlot wants it: `[epochs (1-based), train, validation]` (`null` where missing). */
export type AccuracyData = [number[], (number | null)[], (number | null)[]];

/** Adds one epoch to accuracy data, replacing an earlier point of the same epoch (a resumed epoch). */
export function addEpochAccuracy(
  data: AccuracyData,
  epoch: number,
  train: number | undefined,
  validation: number | undefined,
): AccuracyData {
  const x = epoch + 1;
  const at = data[0].indexOf(x);
  const rows = data[0].map((e, i) => [e, data[1][i] ?? null, data[2][i] ?? null] as const);
  const row = [x, train ?? null, validation ?? null] as const;
  if (at >= 0) rows[at] = row;
  else rows.push(row);
  rows.sort((a, b) => a[0] - b[0]);
  return [rows.map((r) => r[0]), rows.map((r) => r[1]), rows.map((r) => r[2])];
}
