// Times the tutorial recipe (784→128→128→10, ReLU, softmax cross-entropy, Adam 1e-3, batch 64, reshuffled
// every epoch) in headless Chromium: mnist-kit (`fit`, hand-written backward; on cpu/wasm its SIMD step
// engine) next to tfjs-layers (`model.fit`, autograd) on each tfjs backend, and jax-js (the whole step under
// `jit`) on each jax-js device. Serves the built app (pnpm --filter web build first) and Fashion-MNIST from a
// local folder. One configuration at a time, each in a fresh browser context.
//
//   node scripts/bench-browser.mjs [--data-dir /usr/share/datasets/fashion-mnist] [--backends wasm,webgl,cpu]
//                                  [--impls mnist-kit,layers,jax-js] [--jax-devices wasm,webgpu] [--epochs 1]
//                                  [--limit N] [--cpu-limit N] [--webgpu-limit N] [--threads N] [--step-engine auto]
//
// --backends are tfjs backends (mnist-kit and layers-fit); --jax-devices are jax-js devices (wasm, webgpu,
// webgl, cpu). --limit caps the training rows of every run (default: all 60,000); --cpu-limit caps them on
// the slow tfjs cpu backend (default 10,000) and --webgpu-limit on webgpu (default 6,400: SwiftShader, the
// software renderer headless Chromium uses without a GPU); seconds of capped runs are scaled to a full epoch
// in the table and marked with *. --threads and --step-engine go to mnist-kit's `fit` (FitOptions.threads,
// .stepEngine; default: fit's own, i.e. the SIMD engine on cpu/wasm with one thread per logical core when the
// page is cross-origin isolated, which it is here).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { launchChromium, startPreview } from './serve.mjs';

const { values: args } = parseArgs({
  options: {
    'data-dir': { type: 'string', default: '/usr/share/datasets/fashion-mnist' },
    backends: { type: 'string', default: 'wasm,webgl,cpu' },
    impls: { type: 'string', default: 'mnist-kit,layers,jax-js' },
    'jax-devices': { type: 'string', default: 'wasm,webgpu' },
    limit: { type: 'string' },
    'cpu-limit': { type: 'string', default: '10000' },
    'webgpu-limit': { type: 'string', default: '6400' },
    epochs: { type: 'string', default: '1' },
    'test-limit': { type: 'string', default: '10000' },
    threads: { type: 'string' },
    'step-engine': { type: 'string' },
    timeout: { type: 'string', default: '900' },
  },
});

const FULL_EPOCH = 60_000;
const backends = args.backends.split(',').filter(Boolean);
const impls = args.impls.split(',').filter(Boolean);
const jaxDevices = impls.includes('jax-js') ? args['jax-devices'].split(',').filter(Boolean) : [];
const require = createRequire(import.meta.url);
const jaxVersion = JSON.parse(
  readFileSync(join(dirname(require.resolve('@jax-js/jax')), '..', 'package.json'), 'utf8'),
).version;

/** The runs, in order: per tfjs backend mnist-kit then layers-fit, then jax-js per device. */
const runs = [
  ...backends.flatMap((backend) => impls.filter((i) => i !== 'jax-js').map((impl) => ({ impl, backend }))),
  ...jaxDevices.map((backend) => ({ impl: 'jax-js', backend })),
];
const server = await startPreview({ folders: { '/data/fashion-mnist/': args['data-dir'] } });
const browser = await launchChromium();
const results = [];
try {
  for (const { impl, backend } of runs) {
    const limit =
      args.limit ??
      (backend === 'cpu' && impl !== 'jax-js'
        ? args['cpu-limit']
        : backend === 'webgpu'
          ? args['webgpu-limit']
          : undefined);
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
    if (impl === 'mnist-kit' && args.threads !== undefined) query.set('threads', args.threads);
    if (impl === 'mnist-kit' && args['step-engine'] !== undefined) query.set('stepEngine', args['step-engine']);
    const context = await browser.newContext();
    const page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') console.error(`  [${impl}/${backend}] ${message.text()}`);
    });
    page.on('pageerror', (error) => console.error(`  [${impl}/${backend}] page error: ${error.message}`));
    process.stderr.write(`${impl} on ${backend}${limit ? ` (${limit} rows)` : ''}… `);
    let result;
    try {
      await page.goto(`${server.url}/bench.html?${query}`);
      await page.waitForFunction(() => window.__bench !== undefined, undefined, {
        timeout: Number(args.timeout) * 1000,
        polling: 500,
      });
      result = await page.evaluate(() => window.__bench);
    } catch (error) {
      // A configuration that hangs or crashes the page (e.g. a GPU device on SwiftShader) fails alone.
      const shown = await page
        .getByTestId('bench-output')
        .textContent({ timeout: 5000 })
        .catch(() => '');
      const last = shown?.trim().split('\n').at(-1) ?? '';
      result = { ok: false, impl, backend, error: `${error.message.split('\n')[0]}${last ? ` (page: ${last})` : ''}` };
    }
    await context.close();
    results.push(result);
    process.stderr.write(
      result.ok
        ? `${result.epochSeconds.map((s) => s.toFixed(2)).join(', ')} s/epoch, test accuracy ${result.testAccuracy.toFixed(4)}` +
            `${result.stepEngine ? ` (steps: ${describeStepEngine(result.stepEngine)})` : ''}\n`
        : `failed: ${result.error}\n`,
    );
  }
} finally {
  await browser.close();
  await server.close();
}

