import { createNormsChart } from '../charts';
import { createNormsSeries } from '../normsData';
import { element } from './_dom';
import type { LiveCost } from './liveCost';
import type { TrainingPanel } from './trainingPanel';

/** The chart is redrawn at most this often during a run (and at the run's end). */
const MIN_INTERVAL_MS = 500;

export interface NormsPanelDeps {
  /** Its steps' `layerNorms` (on read-back steps), and the first step of a run to start over. */
  training: Pick<TrainingPanel, 'onStep' | 'onEpoch'>;
  /** Told the main-thread time of each redraw of the chart. */
  cost: Pick<LiveCost, 'add' | 'allowed'>;
}

/**
 * The "Learning itself" section: per-layer gradient and weight norms over the steps of the run in progress
 * (one chart, log scales), so that vanishing or exploding gradients show. Redrawn at most twice a second.
 */
export function createNormsPanel({ training, cost }: NormsPanelDeps): void {
  const ui = { chart: element('gradient-chart'), note: element('norms-note') };
  const chart = createNormsChart(ui.chart, (ms) => cost.add('norms chart', ms));
  const series = createNormsSeries();
  let lastDraw = Number.NEGATIVE_INFINITY;
  let lastStep = 0;

  function draw(): void {
    lastDraw = performance.now();
    chart.set(series.layers, series.data);
    const points = series.data[0]!.length;
    ui.note.textContent = `${series.layers.length} layers · ${points} read-back step${points === 1 ? '' : 's'} so far (step ${lastStep}).`;
    ui.chart.dataset.points = String(points);
  }

  training.onStep((event) => {
    if (event.globalStep === 1) {
      series.reset();
      chart.reset();
      lastDraw = Number.NEGATIVE_INFINITY;
    }
    if (event.layerNorms === undefined) return;
    series.push(event.globalStep, event.layerNorms);
    lastStep = event.globalStep;
    if (performance.now() - lastDraw >= MIN_INTERVAL_MS && cost.allowed()) draw();
  });
  // The last epoch's end always shows the whole run; other epochs' ends only within the budget.
  training.onEpoch((log, epochs) => {
    if (series.data[0]!.length > 0 && (log.epoch + 1 === epochs || cost.allowed())) draw();
  });
}
