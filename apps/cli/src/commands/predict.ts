import { DATASETS, preprocessDigit, scalePixels } from '@mnist-kit/datasets';
import * as tf from '@tensorflow/tfjs-core';
import { Command, Option } from 'commander';
import { chooseBackend } from '../chooseBackend.js';
import { addBackendOption, addOutputOptions, DATASET_NAMES, type OutputFlags } from '../commonOptions.js';
import { decodeImage } from '../decodeImage.js';
import { addModelOptions, loadModel, type ModelFlags } from '../loadModel.js';
import { createReporter } from '../output/createReporter.js';
import { numberIn, positiveInt } from '../parseOptions.js';

const unitNumber = (flag: string) => numberIn(flag, { min: 0, max: 1 });

interface PredictFlags extends ModelFlags, OutputFlags {
  backend: string;
  top: number;
  dataset: (typeof DATASET_NAMES)[number];
}

export function createPredictCommand(): Command {
  const cmd = new Command('predict')
    .description('classify PNG/JPEG images of a digit with a saved model (top classes with probabilities)')
    .argument('<images...>', 'PNG or JPEG files');
  addModelOptions(cmd, unitNumber);
  cmd
    .option('--top <k>', 'how many classes to show', positiveInt('--top'), 3)
    .addOption(
      new Option('--dataset <name>', 'dataset the model was trained on (for class names)')
        .choices(DATASET_NAMES)
        .default('mnist'),
    );
  addBackendOption(cmd);
  addOutputOptions(cmd);
  return cmd.action(async (images: string[], flags: PredictFlags) => {
    const reporter = createReporter(flags);
    // Decode everything first: a bad image fails before any model work.
    const inputs = [];
    for (const file of images) {
      const image = await decodeImage(file);
      inputs.push({ file, pixels: preprocessDigit(image) });
    }
    await chooseBackend(flags.backend, reporter);
    const model = await loadModel(flags);
    try {
      const classNames = DATASETS[flags.dataset].classNames;
      // Scaled as the model was trained (its recorded pixelScaling), not a fixed x / 255.
      const features = model.config.inputSize;
      const x = new Float32Array(inputs.length * features);
      inputs.forEach((input, i) => {
        scalePixels(input.pixels, model.pixelScaling, x.subarray(i * features, (i + 1) * features));
      });
      const probs = tf.tidy(() => model.predict(tf.tensor2d(x, [inputs.length, features])));
      const rows = (await probs.array()) as number[][];
      probs.dispose();
      const predictions = inputs.map((input, i) => {
        const p = rows[i] ?? [];
        const top = p
          .map((probability, label) => ({ label, name: classNames[label] ?? String(label), probability }))
          .sort((a, b) => b.probability - a.probability)
          .slice(0, flags.top);
        return { file: input.file, label: top[0]?.label ?? -1, name: top[0]?.name, probabilities: p, top };
      });
      for (const p of predictions) {
        reporter.result(`${p.file}: ${p.top.map((t) => `${t.name} ${(t.probability * 100).toFixed(1)} %`).join(', ')}`);
      }
      reporter.emitJson({ command: 'predict', model: flags.model, predictions });
    } finally {
      model.dispose();
    }
  });
}
