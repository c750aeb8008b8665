#!/usr/bin/env node
// Times one epoch of the tutorial recipe (784→128→128→10, ReLU, Adam 1e-3, batch 64) in headless
// Chromium, mnist-kit (`fit`, hand-written backward) next to tfjs-layers (`model.fit`, autograd), on
// each backend. Serves the built app (pnpm --filter web build first) and Fashion-MNIST from a local folder.
//
//   node scripts/bench-browser.mjs [--data-dir /usr/share/datasets/fashion-mnist] [--backends wasm,webgl,cpu]
//                                  [--impls mnist-kit,layers] [--limit N] [--cpu-limit N] [--epochs 1]
//
// --limit caps the training rows (default: all 60,000); --cpu-limit caps them on the slow cpu backend
// (default 10,000; seconds are scaled to a full epoch in the table and marked with *).
import { parseArgs } from 'node:util';
import { launchChromium, startPreview } from './serve.mjs';

const { values: args } = parseArgs({
  options: {
    'data-dir': { type: 'string', default: '/usr/share/datasets/fashion-mnist' },
    backends: { type: 'string', default: 'wasm,webgl,cpu' },
    impls: { type: 'string', default: 'mnist-kit,layers' },
    limit: { type: 'string' },
    'cpu-limit': { type: 'string', default: '10000' },
    epochs: { type: 'string', default: '1' },
    'test-limit': { type: 'string', default: '10000' },
    timeout: { type: 'string', default: '900' },
  },
});

const FULL_EPOCH = 60_000;
const backends = args.backends.split(',').filter(Boolean);
const impls = args.impls.split(',').filter(Boolean);

const server = await startPreview({ folders: { '/data/fashion-mnist/': args['data-dir'] } });
const browser = await launchChromium();
const results = [];
try {
  for (const backend of backends) {
    for (const impl of impls) {
      const limit = backend === 'cpu' ? (args.limit ?? args['cpu-limit']) : args.limit;
      const query = new URLSearchParams({
        impl,
        backend,
        dataset: 'fashion-mnist',
        data: '/data/fashion-mnist/',
        epochs: args.epochs,
        batchSize: '64',
        testLimit: args['test-limit'],
      });
      if (limit !== undefined) query.set('limit', limit);
      const context = await browser.newContext();
      const page = await context.newPage();
      page.on('console', (message) => {
        if (message.type() === 'error') console.error(`  [${impl}/${backend}] ${message.text()}`);
      });
      process.stderr.write(`${impl} on ${backend}${limit ? ` (${limit} rows)` : ''}… `);
      await page.goto(`${server.url}/bench.html?${query}`);
      await page.waitForFunction(() => window.__bench !== undefined, undefined, {
        timeout: Number(args.timeout) * 1000,
        polling: 500,
      });
      const result = await page.evaluate(() => window.__bench);
      await context.close();
      results.push(result);
      process.stderr.write(
        result.ok
          ? `${result.epochSeconds.map((s) => s.toFixed(2)).join(', ')} s/epoch, test accuracy ${result.testAccuracy.toFixed(4)}\n`
          : `failed: ${result.error}\n`,
      );
    }
  }
} finally {
  await browser.close();
  await server.close();
}

/** The median epoch's seconds (the epochs are the repeated measurements), scaled to a full 60,000-row epoch. */
function perEpoch(result) {
  if (!result?.ok) return undefined;
  const sorted = [...result.epochSeconds].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  const seconds = sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { seconds: (seconds * FULL_EPOCH) / result.samples, scaled: result.samples !== FULL_EPOCH };
}

const rows = [
  ['backend', 'mnist-kit s/epoch', 'layers s/epoch', 'layers / mnist-kit', 'accuracy (kit / layers)', 'backend info'],
];
for (const backend of backends) {
  const kit = results.find((r) => r.impl === 'mnist-kit' && r.backend === backend);
  const layers = results.find((r) => r.impl === 'layers' && r.backend === backend);
  const a = perEpoch(kit);
  const b = perEpoch(layers);
  const cell = (x, r) =>
    x === undefined
      ? `failed${r?.error ? ` (${r.error.slice(0, 60)})` : ''}`
      : `${x.seconds.toFixed(2)}${x.scaled ? '*' : ''}`;
  rows.push([
    backend,
    cell(a, kit),
    cell(b, layers),
    a && b ? `${(b.seconds / a.seconds).toFixed(2)}×` : '–',
    `${kit?.testAccuracy?.toFixed(4) ?? '–'} / ${layers?.testAccuracy?.toFixed(4) ?? '–'}`,
    kit?.backendInfo ?? layers?.backendInfo ?? '',
  ]);
}
const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
for (const [i, row] of rows.entries()) {
  console.log(row.map((c, j) => c.padEnd(widths[j])).join(' | '));
  if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
}
console.log(
  `\nFashion-MNIST, batch 64, median of ${args.epochs} epoch(s), headless Chromium; * = measured on fewer rows, scaled to 60,000.`,
);
