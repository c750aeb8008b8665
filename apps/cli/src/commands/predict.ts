import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { DATASETS, type ImagePreprocessing, parseDigitCsv, preprocessImage, scalePixels } from '@mnist-kit/datasets';
import type { Model } from '@mnist-kit/models';
import * as tf from '@tensorflow/tfjs-core';
import { Command, Option } from 'commander';
import { CliError, usageError } from '../CliError.js';
import { chooseBackend } from '../chooseBackend.js';
import {
  addBackendOption,
  addOutputOptions,
  DATASET_NAMES,
  type OutputFlags,
  PREPROCESS_MODES,
} from '../commonOptions.js';
import { writeFileAtomic } from '../fs/writeFileAtomic.js';
import { addModelOptions, loadModel, type ModelFlags } from '../loadModel.js';
import { createReporter, type Reporter } from '../output/createReporter.js';
import { numberIn, positiveInt } from '../parseOptions.js';
import { readImage } from '../readImage.js';

const unitNumber = (flag: string) => numberIn(flag, { min: 0, max: 1 });

/** Rows predicted per `model.predict` call for a CSV (Kaggle's test.csv has 28 000). */
const CSV_BATCH = 1000;

interface PredictFlags extends ModelFlags, OutputFlags {
  backend: string;
  top: number;
  dataset?: (typeof DATASET_NAMES)[number];
  preprocess?: ImagePreprocessing;
  out: string;
  force?: boolean;
}

export function createPredictCommand(): Command {
  const cmd = new Command('predict')
    .description(
      'classify PNG/JPEG images with a saved model (top classes with probabilities), or every row of a Kaggle "Digit Recognizer" test.csv into a submission CSV (ImageId,Label)',
    )
    .argument('<inputs...>', 'PNG or JPEG files, or one .csv file');
  addModelOptions(cmd, unitNumber);
  cmd
    .option('--top <k>', 'how many classes to show', positiveInt('--top'), 3)
    .addOption(
      new Option(
        '--dataset <name>',
        "class names of this dataset (default: the model's own, recorded when it was trained; else numbers)",
      ).choices(DATASET_NAMES),
    )
    .addOption(
      new Option(
        '--preprocess <mode>',
        "how an image becomes 28×28: 'digit' crops to the ink and centres it like MNIST, 'resize' keeps the frame (default: what the model records)",
      ).choices(PREPROCESS_MODES),
    )
    .option('--out <file>', 'for a .csv input: the submission file to write', 'submission.csv')
    .option('--force', 'for a .csv input: replace --out if it exists');
  addBackendOption(cmd);
  addOutputOptions(cmd);
  return cmd.action(async (inputs: string[], flags: PredictFlags) => {
    const reporter = createReporter(flags);
    const csv = inputs.filter((file) => file.toLowerCase().endsWith('.csv'));
    if (csv.length > 0) {
      if (inputs.length > 1)
        throw usageError('predict takes one .csv file on its own (not with images or another CSV)');
      await predictCsv(csv[0]!, flags, reporter);
      return;
    }
    await predictImages(inputs, flags, reporter);
  });
}

/** One name per output: `--dataset`'s, else the model's own, else the index. */
function classNamesFor(model: Model, flags: PredictFlags): (label: number) => string {
  const names = flags.dataset !== undefined ? DATASETS[flags.dataset].classNames : model.config.classNames;
  return (label) => names?.[label] ?? String(label);
}

/** The model's probabilities for rows of 28 × 28 pixel bytes, scaled as it was trained. */
async function probabilities(model: Model, pixels: Uint8Array, count: number): Promise<number[][]> {
  const features = model.config.inputSize;
  const x = scalePixels(pixels.subarray(0, count * features), model.pixelScaling);
  const probs = tf.tidy(() => model.predict(tf.tensor2d(x, [count, features])));
  try {
    return (await probs.array()) as number[][];
  } finally {
    probs.dispose();
  }
}

