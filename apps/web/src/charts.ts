import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { type AccuracyData, createLossSeries, type LossSeries } from './chartData';

/** A chart that follows its container's width. */
interface Chart {
  reset(): void;
  destroy(): void;
}

const HEIGHT = 220;

function follow(container: HTMLElement, plot: uPlot): ResizeObserver {
  const observer = new ResizeObserver(() => {
    const width = Math.max(200, Math.floor(container.clientWidth));
    if (width !== plot.width) plot.setSize({ width, height: HEIGHT });
  });
  observer.observe(container);
  return observer;
}

/** Per-step training loss, raw (faint) and smoothed (EMA), redrawn at most once per frame. */
export function createLossChart(container: HTMLElement): Chart & { push(step: number, loss: number): void } {
  const series: LossSeries = createLossSeries(0.8);
  const plot = new uPlot(
    {
      width: Math.max(200, container.clientWidth),
      height: HEIGHT,
      title: 'Training loss',
      scales: { x: { time: false } },
      axes: [{ label: 'step' }, { label: 'loss' }],
      series: [
        { label: 'step' },
        { label: 'loss', stroke: 'rgba(37, 99, 235, 0.3)', width: 1 },
        { label: 'smoothed', stroke: '#2563eb', width: 2 },
      ],
      legend: { live: false },
    },
    series.data,
    container,
  );
  const observer = follow(container, plot);
  let frame: number | undefined;
  const redraw = () => {
    if (frame !== undefined) return;
    frame = requestAnimationFrame(() => {
      frame = undefined;
      plot.setData(series.data);
    });
  };
  return {
    push(step, loss) {
      series.push(step, loss);
      redraw();
    },
    reset() {
      series.reset();
      plot.setData(series.data);
    },
    destroy() {
      observer.disconnect();
      plot.destroy();
    },
  };
}

/** Train and validation accuracy per epoch. */
export function createAccuracyChart(container: HTMLElement): Chart & { set(data: AccuracyData): void } {
  const empty: AccuracyData = [[], [], []];
  const plot = new uPlot(
    {
      width: Math.max(200, container.clientWidth),
      height: HEIGHT,
      title: 'Accuracy per epoch',
      scales: { x: { time: false }, y: { range: [0, 1] } },
      axes: [{ label: 'epoch', incrs: [1, 2, 5, 10, 20, 50] }, { label: 'accuracy' }],
      series: [
        { label: 'epoch' },
        { label: 'train', stroke: '#2563eb', width: 2, points: { show: true } },
        { label: 'validation', stroke: '#dc2626', width: 2, points: { show: true } },
      ],
      legend: { live: false },
    },
    empty as uPlot.AlignedData,
    container,
  );
  const observer = follow(container, plot);
  return {
    set(data) {
      plot.setData(data as uPlot.AlignedData);
    },
    reset() {
      plot.setData(empty as uPlot.AlignedData);
    },
    destroy() {
      observer.disconnect();
      plot.destroy();
    },
  };
}
