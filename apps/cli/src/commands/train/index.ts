import { Command } from 'commander';
import { createReporter } from '../../output/createReporter.js';
import { runTrain } from './runTrain.js';
import { addTrainOptions, type TrainFlags } from './trainFlags.js';

/** `mnist-kit train`: train a model (MLP or CNN), evaluate it on the test set, and save model + report + checkpoint. */
export function createTrainCommand(): Command {
  const cmd = new Command('train').description(
    'train a model (--model mlp, or cnn), evaluate it on the test set, and save model + report',
  );
  addTrainOptions(cmd);
  cmd.action(async (flags: TrainFlags, command: Command) => {
    process.exitCode = await runTrain(flags, command, createReporter(flags));
  });
  return cmd;
}
