import { ansi } from './internal/ansi';
import type { PredictionMetrics } from './types';

/** Options of {@link formatEvaluation}. */
export interface FormatEvaluationOptions {
  /** One name per class, shown next to the labels; overrides `perClass[i].name`. Defaults to the names in the result. */
  classNames?: readonly string[];
  /** Colour the report with ANSI escapes (bold headers, green diagonal, red confusions). Defaults to `false`. */
  color?: boolean;
  /** Decimal places for precision, recall, F1, macro-F1 and loss. Defaults to `4`. */
  digits?: number;
}

const percent = (value: number) => `${(value * 100).toFixed(2)}%`;

/**
 * Renders an evaluation as a plain-text report for a terminal: summary (accuracy, loss, macro-F1,
 * top-k), a per-class precision/recall/F1/support table, the confusion matrix and the most
 * confused pairs. Pure: returns the text, prints nothing.
 */
export function formatEvaluation(result: PredictionMetrics, options: FormatEvaluationOptions = {}): string {
  const style = ansi(options.color ?? false);
  const digits = options.digits ?? 4;
  const fixed = (value: number) => value.toFixed(digits);
  const nameOf = (label: number) => options.classNames?.[label] ?? result.perClass[label]?.name;
  const labelText = (label: number) => {
    const name = nameOf(label);
    return name === undefined ? String(label) : `${label} ${name}`;
  };
  const lines: string[] = [];

  // Summary.
  const summary: Array<[string, string]> = [['accuracy', percent(result.accuracy)]];
  if (result.loss !== undefined) summary.push(['loss', fixed(result.loss)]);
  summary.push(['macro-F1', fixed(result.macroF1)]);
  if (result.topK !== undefined && result.topKAccuracy !== undefined) {
    summary.push([`top-${result.topK} accuracy`, percent(result.topKAccuracy)]);
  }
  const keyWidth = Math.max(...summary.map(([key]) => key.length));
  lines.push(style.bold(`Evaluation (${result.count} examples)`));
  for (const [key, value] of summary) lines.push(`  ${key.padEnd(keyWidth)}  ${style.bold(value)}`);

  // Per-class table.
  const header = ['class', 'precision', 'recall', 'f1', 'support'];
  const body = result.perClass.map((c) => [
    labelText(c.label),
    fixed(c.precision),
    fixed(c.recall),
    fixed(c.f1),
    String(c.support),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const formatRow = (cells: string[]) =>
    `  ${cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')}`;
  lines.push('', style.bold('Per class'), style.bold(formatRow(header)));
  for (const row of body) lines.push(formatRow(row));

  // Confusion matrix.
  const matrix = result.confusionMatrix;
  const n = matrix.length;
  const largest = Math.max(0, ...matrix.flat());
  const cell = Math.max(String(largest).length, String(n - 1).length);
  const rowHead = String(n - 1).length;
  lines.push('', style.bold('Confusion matrix (rows: true class, columns: predicted class)'));
  lines.push(style.bold(`  ${' '.repeat(rowHead)}  ${matrix.map((_, p) => String(p).padStart(cell)).join(' ')}`));
  matrix.forEach((row, t) => {
    const cells = row.map((value, p) => {
      const text = String(value).padStart(cell);
      if (t === p) return style.green(text);
      return value === 0 ? style.dim(text) : style.red(text);
    });
    lines.push(`  ${style.bold(String(t).padStart(rowHead))}  ${cells.join(' ')}`);
  });

  // Most confused pairs.
  if (result.mostConfused.length > 0) {
    lines.push('', style.bold('Most confused (true -> predicted)'));
    const pairs = result.mostConfused.map((pair) => {
      const support = result.perClass[pair.trueLabel]?.support ?? 0;
      const share = support === 0 ? '' : ` (${percent(pair.count / support)} of class ${pair.trueLabel})`;
      return {
        left: `${labelText(pair.trueLabel)} -> ${labelText(pair.predictedLabel)}`,
        right: `${pair.count}${share}`,
      };
    });
    const leftWidth = Math.max(...pairs.map((p) => p.left.length));
    for (const pair of pairs) lines.push(`  ${pair.left.padEnd(leftWidth)}  ${style.yellow(pair.right)}`);
  }

  return `${lines.join('\n')}\n`;
}
