import { describe, expect, it } from 'vitest';
import { parseTrainForm, type TrainFormFields, trainFormFields, trainFormParams, usesHiddenLayers } from './trainForm';
import { DEFAULT_PARAMS } from './urlParams';

const FIELDS: TrainFormFields = {
  model: 'mlp',
  hidden: '128,128',
  activation: 'relu',
  dropout: '0',
  epochs: '5',
  batchSize: '64',
  learningRate: '0.001',
  limit: '',
};

describe('parseTrainForm', () => {
  it('reads the default form', () => {
    expect(parseTrainForm(FIELDS)).toEqual({
      values: {
        model: 'mlp',
        hidden: [128, 128],
        activation: 'relu',
        dropout: 0,
        epochs: 5,
        batchSize: 64,
        learningRate: 0.001,
        limit: undefined,
      },
      errors: [],
    });
  });

  it('reads no hidden layer, a subset, another activation', () => {
    const { values } = parseTrainForm({ ...FIELDS, hidden: ' ', limit: ' 1500 ', activation: 'gelu', dropout: '0.2' });
    expect(values).toMatchObject({ hidden: [], limit: 1500, activation: 'gelu', dropout: 0.2 });
  });

  it('lists every wrong field, and no values', () => {
    const result = parseTrainForm({
      ...FIELDS,
      hidden: '128,x',
      dropout: '1',
      epochs: '0',
      batchSize: '1.5',
      learningRate: '-1',
      limit: '0',
    });
    expect(result.values).toBeUndefined();
    expect(result.errors).toEqual([
      'Hidden sizes: a comma-separated list like 128,128 (or empty).',
      'Dropout: a number from 0 to below 1.',
      'Epochs: a whole number ≥ 1.',
      'Batch size: a whole number ≥ 1.',
      'Learning rate: a number > 0.',
      'Train subset: a whole number ≥ 1.',
    ]);
  });

  it('reads the CNN choice; hidden sizes do not apply to it, so a bad list there is no error', () => {
    expect(parseTrainForm({ ...FIELDS, model: 'cnn', hidden: '64' }).values).toMatchObject({
      model: 'cnn',
      hidden: [64],
    });
    const cnn = parseTrainForm({ ...FIELDS, model: 'cnn', hidden: '12,x' });
    expect(cnn.errors).toEqual([]);
    expect(cnn.values).toMatchObject({ model: 'cnn', hidden: [128, 128] });
    expect(parseTrainForm({ ...FIELDS, hidden: '12,x' }).errors).toEqual([
      'Hidden sizes: a comma-separated list like 128,128 (or empty).',
    ]);
    expect(parseTrainForm({ ...FIELDS, model: 'rnn' }).errors).toEqual(['Model: one of mlp, cnn.']);
    expect(usesHiddenLayers('mlp')).toBe(true);
    expect(usesHiddenLayers('cnn')).toBe(false);
  });

  it('an empty number field is zero, as the form has always read it', () => {
    expect(parseTrainForm({ ...FIELDS, epochs: '' }).errors).toEqual(['Epochs: a whole number ≥ 1.']);
    expect(parseTrainForm({ ...FIELDS, dropout: '' }).values?.dropout).toBe(0);
  });
});

describe('trainFormParams / trainFormFields', () => {
  it('copy the recipe to the page parameters and back (activation and dropout stay the form’s)', () => {
    const { values } = parseTrainForm({
      ...FIELDS,
      model: 'cnn',
      hidden: '256,64',
      epochs: '3',
      limit: '1000',
      dropout: '0.1',
    });
    const params = trainFormParams(values!);
    expect(params).toEqual({
      model: 'cnn',
      hidden: [256, 64],
      epochs: 3,
      batchSize: 64,
      learningRate: 0.001,
      limit: 1000,
    });
    expect(trainFormFields(params)).toEqual({
      model: 'cnn',
      hidden: '256,64',
      epochs: '3',
      batchSize: '64',
      learningRate: '0.001',
      limit: '1000',
    });
  });

  it('fill the form from the defaults', () => {
    expect(trainFormFields(DEFAULT_PARAMS)).toEqual({
      model: 'mlp',
      hidden: '128,128',
      epochs: '5',
      batchSize: '64',
      learningRate: '0.001',
      limit: '',
    });
  });
});
