import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { EpochLog } from '@mnist-kit/training';

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

/** A self-contained HTML page (uPlot inlined, no network) with loss/accuracy curves and a confusion-matrix heatmap. */
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
<h2>Training curves</h2>
<div class="charts"><div id="loss"></div><div id="acc"></div></div>
<h2>Confusion matrix (test set)</h2>
${heatmap(data.confusionMatrix, data.classNames)}
<script>${uplotJs}</script>
<script>
const h = ${scriptJson(data.history)};
const x = h.map((e) => e.epoch + 1);
const col = (k) => h.map((e) => (e[k] == null ? null : e[k]));
const opts = (title, series) => ({ title, width: 480, height: 280, scales: { x: { time: false } },
  axes: [{ label: 'epoch' }, {}], series: [{ label: 'epoch' }, ...series] });
new uPlot(opts('Loss', [{ label: 'train', stroke: '#2563eb' }, { label: 'validation', stroke: '#dc2626' }]),
  [x, col('trainLoss'), col('valLoss')], document.getElementById('loss'));
new uPlot(opts('Accuracy', [{ label: 'train', stroke: '#2563eb' }, { label: 'validation', stroke: '#dc2626' }]),
  [x, col('trainAccuracy'), col('valAccuracy')], document.getElementById('acc'));
</script>
</body>
</html>
`;
}
