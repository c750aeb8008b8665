import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EvaluationResult } from '@mnist-kit/evaluation';
import type { Mlp } from '@mnist-kit/models';
import { saveMlpToDir } from '@mnist-kit/models';
import type { History, StepEngineInfo } from '@mnist-kit/training';
import { writeFileAtomic } from '../../fs/writeFileAtomic.js';
import { formatHistoryCsv } from '../../output/formatHistoryCsv.js';
import { renderReport } from '../../output/renderReport.js';
import { tfjsCoreCopies } from '../../tfjsCoreCopies.js';
import type { RunConfig } from './runConfig.js';

/** What `buildMetrics` needs besides the run settings. */
export interface RunOutcome {
  config: RunConfig;
  backend: { name: string; description?: string };
  history: History;
  evaluation: EvaluationResult;
  model: Mlp;
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
    dataset: o.config.dataset,
    epochs: o.config.epochs,
    batchSize: o.config.batchSize,
    learningRate: o.config.lr,
    optimizer: o.config.optimizer,
    hidden: o.config.hidden,
    activation: o.config.activation,
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

/** Writes a whole result set into `folder`: model.json + weights.bin, metrics.json, history.csv, report.html. */
export async function writeResults(folder: string, model: Mlp, metrics: Metrics, classNames: string[]): Promise<void> {
  await saveMlpToDir(model, folder);
  metrics.weightsSha256 = createHash('sha256')
    .update(await readFile(join(folder, 'weights.bin')))
    .digest('hex');
  await writeFileAtomic(join(folder, 'metrics.json'), JSON.stringify(metrics, null, 2));
  await writeFileAtomic(join(folder, 'history.csv'), formatHistoryCsv(metrics.history));
  await writeFileAtomic(
    join(folder, 'report.html'),
    renderReport({
      title: `mnist-kit · ${metrics.dataset} · ${metrics.hidden.join('-')} ${metrics.activation}`,
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
    }),
  );
}
