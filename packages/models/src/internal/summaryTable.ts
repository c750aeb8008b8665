/** A count as a summary writes it: `37,610`. */
export const formatCount = (n: number) => n.toLocaleString('en-US');

/** One row of a summary: the layer, its output shape, its parameter count. */
export type SummaryRow = [layer: string, output: string, params: number];

/** The row of Dense layer `dense_<n>` as a PyTorch `Linear` of `fanIn` → `fanOut`. */
export function linearRow(n: number, fanIn: number, fanOut: number): SummaryRow {
  return [
    `(dense_${n}): Linear(in_features=${fanIn}, out_features=${fanOut}, bias=True)`,
    `[B, ${fanOut}]`,
    fanIn * fanOut + fanOut,
  ];
}

/**
 * Renders a model like PyTorch's `print(model)`: the `title` line (`Mlp(` …), one aligned line per row with its
 * output shape and parameter count, `)`, and the total.
 */
export function summaryTable(title: string, rows: readonly SummaryRow[]): string {
  const cells = rows.map(([layer, output, params]): [string, string, string] => [layer, output, formatCount(params)]);
  const total = rows.reduce((n, r) => n + r[2], 0);
  const w0 = Math.max('# Layer'.length, ...cells.map((r) => r[0].length));
  const w1 = Math.max('Output'.length, ...cells.map((r) => r[1].length));
  const w2 = Math.max('Params'.length, ...cells.map((r) => r[2].length));
  const line = (r: [string, string, string]) => `  ${r[0].padEnd(w0)}  ${r[1].padEnd(w1)}  ${r[2].padStart(w2)}`;
  return [
    title,
    line(['# Layer', 'Output', 'Params']),
    ...cells.map(line),
    ')',
    `Total params: ${formatCount(total)} (trainable: ${formatCount(total)})`,
  ].join('\n');
}