async function loadModelFor28x28(flags: PredictFlags, reporter: Reporter): Promise<Model> {
  await chooseBackend(flags.backend, reporter);
  const model = await loadModel(flags);
  if (model.config.inputSize !== 784) {
    model.dispose();
    throw usageError(
      `the model at ${flags.model} takes ${model.config.inputSize} inputs; predict feeds 28×28 images (784)`,
    );
  }
  return model;
}

async function predictImages(files: string[], flags: PredictFlags, reporter: Reporter): Promise<void> {
  // Decode everything first: a bad image fails before any model work.
  const images = [];
  for (const file of files) images.push(await readImage(file));
  const model = await loadModelFor28x28(flags, reporter);
  try {
    // As the model's data was made (its recorded preprocessing: 'resize' for Fashion-MNIST), unless told.
    const mode = flags.preprocess ?? model.config.preprocessing;
    const pixels = new Uint8Array(images.length * 784);
    images.forEach((image, i) => {
      pixels.set(preprocessImage(image, { mode }), i * 784);
    });
    const rows = await probabilities(model, pixels, images.length);
    const nameOf = classNamesFor(model, flags);
    const predictions = files.map((file, i) => {
      const p = rows[i] ?? [];
      const top = p
        .map((probability, label) => ({ label, name: nameOf(label), probability }))
        .sort((a, b) => b.probability - a.probability)
        .slice(0, flags.top);
      return { file, label: top[0]?.label ?? -1, name: top[0]?.name, probabilities: p, top };
    });
    for (const p of predictions) {
      reporter.result(`${p.file}: ${p.top.map((t) => `${t.name} ${(t.probability * 100).toFixed(1)} %`).join(', ')}`);
    }
    reporter.emitJson({ command: 'predict', model: flags.model, preprocessing: mode, predictions });
  } finally {
    model.dispose();
  }
}

/**
 * A Kaggle "Digit Recognizer" CSV (`pixel0,…,pixel783` rows, optionally labeled): every row predicted and
 * written to `--out` as Kaggle's submission, `ImageId,Label` (1-based ids, the class name or index),
 * atomically; an existing file is kept unless `--force`. A labeled CSV also reports the accuracy.
 */
async function predictCsv(file: string, flags: PredictFlags, reporter: Reporter): Promise<void> {
  const out = resolve(flags.out);
  if (resolve(file) === out) throw usageError(`--out ${flags.out} is the input CSV: write the submission elsewhere`);
  if (existsSync(out) && !flags.force) {
    throw usageError(`${flags.out} exists: pass --force to replace it, or --out another file`);
  }
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(file));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError('INPUT', code === 'ENOENT' ? `CSV not found: ${file}` : `cannot read ${file}: ${code}`, {
      cause: error,
    });
  }
  const table = parseDigitCsv(bytes, { file });
  if (table.count === 0) throw new CliError('INPUT', `${file} has no rows to predict`);
  const model = await loadModelFor28x28(flags, reporter);
  try {
    const nameOf = classNamesFor(model, flags);
    const labels = new Int32Array(table.count);
    for (let start = 0; start < table.count; start += CSV_BATCH) {
      const count = Math.min(CSV_BATCH, table.count - start);
      const rows = await probabilities(model, table.images.subarray(start * 784), count);
      rows.forEach((p, i) => {
        labels[start + i] = p.indexOf(Math.max(...p));
      });
    }
    const lines = ['ImageId,Label', ...Array.from(labels, (label, i) => `${i + 1},${nameOf(label)}`)];
    await writeFileAtomic(out, `${lines.join('\n')}\n`);
    let accuracy: number | undefined;
    if (table.labels !== undefined) {
      const truth = table.labels;
      accuracy = labels.reduce((n, label, i) => n + (label === truth[i] ? 1 : 0), 0) / table.count;
    }
    reporter.result(
      `${file}: ${table.count} rows predicted → ${flags.out}${accuracy === undefined ? '' : ` (accuracy against its labels ${(accuracy * 100).toFixed(2)} %)`}`,
    );
    reporter.emitJson({ command: 'predict', model: flags.model, csv: file, out, count: table.count, accuracy });
  } finally {
    model.dispose();
  }
}
