import type { Activation, MlpConfig } from '../types';
import { layerSizes } from './initWeights';
import { linearRow, type SummaryRow, summaryTable } from './summaryTable';

const TORCH_NAMES: Record<Activation, string> = {
  relu: 'ReLU()',
  tanh: 'Tanh()',
  sigmoid: 'Sigmoid()',
  gelu: "GELU(approximate='none')",
};

/** Renders the model like PyTorch's `print(model)`, with each layer's output shape and parameter count. */
export function summary(config: MlpConfig): string {
  const sizes = layerSizes(config);
  const rows: SummaryRow[] = [];
  for (let i = 0; i + 1 < sizes.length; i++) {
    const row = linearRow(i + 1, sizes[i]!, sizes[i + 1]!);
    const shape = row[1];
    rows.push(row);
    if (i + 2 < sizes.length) {
      rows.push([`(${config.activation}_${i + 1}): ${TORCH_NAMES[config.activation]}`, shape, 0]);
      if (config.dropout > 0) rows.push([`(dropout_${i + 1}): Dropout(p=${config.dropout})`, shape, 0]);
    }
  }
  return summaryTable('Mlp(', rows);
}
