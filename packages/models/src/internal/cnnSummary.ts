import type { CnnConfig } from '../types';
import { cnnLayout } from './cnnLayout';

const fmt = (n: number) => n.toLocaleString('en-US');

/**
 * Renders a CNN like PyTorch's `print(model)` — layer names as the tfjs-layers topology names them, the
 * PyTorch module each layer is — with each layer's output shape (NHWC, as tfjs computes it: `[B, H, W, C]`)
 * and parameter count.
 */
export function cnnSummary(config: CnnConfig): string {
  const layout = cnnLayout(config);
  const rows: [string, string, string][] = [];
  let total = 0;
  let relu = 0;
  layout.blocks.forEach((b, i) => {
    const params = b.kernelSize * b.kernelSize * b.inChannels * b.filters + b.filters;
    total += params;
    const convShape = `[B, ${b.convHeight}, ${b.convWidth}, ${b.filters}]`;
    const pad =
      b.padding === 'same' ? `, padding=${b.padTop === b.padBottom ? `(${b.padTop}, ${b.padTop})` : "'same'"}` : '';
    rows.push([
      `(conv2d_${i + 1}): Conv2d(${b.inChannels}, ${b.filters}, kernel_size=(${b.kernelSize}, ${b.kernelSize}), stride=(1, 1)${pad})`,
      convShape,
      fmt(params),
    ]);
    rows.push([`(relu_${++relu}): ReLU()`, convShape, '0']);
    const outShape = `[B, ${b.outHeight}, ${b.outWidth}, ${b.filters}]`;
    if (config.poolSize > 1) {
      rows.push([
        `(max_pooling2d_${i + 1}): MaxPool2d(kernel_size=${config.poolSize}, stride=${config.poolSize})`,
        outShape,
        '0',
      ]);
    }
    if (config.convDropout > 0) rows.push([`(dropout_conv_${i + 1}): Dropout(p=${config.convDropout})`, outShape, '0']);
  });
  rows.push(['(flatten): Flatten(start_dim=1)', `[B, ${fmt(layout.flatSize)}]`, '0']);
  const last = layout.dense.length - 1;
  layout.dense.forEach(([fanIn, fanOut], i) => {
    const params = fanIn * fanOut + fanOut;
    total += params;
    const shape = `[B, ${fanOut}]`;
    rows.push([
      `(dense_${i + 1}): Linear(in_features=${fanIn}, out_features=${fanOut}, bias=True)`,
      shape,
      fmt(params),
    ]);
    if (i < last) {
      rows.push([`(relu_${++relu}): ReLU()`, shape, '0']);
      if (config.dropout > 0) rows.push([`(dropout_${i + 1}): Dropout(p=${config.dropout})`, shape, '0']);
    }
  });
  const w0 = Math.max('# Layer'.length, ...rows.map((r) => r[0].length));
  const w1 = Math.max('Output'.length, ...rows.map((r) => r[1].length));
  const w2 = Math.max('Params'.length, ...rows.map((r) => r[2].length));
  const line = (r: [string, string, string]) => `  ${r[0].padEnd(w0)}  ${r[1].padEnd(w1)}  ${r[2].padStart(w2)}`;
  const [h, w, c] = config.inputShape;
  return [
    `Cnn(  # input [B, ${h}, ${w}, ${c}] (NHWC; forward also takes it flat, [B, ${fmt(config.inputSize)}])`,
    line(['# Layer', 'Output', 'Params']),
    ...rows.map(line),
    ')',
    `Total params: ${fmt(total)} (trainable: ${fmt(total)})`,
  ].join('\n');
}
