import type { Activation, MlpConfig } from '../types';
import { layerSizes } from './initWeights';

const TORCH_NAMES: Record<Activation, string> = {
  relu: 'ReLU()',
  tanh: 'Tanh()',
  sigmoid: 'Sigmoid()',
  gelu: "GELU(approximate='none')",
};

const fmt = (n: number) => n.toLocaleString('en-US');

/** Renders the model like PyTorch's `print(model)`, with each layer's output shape and parameter count. */
export function summary(config: MlpConfig): string {
  const sizes = layerSizes(config);
  const rows: [string, string, string][] = [];
  let total = 0;
  for (let i = 0; i + 1 < sizes.length; i++) {
    const fanIn = sizes[i]!;
    const fanOut = sizes[i + 1]!;
    const params = fanIn * fanOut + fanOut;
    total += params;
    const shape = `[B, ${fanOut}]`;
    rows.push([
      `(dense_${i + 1}): Linear(in_features=${fanIn}, out_features=${fanOut}, bias=True)`,
      shape,
      fmt(params),
    ]);
    if (i + 2 < sizes.length) {
      rows.push([`(${config.activation}_${i + 1}): ${TORCH_NAMES[config.activation]}`, shape, '0']);
      if (config.dropout > 0) rows.push([`(dropout_${i + 1}): Dropout(p=${config.dropout})`, shape, '0']);
    }
  }
  const w0 = Math.max('# Layer'.length, ...rows.map((r) => r[0].length));
  const w1 = Math.max('Output'.length, ...rows.map((r) => r[1].length));
  const w2 = Math.max('Params'.length, ...rows.map((r) => r[2].length));
  const line = (r: [string, string, string]) => `  ${r[0].padEnd(w0)}  ${r[1].padEnd(w1)}  ${r[2].padStart(w2)}`;
  return [
    'Mlp(',
    `${line(['# Layer', 'Output', 'Params'])}`,
    ...rows.map(line),
    ')',
    `Total params: ${fmt(total)} (trainable: ${fmt(total)})`,
  ].join('\n');
}
