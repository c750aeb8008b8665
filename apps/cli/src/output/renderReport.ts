import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ClassMetrics } from '@mnist-kit/evaluation';
import type { EpochLog } from '@mnist-kit/training';
import { pngDataUrl } from './pngDataUrl.js';
import { splitImage, weightTiles } from './reportImages.js';

/** Images the report shows, as a split holds them (bytes, light ink on black). */
export interface ReportImages {
  images: Uint8Array;
  rows: number;
  cols: number;
}

/** A test image the model got wrong. */
export interface ReportMiss {
  /** Its index in `ReportData.testImages`. */
  index: number;
  trueLabel: number;
  predictedLabel: number;
  /** The probability the model gave its prediction. */
  confidence: number;
}

/** What `report.html` shows. */
export interface ReportData {
  title: string;
  /** The result set's id (`metrics.json`'s `runId`), kept in a meta tag. Defaults to none. */
  runId?: string;
  dataset: string;
  backend: string;
  params: number;
  testAccuracy: number;
  testLoss: number;
  trainSeconds: number;
  classNames: string[];
  confusionMatrix: number[][];
  history: Array<Pick<EpochLog, 'epoch' | 'trainLoss' | 'trainAccuracy' | 'valLoss' | 'valAccuracy' | 'seconds'>>;
  /** Per-class precision, recall, F1 and support. Defaults to none (no table). */
  perClass?: readonly ClassMetrics[];
  /** Macro-averaged F1, shown under the per-class table. Defaults to none. */
  macroF1?: number;
  /** Training images for the sample grid: `images` with the indices shown and their labels. Defaults to none. */
  samples?: { split: ReportImages & { labels: Uint8Array }; indices: readonly number[] };
  /** The test images and the misclassified ones among them (shown in the order given). Defaults to none. */
  misclassified?: { split: ReportImages; examples: readonly ReportMiss[] };
  /**
   * The first layer's kernel `[rows·cols, units]` (row-major), shown as one `rows × cols` weight image per
   * unit. Defaults to none.
   */
  firstLayer?: { kernel: Float32Array; units: number; rows: number; cols: number };
}

const require = createRequire(import.meta.url);

