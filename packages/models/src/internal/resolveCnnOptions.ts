import { ModelError } from '../ModelError';
import type { CnnConfig, CnnOptions, Padding } from '../types';
import { cnnLayout } from './cnnLayout';
import { resolveDataFields } from './dataFields';
import { INITS } from './resolveOptions';

export const PADDINGS: readonly Padding[] = ['valid', 'same'];

const isPositiveInt = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n > 0;
const isRate = (p: unknown): p is number => typeof p === 'number' && p >= 0 && p < 1;
const show = (x: unknown) => JSON.stringify(x) ?? String(x);

/** Fills in defaults and validates; throws `ModelError('INVALID_OPTIONS')` listing every problem. */
export function resolveCnnOptions(options: CnnOptions = {}): CnnConfig {
  const issues: string[] = [];
  const inputShape = options.inputShape ?? [28, 28, 1];
  const filters = options.filters ?? [8, 16];
  const kernelSize = options.kernelSize ?? 5;
  const padding = options.padding ?? 'valid';
  const poolSize = options.poolSize ?? 2;
  const denseSizes = options.denseSizes ?? [128];
  const outputSize = options.outputSize ?? 10;
  const dropout = options.dropout ?? 0;
  const convDropout = options.convDropout ?? 0;
  const init = options.init ?? 'pytorch';
  const seed = options.seed ?? Math.floor(Math.random() * 4294967296);

  const shapeOk = Array.isArray(inputShape) && inputShape.length === 3 && inputShape.every(isPositiveInt);
  if (!shapeOk) {
    issues.push(`inputShape must be [height, width, channels] of positive integers (got ${show(inputShape)})`);
  }
  const filtersOk = Array.isArray(filters) && filters.length > 0 && filters.every(isPositiveInt);
  if (!filtersOk) {
    issues.push(`filters must be a non-empty array of positive integers, one per conv block (got ${show(filters)})`);
  }
  let kernelSizes: number[] = [];
  if (isPositiveInt(kernelSize)) {
    kernelSizes = filtersOk ? filters.map(() => kernelSize) : [kernelSize];
  } else if (Array.isArray(kernelSize) && kernelSize.length > 0 && kernelSize.every(isPositiveInt)) {
    kernelSizes = kernelSize.length === 1 && filtersOk ? filters.map(() => kernelSize[0]!) : [...kernelSize];
    if (filtersOk && kernelSizes.length !== filters.length) {
      issues.push(
        `kernelSize lists ${kernelSizes.length} sizes for ${filters.length} conv blocks (give one size, or one per block)`,
      );
    }
  } else {
    issues.push(`kernelSize must be a positive integer or one per conv block (got ${show(kernelSize)})`);
  }
  if (!PADDINGS.includes(padding)) {
    issues.push(`padding must be one of ${PADDINGS.join(', ')} (got ${show(padding)})`);
  }
  if (!isPositiveInt(poolSize)) issues.push(`poolSize must be a positive integer (got ${show(poolSize)})`);
  if (!Array.isArray(denseSizes) || !denseSizes.every(isPositiveInt)) {
    issues.push(`denseSizes must be an array of positive integers (got ${show(denseSizes)})`);
  }
  if (!isPositiveInt(outputSize)) issues.push(`outputSize must be a positive integer (got ${show(outputSize)})`);
  if (!isRate(dropout)) issues.push(`dropout must be a number in [0, 1) (got ${show(dropout)})`);
  if (!isRate(convDropout)) issues.push(`convDropout must be a number in [0, 1) (got ${show(convDropout)})`);
  if (!INITS.includes(init)) issues.push(`init must be one of ${INITS.join(', ')} (got ${show(init)})`);
  if (!Number.isSafeInteger(seed)) issues.push(`seed must be a safe integer (got ${show(seed)})`);
  const data = resolveDataFields(options, outputSize, issues, '');

  // The maps must not vanish: each conv block needs room for its kernel and its pooling window.
  if (issues.length === 0) {
    const layout = cnnLayout({ inputShape, filters, kernelSize: kernelSizes, padding, poolSize });
    for (const [i, block] of layout.blocks.entries()) {
      if (block.convHeight < 1 || block.convWidth < 1) {
        issues.push(
          `conv block ${i + 1}: a ${block.kernelSize}×${block.kernelSize} kernel does not fit its ${block.inHeight}×${block.inWidth} input (${padding} padding)`,
        );
        break;
      }
      if (block.outHeight < 1 || block.outWidth < 1) {
        issues.push(
          `conv block ${i + 1}: a ${poolSize}×${poolSize} pooling window does not fit its ${block.convHeight}×${block.convWidth} feature map`,
        );
        break;
      }
    }
  }

  if (issues.length > 0) {
    throw new ModelError('INVALID_OPTIONS', `Invalid CNN options: ${issues.join('; ')}`, { issues });
  }
  const shape = [...inputShape] as [number, number, number];
  return {
    inputShape: shape,
    inputSize: shape[0] * shape[1] * shape[2],
    filters: [...filters],
    kernelSize: kernelSizes,
    padding,
    poolSize,
    denseSizes: [...denseSizes],
    outputSize,
    dropout,
    convDropout,
    init,
    seed,
    ...data,
  };
}
