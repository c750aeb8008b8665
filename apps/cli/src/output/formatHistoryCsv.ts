import type { EpochLog } from '@mnist-kit/training';

/** One row per epoch of a training history (`fit`'s epoch log; older checkpoints may lack the rate). */
export type HistoryRow = Omit<EpochLog, 'learningRate'> & { learningRate?: number };

const columns = [
  'epoch',
  'trainLoss',
  'trainAccuracy',
  'valLoss',
  'valAccuracy',
  'seconds',
  'samplesPerSecond',
  'learningRate',
] as const;

/** `history.csv`: a header, then one line per epoch (epochs numbered from 1; empty cells where not measured). */
export function formatHistoryCsv(rows: HistoryRow[]): string {
  const lines = [columns.join(',')];
  for (const row of rows) {
    lines.push(
      columns
        .map((c) => {
          const v = c === 'epoch' ? row.epoch + 1 : row[c];
          return v === undefined || v === null || Number.isNaN(v) ? '' : String(v);
        })
        .join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}