function asset(path: string): string {
  return readFileSync(require.resolve(path), 'utf8');
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Safe to embed inside a `<script>` element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

function heatmap(matrix: number[][], classNames: string[]): string {
  const max = Math.max(1, ...matrix.flatMap((row, i) => row.filter((_, j) => j !== i)));
  const rowSums = matrix.map((row) => row.reduce((a, b) => a + b, 0) || 1);
  const head = classNames.map((n) => `<th scope="col">${escapeHtml(n)}</th>`).join('');
  const rows = matrix
    .map((row, i) => {
      const cells = row
        .map((v, j) => {
          // Diagonal: green by recall; off-diagonal: red by share of the worst confusion.
          const bg =
            i === j
              ? `hsl(140 60% ${Math.round(95 - 55 * (v / (rowSums[i] ?? 1)))}%)`
              : `hsl(0 75% ${Math.round(100 - 55 * (v / max))}%)`;
          return `<td style="background:${bg}" title="true ${escapeHtml(classNames[i] ?? String(i))}, predicted ${escapeHtml(classNames[j] ?? String(j))}: ${v}">${v}</td>`;
        })
        .join('');
      return `<tr><th scope="row">${escapeHtml(classNames[i] ?? String(i))}</th>${cells}</tr>`;
    })
    .join('\n');
  return `<table class="cm"><caption>rows: true class · columns: predicted class</caption><thead><tr><th></th>${head}</tr></thead><tbody>${rows}</tbody></table>`;
}

function sampleGrid(data: NonNullable<ReportData['samples']>, classNames: string[]): string {
  const { split, indices } = data;
  const items = indices.map((index) => {
    const label = split.labels[index]!;
    const name = escapeHtml(classNames[label] ?? String(label));
    return `<figure><img src="${pngDataUrl(splitImage(split, index))}" alt="training image ${index}: ${name}" width="56" height="56"><figcaption>${name}</figcaption></figure>`;
  });
  return `<h2>Training images</h2>
<p class="note">${indices.length} random training images with their labels.</p>
<div class="gallery" data-section="sample-grid">${items.join('')}</div>`;
}

function weightsSection(layer: NonNullable<ReportData['firstLayer']>): string {
  const { kernel, units, rows, cols } = layer;
  const image = weightTiles(kernel, { inputs: rows * cols, units, rows, cols });
  return `<h2>What the first layer learned</h2>
<p class="note">Each of the ${units} hidden units' ${rows * cols} incoming weights as a ${rows}×${cols} image: red positive, blue negative, white near zero; each unit scaled to its own largest |w|.</p>
<img class="weights" data-section="weights-grid" src="${pngDataUrl(image)}" width="${image.width * 4}" height="${image.height * 4}" alt="first-layer weights of ${units} units as ${rows}×${cols} images">`;
}

function perClassTable(perClass: readonly ClassMetrics[], classNames: string[], macroF1: number | undefined): string {
  const f = (x: number) => x.toFixed(4);
  const rows = perClass
    .map(
      (c) =>
        `<tr><th scope="row">${escapeHtml(c.name ?? classNames[c.label] ?? String(c.label))}</th><td>${f(c.precision)}</td><td>${f(c.recall)}</td><td>${f(c.f1)}</td><td>${c.support}</td></tr>`,
    )
    .join('\n');
  const macro = macroF1 === undefined ? '' : `<caption>macro-F1 ${f(macroF1)}</caption>`;
  return `<h2>Per-class precision, recall and F1 (test set)</h2>
<table class="cm per-class" data-section="per-class">${macro}<thead><tr><th scope="col">class</th><th scope="col">precision</th><th scope="col">recall</th><th scope="col">F1</th><th scope="col">support</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function missGallery(data: NonNullable<ReportData['misclassified']>, classNames: string[]): string {
  const name = (k: number) => escapeHtml(classNames[k] ?? String(k));
  const items = data.examples.map((m) => {
    const caption = `${name(m.trueLabel)} → ${name(m.predictedLabel)} (${Math.round(m.confidence * 100)} %)`;
    return `<figure><img src="${pngDataUrl(splitImage(data.split, m.index))}" alt="test image ${m.index}: true ${name(m.trueLabel)}, predicted ${name(m.predictedLabel)}" width="56" height="56"><figcaption>${caption}</figcaption></figure>`;
  });
  const body =
    items.length === 0 ? '<p>No misclassified test images.</p>' : `<div class="gallery">${items.join('')}</div>`;
  return `<h2>Misclassified test images</h2>
<p class="note">The ${items.length} the model was surest of: true class → predicted (its probability).</p>
<div data-section="misclassified">${body}</div>`;
}

/**
 * A self-contained HTML page (uPlot and every image inlined, no network): loss/accuracy curves over whole
 * epochs, the confusion-matrix heatmap, and — where given — a grid of training images, the first layer's
 * weights as images, the per-class precision/recall/F1 table and the misclassified test images.
 */
export function renderReport(data: ReportData): string {
  const uplotJs = asset('uplot/dist/uPlot.iife.min.js');
  const uplotCss = asset('uplot/dist/uPlot.min.css');
  const pct = (x: number) => `${(x * 100).toFixed(2)} %`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${data.runId === undefined ? '' : `<meta name="mnist-kit-run" content="${escapeHtml(data.runId)}">`}
<title>${escapeHtml(data.title)}</title>
<style>${uplotCss}
body{font:14px/1.4 system-ui,sans-serif;margin:1.5rem;color:#222;max-width:1000px}
h1{font-size:1.4rem} .kpi{display:flex;gap:1.5rem;flex-wrap:wrap;margin:1rem 0}
.kpi div{background:#f4f4f6;padding:.6rem 1rem;border-radius:6px} .kpi b{display:block;font-size:1.3rem}
.charts{display:flex;flex-wrap:wrap;gap:1rem} .cm{border-collapse:collapse;font-size:12px;margin-top:1rem}
.cm td,.cm th{border:1px solid #ddd;padding:3px 6px;text-align:right} .cm caption{caption-side:bottom;color:#666;padding-top:.3rem}
.note{color:#555} .gallery{display:flex;flex-wrap:wrap;gap:.5rem} .gallery figure{margin:0;width:5.5rem;text-align:center;font-size:11px}
.gallery img,img.weights{image-rendering:pixelated;background:#000;display:block;margin:0 auto} img.weights{max-width:100%;height:auto;background:#c8c8c8}
</style>
</head>
<body>
<h1>${escapeHtml(data.title)}</h1>
<div class="kpi">
<div>test accuracy<b>${pct(data.testAccuracy)}</b></div>
<div>test loss<b>${data.testLoss.toFixed(4)}</b></div>
<div>dataset<b>${escapeHtml(data.dataset)}</b></div>
<div>backend<b>${escapeHtml(data.backend)}</b></div>
<div>parameters<b>${data.params.toLocaleString('en-US')}</b></div>
<div>training time<b>${data.trainSeconds.toFixed(1)} s</b></div>
</div>
${data.samples === undefined ? '' : sampleGrid(data.samples, data.classNames)}
<h2>Training curves</h2>
<div class="charts"><div id="loss"></div><div id="acc"></div></div>
${data.firstLayer === undefined ? '' : weightsSection(data.firstLayer)}
<h2>Confusion matrix (test set)</h2>
${heatmap(data.confusionMatrix, data.classNames)}
${data.perClass === undefined ? '' : perClassTable(data.perClass, data.classNames, data.macroF1)}
${data.misclassified === undefined ? '' : missGallery(data.misclassified, data.classNames)}
<script>${uplotJs}</script>
<script>
const h = ${scriptJson(data.history)};
const x = h.map((e) => e.epoch + 1);
const col = (k) => h.map((e) => (e[k] == null ? null : e[k]));
// Whole epochs on the x axis: integer ticks only, over a range of at least one epoch.
const epochRange = (u, min, max) => [Math.max(0, Math.floor(min) - (min === max ? 1 : 0)), Math.ceil(max) + (min === max ? 1 : 0)];
const opts = (title, series) => ({ title, width: 480, height: 280, scales: { x: { time: false, range: epochRange } },
  axes: [{ label: 'epoch', incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500], values: (u, ticks) => ticks.map((t) => (Number.isInteger(t) ? String(t) : '')) }, {}],
  series: [{ label: 'epoch', value: (u, v) => (v == null ? '' : String(v)) }, ...series] });
new uPlot(opts('Loss', [{ label: 'train', stroke: '#2563eb' }, { label: 'validation', stroke: '#dc2626' }]),
  [x, col('trainLoss'), col('valLoss')], document.getElementById('loss'));
new uPlot(opts('Accuracy', [{ label: 'train', stroke: '#2563eb' }, { label: 'validation', stroke: '#dc2626' }]),
  [x, col('trainAccuracy'), col('valAccuracy')], document.getElementById('acc'));
</script>
</body>
</html>
`;
}
