import { type EvaluationResult, formatEvaluation } from '@mnist-kit/evaluation';
import Table from 'cli-table3';

interface Summary {
  dataset: string;
  backend: string;
  params: number;
  epochs: number;
  batchSize: number;
  trainSeconds: number;
  samplesPerSecond: number;
  finalTrainLoss: number;
  testLoss: number;
  testAccuracy: number;
  outDir: string;
}

/** The table printed at the end of `train`: the run at a glance, then the evaluation. */
export function formatTrainSummary(m: Summary, evaluation: EvaluationResult, classNames: string[]): string {
  const color = !process.env.NO_COLOR && Boolean(process.stdout.isTTY);
  const table = new Table({ style: { head: color ? ['cyan'] : [], border: color ? ['grey'] : [] } });
  table.push(
    { dataset: m.dataset },
    { backend: m.backend },
    { parameters: m.params.toLocaleString('en-US') },
    { epochs: `${m.epochs} × batch ${m.batchSize}` },
    {
      'train time': `${m.trainSeconds.toFixed(1)} s (${Math.round(m.samplesPerSecond).toLocaleString('en-US')} samples/s)`,
    },
    { 'final train loss': m.finalTrainLoss.toFixed(4) },
    { 'test loss': m.testLoss.toFixed(4) },
    { 'test accuracy': `${(m.testAccuracy * 100).toFixed(2)} %` },
    { saved: m.outDir },
  );
  return `${table.toString()}\n\n${formatEvaluation(evaluation, { classNames, color })}`;
}
