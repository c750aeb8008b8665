import type { CnnConfig } from '../types';
import { cnnLayout } from './cnnLayout';
import { formatCount as fmt, linearRow, type SummaryRow, summaryTable } from './summaryTable';

/**
 * Renders a CNN like PyTorch's `print(model)` — layer names as the tfjs-layers topology names them, the
 * PyTorch module each layer is — with each layer's output shape (NHWC, as tfjs computes it: `[B, H, W, C]`)
 * and parameter count.
 */
export function cnnSummary(config: CnnConfig): string {
  const layout = cnnLayout(config);
  const rows: SummaryRow[] = [];
  let relu = 0;
  layout.blocks.forEach((b, i) => {
    const params = b.kernelSize * b.kernelSize * b.inChannels * b.filters + b.filters;
    const convShape = `[B, ${b.convHeight}, ${b.convWidth}, ${b.filters}]`;
    const pad =
      b.padding === 'same' ? `, padding=${b.padTop === b.padBottom ? `(${b.padTop}, ${b.padTop})` : "'same'"}` : '';
    rows.push([
      `(conv2d_${i + 1}): Conv2d(${b.inChannels}, ${b.filters}, kernel_size=(${b.kernelSize}, ${b.kernelSize}), stride=(1, 1)${pad})`,
      convShape,
      params,
    ]);
    rows.push([`(relu_${++relu}): ReLU()`, convShape, 0]);
    const outShape = `[B, ${b.outHeight}, ${b.outWidth}, ${b.filters}]`;
    if (config.poolSize > 1) {
      rows.push([
        `(max_pooling2d_${i + 1}): MaxPool2d(kernel_size=${config.poolSize}, stride=${config.poolSize})`,
        outShape,
        0,
      ]);
    }
    if (config.convDropout > 0) rows.push([`(dropout_conv_${i + 1}): Dropout(p=${config.convDropout})`, outShape, 0]);
  });
  rows.push(['(flatten): Flatten(start_dim=1)', `[B, ${fmt(layout.flatSize)}]`, 0]);
  const last = layout.dense.length - 1;
  layout.dense.forEach(([fanIn, fanOut], i) => {
    const row = linearRow(i + 1, fanIn, fanOut);
    const shape = row[1];
    rows.push(row);
    if (i < last) {
      rows.push([`(relu_${++relu}): ReLU()`, shape, 0]);
      if (config.dropout > 0) rows.push([`(dropout_${i + 1}): Dropout(p=${config.dropout})`, shape, 0]);
    }
  });
  const [h, w, c] = config.inputShape;
  return summaryTable(
    `Cnn(  # input [B, ${h}, ${w}, ${c}] (NHWC; forward also takes it flat, [B, ${fmt(config.inputSize)}])`,
    rows,
  );
}