/** mnist-kit's step engine in words (as the CLI's `train` says it). */
function describeStepEngine(info) {
  if (info.name === 'simd') return `SIMD engine (${info.isa}), ${info.threads} thread${info.threads === 1 ? '' : 's'}`;
  return `tfjs ops on ${info.backend}${info.reason === undefined ? '' : ` (SIMD engine not used: ${info.reason})`}`;
}

/** The median epoch's seconds (the epochs are the repeated measurements), scaled to a full 60,000-row epoch. */
function perEpoch(result) {
  if (!result?.ok) return undefined;
  const sorted = [...result.epochSeconds].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  const seconds = sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { seconds: (seconds * FULL_EPOCH) / result.samples, scaled: result.samples !== FULL_EPOCH };
}

const find = (impl, backend) => results.find((r) => r.impl === impl && r.backend === backend);
const ran = (impl, backend) => runs.some((r) => r.impl === impl && r.backend === backend);
const cell = (x, r) =>
  x === undefined
    ? r === undefined
      ? '–'
      : `failed${r.error ? ` (${r.error.slice(0, 60)})` : ''}`
    : `${x.seconds.toFixed(2)}${x.scaled ? '*' : ''}`;
const ratio = (a, b) => (a && b ? `${(a.seconds / b.seconds).toFixed(2)}×` : '–');
const acc = (r) => r?.testAccuracy?.toFixed(4) ?? '–';

/**
 * The jax-js device a tfjs backend is compared with: the same name, else (webgl, a GPU backend jax-js is not
 * run on) webgpu, jax-js's GPU device; else none.
 */
function jaxPeer(backend) {
  if (jaxDevices.includes(backend)) return backend;
  if (backend === 'webgl' && jaxDevices.includes('webgpu')) return 'webgpu';
  return undefined;
}

const rowNames = [...new Set([...backends, ...jaxDevices])];
const rows = [
  [
    'backend',
    'mnist-kit s/epoch',
    'layers s/epoch',
    'jax-js s/epoch',
    'mnist-kit ÷ layers-fit',
    'mnist-kit ÷ jax-js',
    'test acc (kit / layers / jax)',
    'mnist-kit steps',
    'backend info',
  ],
];
for (const backend of rowNames) {
  const kit = find('mnist-kit', backend);
  const layers = find('layers', backend);
  const jax = find('jax-js', backend);
  const a = perEpoch(kit);
  const b = perEpoch(layers);
  const c = perEpoch(jax);
  const peer = jaxPeer(backend);
  const peerRun = peer === undefined ? undefined : perEpoch(find('jax-js', peer));
  rows.push([
    backend,
    ran('mnist-kit', backend) ? cell(a, kit) : '–',
    ran('layers', backend) ? cell(b, layers) : '–',
    ran('jax-js', backend) ? cell(c, jax) : '–',
    ratio(a, b),
    a && peerRun ? `${ratio(a, peerRun)}${peer === backend ? '' : ` (vs ${peer})`}` : '–',
    `${acc(kit)} / ${acc(layers)} / ${acc(jax)}`,
    kit?.stepEngine ? describeStepEngine(kit.stepEngine) : '–',
    [kit?.backendInfo ?? layers?.backendInfo, jax?.backendInfo].filter(Boolean).join('; '),
  ]);
}
const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
for (const [i, row] of rows.entries()) {
  console.log(row.map((c, j) => c.padEnd(widths[j])).join(' | '));
  if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
}

// The targets of issue #11: mnist-kit at most half layers-fit's epoch time on wasm and webgl.
const TARGET = 0.5;
const verdicts = ['wasm', 'webgl']
  .filter((backend) => backends.includes(backend))
  .map((backend) => {
    const a = perEpoch(find('mnist-kit', backend));
    const b = perEpoch(find('layers', backend));
    if (!a || !b) return `${backend}: not measured`;
    const r = a.seconds / b.seconds;
    return `${backend} ${r.toFixed(2)}× ${r <= TARGET ? 'meets' : 'MISSES'} the target`;
  });
console.log(
  `\nFashion-MNIST, batch 64, median of ${args.epochs} epoch(s), headless Chromium; * = measured on fewer rows, scaled to 60,000.` +
    `\njax-js ${jaxVersion}. mnist-kit ÷ layers-fit target ≤ ${TARGET}×${verdicts.length > 0 ? `: ${verdicts.join('; ')}` : ''}.`,
);
