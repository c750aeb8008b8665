import type { Activation } from '@mnist-kit/models';
import { DEFAULT_PARAMS, MODEL_CHOICES, type ModelChoice, type PageParams, parseHiddenSizes } from './urlParams';

/** The Train form's fields, as typed. */
export interface TrainFormFields {
  /** Which model: `mlp` or `cnn`. */
  model: string;
  hidden: string;
  activation: string;
  dropout: string;
  epochs: string;
  batchSize: string;
  learningRate: string;
  limit: string;
}

/** The Train form's values, checked. */
export interface TrainFormValues {
  model: ModelChoice;
  /** The MLP's hidden widths (for a CNN, what the field holds, or the default when it holds nothing valid). */
  hidden: number[];
  /** The MLP's hidden activation. */
  activation: Activation;
  dropout: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Training rows used; `undefined`: all. */
  limit: number | undefined;
}

/** The page parameters the form sets (and so the URL keeps); activation and dropout are the form's alone. */
export type TrainFormParams = Pick<PageParams, 'model' | 'hidden' | 'epochs' | 'batchSize' | 'learningRate' | 'limit'>;

/** Whether the form's hidden sizes and activation apply to `model` (the MLP's; the CNN has its own layers). */
export function usesHiddenLayers(model: string): boolean {
  return model !== 'cnn';
}

/**
 * Checks the form's fields: their values, or one message per field that is wrong. For a CNN the hidden sizes
 * do not apply, so a bad list there is no error.
 */
export function parseTrainForm(fields: TrainFormFields): { values?: TrainFormValues; errors: string[] } {
  const errors: string[] = [];
  const model = fields.model as ModelChoice;
  if (!MODEL_CHOICES.includes(model)) errors.push(`Model: one of ${MODEL_CHOICES.join(', ')}.`);
  const parsedHidden = parseHiddenSizes(fields.hidden);
  const hidden = parsedHidden ?? (usesHiddenLayers(model) ? undefined : [...DEFAULT_PARAMS.hidden]);
  if (hidden === undefined) errors.push('Hidden sizes: a comma-separated list like 128,128 (or empty).');
  const dropout = Number(fields.dropout);
  if (!(dropout >= 0 && dropout < 1)) errors.push('Dropout: a number from 0 to below 1.');
  const epochs = Number(fields.epochs);
  if (!(Number.isInteger(epochs) && epochs >= 1)) errors.push('Epochs: a whole number ≥ 1.');
  const batchSize = Number(fields.batchSize);
  if (!(Number.isInteger(batchSize) && batchSize >= 1)) errors.push('Batch size: a whole number ≥ 1.');
  const learningRate = Number(fields.learningRate);
  if (!(learningRate > 0 && Number.isFinite(learningRate))) errors.push('Learning rate: a number > 0.');
  const limitText = fields.limit.trim();
  const limit = limitText === '' ? undefined : Number(limitText);
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1)) errors.push('Train subset: a whole number ≥ 1.');
  if (errors.length > 0) return { errors };
  const activation = fields.activation as Activation;
  return { values: { model, hidden: hidden!, activation, dropout, epochs, batchSize, learningRate, limit }, errors };
}

/** The page parameters that checked form values set. */
export function trainFormParams(values: TrainFormValues): TrainFormParams {
  const { model, hidden, epochs, batchSize, learningRate, limit } = values;
  return { model, hidden, epochs, batchSize, learningRate, limit };
}

/** The form's fields that the page parameters fill in (activation and dropout keep the page's defaults). */
export function trainFormFields(params: TrainFormParams): Omit<TrainFormFields, 'activation' | 'dropout'> {
  return {
    model: params.model,
    hidden: params.hidden.join(','),
    epochs: String(params.epochs),
    batchSize: String(params.batchSize),
    learningRate: String(params.learningRate),
    limit: params.limit === undefined ? '' : String(params.limit),
  };
}
