import type { Activation } from '@mnist-kit/models';
import { type PageParams, parseHiddenSizes } from './urlParams';

/** The Train form's fields, as typed. */
export interface TrainFormFields {
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
  hidden: number[];
  activation: Activation;
  dropout: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Training rows used; `undefined`: all. */
  limit: number | undefined;
}

/** The page parameters the form sets (and so the URL keeps); activation and dropout are the form's alone. */
export type TrainFormParams = Pick<PageParams, 'hidden' | 'epochs' | 'batchSize' | 'learningRate' | 'limit'>;

/** Checks the form's fields: their values, or one message per field that is wrong. */
export function parseTrainForm(fields: TrainFormFields): { values?: TrainFormValues; errors: string[] } {
  const errors: string[] = [];
  const hidden = parseHiddenSizes(fields.hidden);
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
  return { values: { hidden: hidden!, activation, dropout, epochs, batchSize, learningRate, limit }, errors };
}

/** The page parameters that checked form values set. */
export function trainFormParams(values: TrainFormValues): TrainFormParams {
  const { hidden, epochs, batchSize, learningRate, limit } = values;
  return { hidden, epochs, batchSize, learningRate, limit };
}

/** The form's fields that the page parameters fill in (activation and dropout keep the page's defaults). */
export function trainFormFields(params: TrainFormParams): Omit<TrainFormFields, 'activation' | 'dropout'> {
  return {
    hidden: params.hidden.join(','),
    epochs: String(params.epochs),
    batchSize: String(params.batchSize),
    learningRate: String(params.learningRate),
    limit: params.limit === undefined ? '' : String(params.limit),
  };
}
