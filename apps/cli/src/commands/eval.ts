import { DATASETS, takeSubset } from '@mnist-kit/datasets';
import { evaluate, formatEvaluation, toJSON } from '@mnist-kit/evaluation';
import { Command } from 'commander';
import { usageError } from '../CliError.js';
import { chooseBackend } from '../chooseBackend.js';
import {
  addBackendOption,
  addDatasetOptions,
  addOutputOptions,
  type DatasetFlags,
  DEFAULT_DATASET,
  type OutputFlags,
} from '../commonOptions.js';
import { loadData } from '../loadData.js';
import { addModelOptions, loadModel, type ModelFlags } from '../loadModel.js';
import { createReporter } from '../output/createReporter.js';
import { numberIn, positiveInt } from '../parseOptions.js';

const unitNumber = (flag: string) => numberIn(flag, { min: 0, max: 1 });

interface EvalFlags extends ModelFlags, DatasetFlags, OutputFlags {
  backend: string;
  batchSize: number;
  testLimit?: number;
}

export function createEvalCommand(): Command {
  const cmd = new Command('eval').description(
    'evaluate a saved model on the test set: accuracy, loss, confusion matrix, per-class table',
  );
  addModelOptions(cmd, unitNumber);
  addDatasetOptions(cmd);
  cmd
    .option('--batch-size <n>', 'evaluation batch size', positiveInt('--batch-size'), 1000)
    .option('--test-limit <n>', 'evaluate on the first N test images', positiveInt('--test-limit'));
  addBackendOption(cmd);
  addOutputOptions(cmd);
  return cmd.action(async (flags: EvalFlags) => {
    const reporter = createReporter(flags);
    const selection = await chooseBackend(flags.backend, reporter);
    const model = await loadModel(flags);
    try {
      // An image folder is read as the model's own data was (its recorded preprocessing), unless told.
      const dataset = await loadData(
        { ...flags, preprocess: flags.preprocess ?? model.config.preprocessing },
        reporter,
      );
      const dataClasses = dataset.classNames ?? DATASETS[flags.dataset ?? DEFAULT_DATASET].classNames;
      if (dataClasses.length > model.config.outputSize) {
        throw usageError(
          `${dataset.name} has ${dataClasses.length} classes, but the model at ${flags.model} has ${model.config.outputSize} outputs`,
        );
      }
      const recorded = model.config.classNames;
      if (recorded !== null && dataset.layout === 'image-folder' && dataClasses.some((n, i) => n !== recorded[i])) {
        throw usageError(
          `the classes of ${dataset.name} (${dataClasses.join(', ')}) are not the model's (${recorded.join(', ')})`,
        );
      }
      const test = flags.testLimit !== undefined ? takeSubset(dataset.test, flags.testLimit) : dataset.test;
      const result = await evaluate(model, test, { batchSize: flags.batchSize });
      const classNames = [...(recorded ?? dataClasses)];
      reporter.result(
        formatEvaluation(result, { classNames, color: !process.env.NO_COLOR && Boolean(process.stdout.isTTY) }),
      );
      reporter.emitJson({
        command: 'eval',
        backend: selection.name,
        dataset: dataset.name,
        classNames,
        model: flags.model,
        params: model.paramCount,
        testAccuracy: result.accuracy,
        testLoss: result.loss,
        ...toJSON(result),
      });
    } finally {
      model.dispose();
    }
  });
}
