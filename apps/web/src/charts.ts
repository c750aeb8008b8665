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

/** Line colours of the layers in the norms chart. */
const LAYER_COLORS = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#4b5563', '#ca8a04'];

/**
 * Per-layer gradient norms (solid, left log axis) and weight norms (dashed, right log axis) over the steps
 * of a run, redrawn at most once per frame (`onDraw` told each redraw's time); rebuilt when the layers change.
 */
export function createNormsChart(
  container: HTMLElement,
  onDraw?: (ms: number) => void,
): Chart & { set(layers: readonly string[], data: number[][]): void } {
  let plot: uPlot | undefined;
  let observer: ResizeObserver | undefined;
  let layersKey = '';
  let frame: number | undefined;
  let pending: number[][] | undefined;
  let drawStarted = 0;
  const positive = (values: number[]) => values.map((v) => (v > 0 && Number.isFinite(v) ? v : null));

  function build(layers: readonly string[]): void {
    observer?.disconnect();
    plot?.destroy();
    const color = (i: number) => LAYER_COLORS[i % LAYER_COLORS.length]!;
    plot = new uPlot(
      {
        width: Math.max(200, container.clientWidth),
        height: HEIGHT,
        title: 'Gradient and weight norms per layer',
        scales: { x: { time: false }, g: { distr: 3 }, w: { distr: 3 } },
        axes: [
          { label: 'step' },
          { label: '‖gradient‖ (solid)', scale: 'g' },
          { label: '‖weights‖ (dashed)', scale: 'w', side: 1, grid: { show: false } },
        ],
        series: [
          { label: 'step' },
          ...layers.map((layer, i) => ({ label: `${layer} ‖g‖`, scale: 'g', stroke: color(i), width: 2 })),
          ...layers.map((layer, i) => ({
            label: `${layer} ‖w‖`,
            scale: 'w',
            stroke: color(i),
            width: 1,
            dash: [6, 4],
          })),
        ],
        legend: { live: false },
        // The time of each redraw (uPlot draws in a microtask after setData), for onDraw.
        hooks: {
          drawClear: [
            () => {
              drawStarted = performance.now();
            },
          ],
          draw: [() => onDraw?.(performance.now() - drawStarted)],
        },
      },
      [[], ...layers.flatMap(() => [[], []])] as unknown as uPlot.AlignedData,
      container,
    );
    observer = follow(container, plot);
  }

  return {
    set(layers, data) {
      const key = layers.join('\n');
      if (plot === undefined || key !== layersKey) {
        layersKey = key;
        build(layers);
      }
      pending = data;
      if (frame !== undefined) return;
      frame = requestAnimationFrame(() => {
        frame = undefined;
        if (pending === undefined || plot === undefined) return;
        const [steps = [], ...rest] = pending;
        plot.setData([steps, ...rest.map(positive)] as unknown as uPlot.AlignedData);
      });
    },
    reset() {
      pending = undefined;
      layersKey = '';
      plot?.setData([[]] as unknown as uPlot.AlignedData);
      observer?.disconnect();
      plot?.destroy();
      plot = undefined;
      container.replaceChildren();
    },
    destroy() {
      observer?.disconnect();
      plot?.destroy();
    },
  };
}
