import { ModelError } from '../ModelError';
import type { Activation, Init, MlpConfig, MlpOptions } from '../types';
import { resolveDataFields } from './dataFields';

export const ACTIVATIONS: readonly Activation[] = ['relu', 'tanh', 'sigmoid', 'gelu'];
export const INITS: readonly Init[] = ['pytorch', 'he', 'glorot'];

const isPositiveInt = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n > 0;

/** Fills in defaults and validates; throws `ModelError('INVALID_OPTIONS')` listing every problem. */
export function resolveOptions(options: MlpOptions = {}): MlpConfig {
  const issues: string[] = [];
  const inputSize = options.inputSize ?? 784;
  const hiddenSizes = options.hiddenSizes ?? [128, 128];
  const outputSize = options.outputSize ?? 10;
  const activation = options.activation ?? 'relu';
  const dropout = options.dropout ?? 0;
  const init = options.init ?? 'pytorch';
  const seed = options.seed ?? Math.floor(Math.random() * 4294967296);

  if (!isPositiveInt(inputSize)) issues.push(`inputSize must be a positive integer (got ${String(inputSize)})`);
  if (!Array.isArray(hiddenSizes) || !hiddenSizes.every(isPositiveInt)) {
    issues.push(`hiddenSizes must be an array of positive integers (got ${JSON.stringify(hiddenSizes)})`);
  }
  if (!isPositiveInt(outputSize)) issues.push(`outputSize must be a positive integer (got ${String(outputSize)})`);
  if (!ACTIVATIONS.includes(activation)) {
    issues.push(`activation must be one of ${ACTIVATIONS.join(', ')} (got ${JSON.stringify(activation)})`);
  }
  if (typeof dropout !== 'number' || !(dropout >= 0 && dropout < 1)) {
    issues.push(`dropout must be a number in [0, 1) (got ${String(dropout)})`);
  }
  if (!INITS.includes(init)) issues.push(`init must be one of ${INITS.join(', ')} (got ${JSON.stringify(init)})`);
  if (!Number.isSafeInteger(seed)) issues.push(`seed must be a safe integer (got ${String(seed)})`);
  const data = resolveDataFields(options, outputSize, issues, '');

  if (issues.length > 0) {
    throw new ModelError('INVALID_OPTIONS', `Invalid MLP options: ${issues.join('; ')}`, { issues });
  }
  return {
    inputSize,
    hiddenSizes: [...hiddenSizes],
    outputSize,
    activation,
    dropout,
    init,
    seed,
    ...data,
  };
}
