import { evaluate } from '@mnist-kit/evaluation';
import { renderConfusionMatrix } from '../confusion';
import { renderMisclassified } from '../gallery';
import { classNames, type Store, splitInput } from '../state';
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

  return {
    clear() {
      ui.accuracy.textContent = '–';
      ui.detail.textContent = '';
      ui.confusion.replaceChildren();
      ui.misclassified.replaceChildren();
    },

    async run() {
      const { model, testSplit, dataset } = store.state;
      if (model === undefined || testSplit === undefined || dataset === undefined) return;
      ui.detail.textContent = 'evaluating…';
      const started = performance.now();
      try {
        const result = await evaluate(model, testSplit, { classNames: classNames(store.state), maxMisclassified: 24 });
        if (store.state.model !== model) return;
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        ui.accuracy.textContent = result.accuracy.toFixed(4);
        ui.detail.textContent = `on ${result.count.toLocaleString('en-US')} test images · loss ${result.loss.toFixed(4)} · top-${result.topK} ${result.topKAccuracy.toFixed(4)} · ${seconds} s`;
        renderConfusionMatrix(ui.confusion, result.confusionMatrix, classNames(store.state));
        renderMisclassified(ui.misclassified, testSplit, result.misclassified, classNames(store.state), (index) =>
          store.set({ input: splitInput(testSplit, index, 'test') }),
        );
      } catch (error) {
        ui.detail.textContent = `evaluation failed: ${(error as Error).message}`;
      }
    },
  };
}
