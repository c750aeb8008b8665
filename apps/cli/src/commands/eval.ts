import { DATASETS, takeSubset } from '@mnist-kit/datasets';
import { evaluate, formatEvaluation, toJSON } from '@mnist-kit/evaluation';
import { loadMlpFromDir } from '@mnist-kit/models';
import { Command } from 'commander';
import { chooseBackend } from '../chooseBackend.js';
import {
  addBackendOption,
  addDatasetOptions,
  addOutputOptions,
  type DatasetFlags,
  type OutputFlags,
} from '../commonOptions.js';
import { loadData } from '../loadData.js';
import { createReporter } from '../output/createReporter.js';
import { positiveInt } from '../parseOptions.js';

interface EvalFlags extends DatasetFlags, OutputFlags {
  model: string;
  backend: string;
  batchSize: number;
  testLimit?: number;
}

export function createEvalCommand(): Command {
  const cmd = new Command('eval')
    .description('evaluate a saved model on the test set: accuracy, loss, confusion matrix, per-class table')
    .requiredOption('--model <dir>', 'folder holding model.json + weights.bin');
  addDatasetOptions(cmd);
  cmd
    .option('--batch-size <n>', 'evaluation batch size', positiveInt('--batch-size'), 1000)
    .option('--test-limit <n>', 'evaluate on the first N test images', positiveInt('--test-limit'));
  addBackendOption(cmd);
  addOutputOptions(cmd);
  return cmd.action(async (flags: EvalFlags) => {
    const reporter = createReporter(flags);
    const selection = await chooseBackend(flags.backend, reporter);
    const model = await loadMlpFromDir(flags.model);
    try {
      const dataset = await loadData(flags, reporter);
      const test = flags.testLimit !== undefined ? takeSubset(dataset.test, flags.testLimit) : dataset.test;
      const result = await evaluate(model, test, { batchSize: flags.batchSize });
      const classNames = [...DATASETS[flags.dataset].classNames];
      reporter.result(
        formatEvaluation(result, { classNames, color: !process.env.NO_COLOR && Boolean(process.stdout.isTTY) }),
      );
      reporter.emitJson({
        command: 'eval',
        backend: selection.name,
        dataset: flags.dataset,
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
