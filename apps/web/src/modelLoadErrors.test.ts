import { describe, expect, it } from 'vitest';
import { describeModelSource, ModelLoadError, modelLoadFailedMessage } from './modelLoadErrors';

describe('modelLoadFailedMessage', () => {
  it('says what was tried, why it failed and which model is still in use, in one line', () => {
    expect(
      modelLoadFailedMessage(
        new ModelLoadError('model.json is not JSON (Unexpected token)'),
        'model.json + weights.bin',
        'saved in this browser (IndexedDB) (784 → 10, relu, 7,850 parameters)',
      ),
    ).toBe(
      'Could not load a model from model.json + weights.bin: model.json is not JSON (Unexpected token). ' +
        'Still using the model saved in this browser (IndexedDB) (784 → 10, relu, 7,850 parameters).',
    );
  });
  it('drops the reason’s own final period and says when no model is loaded', () => {
    expect(modelLoadFailedMessage(new Error('Invalid model: no Dense layer.'), 'https://x/model.json', undefined)).toBe(
      'Could not load a model from https://x/model.json: Invalid model: no Dense layer. No model is loaded.',
    );
    expect(modelLoadFailedMessage('odd', 'x', undefined)).toBe(
      'Could not load a model from x: odd. No model is loaded.',
    );
  });
  it('names picked files by name, a URL as it is', () => {
    expect(describeModelSource([{ name: 'model.json' }, { name: 'weights.bin' }])).toBe('model.json + weights.bin');
    expect(describeModelSource('https://x/model.json')).toBe('https://x/model.json');
  });
});
