import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Split, shuffledIndices } from '@mnist-kit/datasets';
import type { EvaluationResult } from '@mnist-kit/evaluation';
import type { Model } from '@mnist-kit/models';
import { saveModelToDir } from '@mnist-kit/models';
import type { History, StepEngineInfo } from '@mnist-kit/training';
import { writeFileAtomic } from '../../fs/writeFileAtomic.js';
import { formatHistoryCsv } from '../../output/formatHistoryCsv.js';
import { renderReport } from '../../output/renderReport.js';
import { tfjsCoreCopies } from '../../tfjsCoreCopies.js';
import type { RunConfig } from './runConfig.js';

/** What `buildMetrics` needs besides the run settings. */
export interface RunOutcome {
  config: RunConfig;
  /** The data trained on: its name (the registry's, or your data folder's) and classes. */
  dataset: { name: string; classNames: readonly string[]; layout?: string; heldOutTest?: number };
  backend: { name: string; description?: string };
  history: History;
  evaluation: EvaluationResult;
  model: Model;
  trainCount: number;
  testCount: number;
  firstStepSeconds: number | undefined;
  startedAt: number;
  outDir: string;
}

/** `metrics.json` (also the `--json` output): the run's settings, timings and evaluation in one object. */
export function buildMetrics(o: RunOutcome) {
  const epochs = o.history.epochs;
  const trainSeconds = epochs.reduce((s, e) => s + e.seconds, 0);
  const samples = epochs.reduce((s, e) => s + e.seconds * e.samplesPerSecond, 0);
  const stepEngine: StepEngineInfo | undefined = o.history.stepEngine;
  return {
    command: 'train',
    /** Identifies this result set: every file of it carries it (model metadata aside: see weightsSha256). */
    runId: randomBytes(8).toString('hex'),
    backend: o.backend.name,
    backendDetail: o.backend.description,
    stepEngine,
    threads: stepEngine?.threads,
    run: o.config,
    dataset: o.dataset.name,
    /** `'idx'`, `'image-folder'` or `'csv'` for local data. */
    layout: o.dataset.layout,
    classNames: o.dataset.classNames,
    /** Train images held out as the test split (data without a test split of its own). */
    heldOutTest: o.dataset.heldOutTest,
    epochs: o.config.epochs,
    batchSize: o.config.batchSize,
    learningRate: o.config.lr,
    optimizer: o.config.optimizer,
    model: o.config.model,
    /** In words: `mlp 128-128 relu`, `cnn 8-16 k5 valid pool 2, dense 128`. */
    recipe: describeRecipe(o.config),
    // The MLP's settings, or the CNN's (the other model's are absent).
    hidden: o.config.hidden,
    activation: o.config.activation,
    filters: o.config.filters,
    kernelSize: o.config.kernelSize,
    dense: o.config.dense,
    padding: o.config.padding,
    poolSize: o.config.poolSize,
    convDropout: o.config.convDropout,
    dropout: o.config.dropout,
    seed: o.config.seed,
    gradients: o.config.gradients,
    flip: o.config.flip,
    shift: o.config.shift,
    inputDropout: o.config.inputDropout,
    params: o.model.paramCount,
    trainCount: o.trainCount,
    testCount: o.testCount,
    trainSeconds,
    epochSeconds: epochs.map((e) => e.seconds),
    samplesPerSecond: trainSeconds > 0 ? samples / trainSeconds : 0,
    finalTrainLoss: epochs.at(-1)?.trainLoss ?? Number.NaN,
    finalValLoss: epochs.at(-1)?.valLoss,
    finalValAccuracy: epochs.at(-1)?.valAccuracy,
    testLoss: o.evaluation.loss,
    testAccuracy: o.evaluation.accuracy,
    macroF1: o.evaluation.macroF1,
    confusionMatrix: o.evaluation.confusionMatrix,
    perClass: o.evaluation.perClass,
    history: epochs,
    firstStepSeconds: o.firstStepSeconds,
    tfjsCoreCopies: tfjsCoreCopies().length,
    wallSeconds: (performance.now() - o.startedAt) / 1000,
    outDir: o.outDir,
    weightsSha256: '',
  };
}

export type Metrics = ReturnType<typeof buildMetrics>;

/** The model of a run in a few words (the report's title, `metrics.json`'s `recipe`). */
export function describeRecipe(config: RunConfig): string {
  if (config.model === 'mlp') return `mlp ${(config.hidden ?? []).join('-') || 'linear'} ${config.activation}`;
  const dense = config.dense ?? [];
  return `cnn ${(config.filters ?? []).join('-')} k${(config.kernelSize ?? []).join(',')} ${config.padding} pool ${config.poolSize}, dense ${dense.join('-') || 'none'}`;
}

/** What `report.html` shows beyond the metrics: the data and the evaluation's misclassified examples. */
export interface ReportSources {
  /** The training rows (the sample grid picks from them, seeded by the run's seed). */
  train: Split;
  /** The test rows evaluated (the misclassified examples index them). */
  test: Split;
  evaluation: EvaluationResult;
}

/** Images in the report's sample grid and misclassified gallery. */
const SAMPLES = 32;
const MISSES = 32;

/**
 * Writes a whole result set into `folder`: model.json + weights.bin, metrics.json, history.csv, report.html
 * (with `sources`, the report also shows training images, the first layer's weights and the misclassified
 * test images).
 */
export async function writeResults(
  folder: string,
  model: Model,
  metrics: Metrics,
  classNames: string[],
  sources?: ReportSources,
): Promise<void> {
  await saveModelToDir(model, folder);
  metrics.weightsSha256 = createHash('sha256')
    .update(await readFile(join(folder, 'weights.bin')))
    .digest('hex');
  await writeFileAtomic(join(folder, 'metrics.json'), JSON.stringify(metrics, null, 2));
  await writeFileAtomic(join(folder, 'history.csv'), formatHistoryCsv(metrics.history));
  await writeFileAtomic(
    join(folder, 'report.html'),
    renderReport({
      title: `mnist-kit · ${metrics.dataset} · ${metrics.recipe}`,
      runId: metrics.runId,
      dataset: metrics.dataset,
      backend: metrics.backend,
      params: metrics.params,
      testAccuracy: metrics.testAccuracy,
      testLoss: metrics.testLoss,
      trainSeconds: metrics.trainSeconds,
      classNames,
      confusionMatrix: metrics.confusionMatrix,
      history: metrics.history,
      perClass: metrics.perClass,
      macroF1: metrics.macroF1,
      ...(sources === undefined ? {} : await reportImages(model, sources, metrics.seed)),
    }),
  );
}

/** The report's images: a seeded sample of training rows, the misclassified test rows, the first layer's kernel. */
async function reportImages(model: Model, sources: ReportSources, seed: number) {
  const { train, test, evaluation } = sources;
  const count = Math.min(SAMPLES, train.count);
  const indices = Array.from(shuffledIndices(train.count, seed).subarray(0, count));
  const kernel = model.params['dense_1/kernel'];
  const shape = kernel?.shape as [number, number] | undefined;
  const firstLayer =
    kernel !== undefined && shape !== undefined && shape[0] === train.rows * train.cols
      ? { kernel: (await kernel.data()) as Float32Array, units: shape[1], rows: train.rows, cols: train.cols }
      : undefined;
  return {
    samples: { split: train, indices },
    misclassified: { split: test, examples: evaluation.misclassified.slice(0, MISSES) },
    ...(firstLayer === undefined ? {} : { firstLayer }),
  };
}
