import { evaluate } from '@mnist-kit/evaluation';
import { renderConfusionMatrix } from '../confusion';
import { renderMisclassified } from '../gallery';
import { classNames, outputNames, type Store, splitInput } from '../state';
import { element } from './_dom';

/** The Evaluate section: test accuracy, loss, confusion matrix and misclassified images of the model in use. */
export interface EvaluationPanel {
  /** Empties the section (a new run, model or dataset is coming). */
  clear(): void;
  /** Evaluates the model in use on the test rows, when there are both; a result for a model since replaced is dropped. */
  run(): Promise<void>;
}

export function createEvaluationPanel(store: Store): EvaluationPanel {
  const ui = {
    accuracy: element('test-accuracy'),
    detail: element('eval-detail'),
    confusion: element('confusion-matrix'),
    misclassified: element('misclassified'),
  };

  function clear(): void {
    ui.accuracy.textContent = '–';
    ui.detail.textContent = '';
    ui.confusion.replaceChildren();
    ui.misclassified.replaceChildren();
  }

  return {
    clear,

    async run() {
      const { model, testSplit, dataset } = store.state;
      if (model === undefined || testSplit === undefined || dataset === undefined) return;
      // The model's outputs, one per class it was made for: the data's classes must be among them.
      const classes = classNames(store.state).length;
      const outputs = model.config.outputSize;
      if (outputs < classes) {
        clear();
        ui.detail.textContent = `not evaluated: the model has ${outputs} outputs, the data ${classes} classes (train a model on this data)`;
        return;
      }
      const names = outputNames(store.state, outputs);
      ui.detail.textContent = 'evaluating…';
      const started = performance.now();
      try {
        const result = await evaluate(model, testSplit, {
          numClasses: outputs,
          classNames: names,
          maxMisclassified: 24,
        });
        if (store.state.model !== model) return;
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        ui.accuracy.textContent = result.accuracy.toFixed(4);
        ui.detail.textContent = `on ${result.count.toLocaleString('en-US')} test images · loss ${result.loss.toFixed(4)} · top-${result.topK} ${result.topKAccuracy.toFixed(4)} · ${seconds} s`;
        renderConfusionMatrix(ui.confusion, result.confusionMatrix, names);
        renderMisclassified(ui.misclassified, testSplit, result.misclassified, names, (index) =>
          store.set({ input: splitInput(testSplit, index, 'test') }),
        );
      } catch (error) {
        ui.detail.textContent = `evaluation failed: ${(error as Error).message}`;
      }
    },
  };
}
