#!/usr/bin/env node
// `pnpm bench`: mnist-kit vs. a tfjs-layers `model.fit` baseline vs. the PyTorch tutorial, on the same
// data and epochs, in one sitting, one child process at a time. See benchmarks/README.md.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { findIdxFiles } from './lib/idx.mjs';
import { describeMachine, fmt, machineLines, mark, mean, median, pct, table, timestamp } from './lib/report.mjs';
import { BENCH_DIR, CLI_OVERRIDDEN, packageVersion, REPO_ROOT } from './lib/resolve.mjs';
import { buildCli, childOutcome, cliBuilt, runChild, runCliTrain } from './lib/run.mjs';

/** What mnist-kit is measured against (see the issue). */
const TARGETS = {
  epochVsTorch: 0.35, // mnist-kit s/epoch ≤ 0.35 × PyTorch s/epoch
  epochVsLayers: 0.35, // mnist-kit s/epoch ≤ 0.35 × layers-fit s/epoch, same backend
  accuracyPp: 0.5, // mnist-kit test accuracy ≥ PyTorch − 0.5 percentage points
  peakRssMB: 350,
  firstStepSeconds: 1.5,
};

/** The training recipe every implementation runs. */
const RECIPE = { batchSize: 64, lr: 0.001 };

const PYTHON = '/usr/bin/python3';
const TORCH_SKIPPED_EXIT = 3; // pytorch_mnist.py's "import torch failed"

const HELP = `usage: pnpm bench [options]    (or: node benchmarks/bench.mjs [options])

Trains the same MLP (784-128-128-10, Adam 1e-3, batch 64) with mnist-kit's CLI, with tfjs-layers
model.fit and with the PyTorch tutorial code, sequentially, and prints medians over --runs runs.

  --data-dir DIR        MNIST-format folder (four IDX files, .gz or not)   [/usr/share/datasets/fashion-mnist]
  --epochs N            epochs per training run                           [10]
  --runs N              runs per configuration; the median is reported    [3]
  --backends LIST       tfjs backends, comma-separated                    [wasm,cpu]
  --skip-torch          don't run the PyTorch baseline
  --skip-layers         don't run the tfjs-layers model.fit baseline
  --skip-mnist-kit      don't run mnist-kit (baselines only)
  --torch-threads N     torch.set_num_threads for the PyTorch run         [torch's default]
  --no-build            don't (re)build the CLI first (turbo; cached when unchanged)
  --timeout S           kill a child that runs longer than S seconds      [no limit]
  --json-out PATH       raw results                                       [benchmarks/results/bench-<timestamp>.json]
  --check               exit with status 1 when a target is missed
  -h, --help`;

const { values: opts } = parseArgs({
  options: {
    'data-dir': { type: 'string', default: '/usr/share/datasets/fashion-mnist' },
    epochs: { type: 'string', default: '10' },
    runs: { type: 'string', default: '3' },
    backends: { type: 'string', default: 'wasm,cpu' },
    'skip-torch': { type: 'boolean', default: false },
    'skip-layers': { type: 'boolean', default: false },
    'skip-mnist-kit': { type: 'boolean', default: false },
    'torch-threads': { type: 'string', default: '0' },
    'no-build': { type: 'boolean', default: false },
    timeout: { type: 'string', default: '0' },
    'json-out': { type: 'string' },
    check: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (opts.help) {
  console.log(HELP);
  process.exit(0);
}

function positiveInt(name, text, { allowZero = false } = {}) {
  const n = Number(text);
  if (!Number.isInteger(n) || n < (allowZero ? 0 : 1)) {
    console.error(`--${name} must be a ${allowZero ? 'non-negative' : 'positive'} integer, got ${text}`);
    process.exit(2);
  }
  return n;
}

const dataDir = resolve(opts['data-dir']);
const epochs = positiveInt('epochs', opts.epochs);
const runs = positiveInt('runs', opts.runs);
const torchThreads = positiveInt('torch-threads', opts['torch-threads'], { allowZero: true });
const timeoutSeconds = positiveInt('timeout', opts.timeout, { allowZero: true });
const backends = opts.backends
  .split(',')
  .map((b) => b.trim())
  .filter(Boolean);
const startedAt = new Date();
const jsonOut = resolve(opts['json-out'] ?? join(BENCH_DIR, 'results', `bench-${timestamp(startedAt)}.json`));

try {
  findIdxFiles(dataDir);
} catch (error) {
  console.error(`--data-dir: ${error.message}`);
  process.exit(2);
}

const log = (...a) => console.error(...a);

// ---------------------------------------------------------------------------------------------
// Configurations, in table order.

const configs = [];
let skippedCli;
if (!opts['skip-mnist-kit']) {
  if (!opts['no-build'] && !CLI_OVERRIDDEN) {
    log('building the CLI (pnpm turbo run build --filter=@mnist-kit/cli...) …');
    if (!buildCli()) log('warning: the build failed; using apps/cli/dist as it is');
  }
  if (cliBuilt()) {
    for (const backend of backends) configs.push({ id: `mnist-kit ${backend}`, impl: 'mnist-kit', backend });
  } else {
    skippedCli = 'apps/cli/dist/cli.js not found (build: pnpm turbo run build --filter=@mnist-kit/cli...)';
    log(`skipping mnist-kit: ${skippedCli}`);
  }
}
if (!opts['skip-layers']) {
  for (const backend of backends) configs.push({ id: `layers-fit ${backend}`, impl: 'layers-fit', backend });
}
if (!opts['skip-torch']) configs.push({ id: 'pytorch', impl: 'pytorch', backend: 'pytorch' });

if (configs.length === 0) {
  console.error('nothing to run');
  process.exit(2);
}

// ---------------------------------------------------------------------------------------------
// One run of one configuration → { ok, result, peakRssMB, wallSeconds, error?, skipped? }.

async function runOnce(config, run) {
  if (config.impl === 'mnist-kit') {
    const outcome = await runCliTrain(
      {
        dataset: 'fashion-mnist',
        'data-dir': dataDir,
        backend: config.backend,
        epochs,
        'batch-size': RECIPE.batchSize,
        lr: RECIPE.lr,
        seed: run,
      },
      { timeoutSeconds },
    );
    // Peak RSS: the child's own getrusage maxrss, written at exit by the peakRss.mjs preload.
    return { ...outcome, peakRssMB: outcome.peakRssMB ?? outcome.result?.peakRssMB };
  }
  if (config.impl === 'layers-fit') {
    const args = [join(BENCH_DIR, 'layersFit.mjs'), '--data-dir', dataDir, '--backend', config.backend];
    args.push('--epochs', String(epochs), '--batch-size', String(RECIPE.batchSize), '--lr', String(RECIPE.lr));
    const child = await runChild(process.execPath, args, { timeoutSeconds });
    const outcome = childOutcome(child, 'layersFit.mjs');
    return { ...outcome, peakRssMB: outcome.result?.peakRssMB, wallSeconds: child.wallSeconds };
  }
  const args = [join(BENCH_DIR, 'pytorch_mnist.py'), '--data-dir', dataDir, '--epochs', String(epochs)];
  args.push('--batch-size', String(RECIPE.batchSize), '--lr', String(RECIPE.lr), '--seed', String(run));
  if (torchThreads > 0) args.push('--threads', String(torchThreads));
  const child = await runChild(PYTHON, args, { timeoutSeconds });
  if (child.code === TORCH_SKIPPED_EXIT || child.error?.code === 'ENOENT') {
    const why = child.error ? `${PYTHON} not found` : child.stderr.trim().split('\n').at(-1);
    return { ok: false, skipped: true, error: why, wallSeconds: child.wallSeconds };
  }
  const outcome = childOutcome(child, 'pytorch_mnist.py');
  return { ...outcome, peakRssMB: outcome.result?.peakRssMB, wallSeconds: child.wallSeconds };
}

/** The per-run numbers the summary is built from. */
function runMetrics(record) {
  const r = record.result;
  const epochSeconds = Array.isArray(r.epochSeconds) ? r.epochSeconds : [];
  const trainSeconds = r.trainSeconds ?? epochSeconds.reduce((a, b) => a + b, 0);
  return {
    epochMean: mean(epochSeconds),
    firstEpoch: epochSeconds[0],
    restMean: epochSeconds.length > 1 ? mean(epochSeconds.slice(1)) : undefined,
    samplesPerSecond:
      r.samplesPerSecond ??
      (r.trainCount && trainSeconds ? (r.trainCount * epochSeconds.length) / trainSeconds : undefined),
    testAccuracy: r.testAccuracy,
    peakRssMB: record.peakRssMB,
    firstStepSeconds: r.firstStepSeconds,
    trainSeconds,
    wallSeconds: record.wallSeconds,
  };
}

// ---------------------------------------------------------------------------------------------
// Run: rounds of (every configuration once), so slow drift in machine load spreads over all of them.

const machine = describeMachine();
for (const line of machineLines(machine, { tfjs: packageVersion('@tensorflow/tfjs-core') })) log(line);
log(`data     ${dataDir}, ${epochs} epoch(s), ${runs} run(s) per configuration, sequential\n`);

for (const config of configs) config.runs = [];
const idWidth = Math.max(...configs.map((c) => c.id.length));
for (let run = 1; run <= runs; run++) {
  for (const config of configs) {
    const hasSucceeded = config.runs.some((r) => r.ok);
    if (config.runs.length > 0 && !hasSucceeded) continue; // failed (or was skipped) on its first try
    const record = await runOnce(config, run);
    config.runs.push({ run, ...record });
    const head = `[${run}/${runs}] ${config.id.padEnd(idWidth)}`;
    if (record.ok) {
      const m = runMetrics(record);
      log(
        `${head}  ${fmt(m.epochMean)} s/epoch  ${pct(m.testAccuracy)}  ${fmt(m.peakRssMB, 0)} MB  first step ${fmt(m.firstStepSeconds)} s  (${fmt(record.wallSeconds, 1)} s wall)`,
      );
    } else {
      log(`${head}  ${record.skipped ? 'skipped' : 'FAILED'}: ${record.error}`);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Summaries, table, target checks.

for (const config of configs) {
  const ok = config.runs.filter((r) => r.ok);
  const per = ok.map(runMetrics);
  const pick = (key) => median(per.map((m) => m[key]));
  config.summary = {
    okRuns: ok.length,
    epochSeconds: pick('epochMean'),
    firstEpochSeconds: pick('firstEpoch'),
    restEpochSeconds: pick('restMean'),
    samplesPerSecond: pick('samplesPerSecond'),
    testAccuracy: pick('testAccuracy'),
    peakRssMB: pick('peakRssMB'),
    maxPeakRssMB: per.length ? Math.max(...per.map((m) => m.peakRssMB ?? 0)) || undefined : undefined,
    firstStepSeconds: pick('firstStepSeconds'),
    wallSeconds: pick('wallSeconds'),
    error: ok.length === 0 ? config.runs[0]?.error : undefined,
    skipped: ok.length === 0 && config.runs[0]?.skipped ? true : undefined,
  };
}

const torchResult = configs.find((c) => c.impl === 'pytorch')?.runs.find((r) => r.ok)?.result;
const versions = {
  node: process.version,
  tfjs: packageVersion('@tensorflow/tfjs'),
  tfjsCore: packageVersion('@tensorflow/tfjs-core'),
  tfjsBackendWasm: packageVersion('@tensorflow/tfjs-backend-wasm'),
  torch: torchResult?.torchVersion,
  torchvision: torchResult?.torchvisionVersion,
  python: torchResult?.pythonVersion,
  torchThreads: torchResult?.threads,
};

const differsALot = (s) =>
  s.firstEpochSeconds !== undefined &&
  s.restEpochSeconds !== undefined &&
  Math.abs(s.firstEpochSeconds / s.restEpochSeconds - 1) > 0.2;
const showFirstRest = epochs > 1 && configs.some((c) => differsALot(c.summary));

const header = [
  'configuration',
  's/epoch',
  ...(showFirstRest ? ['1st / rest s'] : []),
  'samples/s',
  'test acc',
  'peak RSS',
  'first step',
  'wall',
  'runs',
];
const rows = configs.map(({ id, summary: s, runs: rs }) => {
  if (s.okRuns === 0) return [id, s.skipped ? 'skipped' : 'failed'];
  return [
    id,
    fmt(s.epochSeconds),
    ...(showFirstRest ? [differsALot(s) ? `${fmt(s.firstEpochSeconds)} / ${fmt(s.restEpochSeconds)}` : ''] : []),
    fmt(s.samplesPerSecond, 0),
    pct(s.testAccuracy),
    fmt(s.peakRssMB, 0, ' MB'),
    fmt(s.firstStepSeconds, 2, ' s'),
    fmt(s.wallSeconds, 1, ' s'),
    `${s.okRuns}/${rs.length}`,
  ];
});

const torch = configs.find((c) => c.impl === 'pytorch')?.summary;
const checks = [];
const checkBackends = backends.filter((b) => configs.some((c) => c.impl === 'mnist-kit' && c.backend === b));
for (const backend of checkBackends) {
  const mk = configs.find((c) => c.impl === 'mnist-kit' && c.backend === backend).summary;
  const layers = configs.find((c) => c.impl === 'layers-fit' && c.backend === backend)?.summary;
  const ratio = (a, b) => (a !== undefined && b !== undefined && b > 0 ? a / b : undefined);
  const vsTorch = ratio(mk.epochSeconds, torch?.epochSeconds);
  const vsLayers = ratio(mk.epochSeconds, layers?.epochSeconds);
  const accDiffPp =
    mk.testAccuracy !== undefined && torch?.testAccuracy !== undefined
      ? (mk.testAccuracy - torch.testAccuracy) * 100
      : undefined;
  const le = (v, limit) => (v === undefined ? undefined : v <= limit);
  checks.push({
    backend,
    epochVsTorch: { value: vsTorch, target: TARGETS.epochVsTorch, ok: le(vsTorch, TARGETS.epochVsTorch) },
    epochVsLayers: { value: vsLayers, target: TARGETS.epochVsLayers, ok: le(vsLayers, TARGETS.epochVsLayers) },
    accuracyVsTorchPp: {
      value: accDiffPp,
      target: -TARGETS.accuracyPp,
      ok: accDiffPp === undefined ? undefined : accDiffPp >= -TARGETS.accuracyPp,
    },
    peakRssMB: { value: mk.peakRssMB, target: TARGETS.peakRssMB, ok: le(mk.peakRssMB, TARGETS.peakRssMB) },
    firstStepSeconds: {
      value: mk.firstStepSeconds,
      target: TARGETS.firstStepSeconds,
      ok: le(mk.firstStepSeconds, TARGETS.firstStepSeconds),
    },
  });
}

const out = [];
out.push(
  '',
  `mnist-kit benchmark — ${relative(REPO_ROOT, dataDir).startsWith('..') ? dataDir : relative(REPO_ROOT, dataDir)}, ${epochs} epoch(s), median of ${runs} run(s)`,
  '',
);
out.push(
  ...machineLines(machine, {
    tfjs: versions.tfjs,
    torch: versions.torch
      ? `${versions.torch} (torchvision ${versions.torchvision}, python ${versions.python}), ${versions.torchThreads} thread(s)`
      : undefined,
  }),
);
out.push('', table(header, rows));
if (skippedCli) out.push('', `mnist-kit: skipped — ${skippedCli}`);
for (const { id, summary: s, runs: rs } of configs) {
  if (s.okRuns === 0) out.push('', `${id}: ${s.skipped ? 'skipped' : 'failed'} — ${s.error}`);
  else if (s.okRuns < rs.length)
    out.push(
      '',
      `${id}: ${rs.length - s.okRuns} of ${rs.length} runs failed; first error — ${rs.find((r) => !r.ok).error}`,
    );
}
if (checks.length > 0) {
  const both = (c, key, render) => `${render(c[key].value)} ${mark(c[key].ok)}`;
  const ratioText = (v) => fmt(v, 2, '×');
  out.push(
    '',
    table(
      ['target (mnist-kit)', ...checks.map((c) => c.backend)],
      [
        [`s/epoch ≤ ${TARGETS.epochVsTorch} × PyTorch`, ...checks.map((c) => both(c, 'epochVsTorch', ratioText))],
        [
          `s/epoch ≤ ${TARGETS.epochVsLayers} × layers-fit (same backend)`,
          ...checks.map((c) => both(c, 'epochVsLayers', ratioText)),
        ],
        [
          `test accuracy ≥ PyTorch − ${TARGETS.accuracyPp} pp`,
          ...checks.map((c) => both(c, 'accuracyVsTorchPp', (v) => fmt(v, 2, ' pp'))),
        ],
        [`peak RSS ≤ ${TARGETS.peakRssMB} MB`, ...checks.map((c) => both(c, 'peakRssMB', (v) => fmt(v, 0, ' MB')))],
        [
          `first step ≤ ${TARGETS.firstStepSeconds} s`,
          ...checks.map((c) => both(c, 'firstStepSeconds', (v) => fmt(v, 2, ' s'))),
        ],
      ],
    ),
    '(✓ met, ✗ missed, – not measured; ratios are mnist-kit ÷ baseline of the median s/epoch)',
  );
}
console.log(out.join('\n'));

const finishedAt = new Date();
const report = {
  kind: 'mnist-kit-bench',
  startedAt: startedAt.toISOString(),
  finishedAt: finishedAt.toISOString(),
  options: { dataDir, epochs, runs, backends, torchThreads: torchThreads || 'default', timeoutSeconds, ...RECIPE },
  machine: { ...machine, loadAverageAtEnd: (await import('node:os')).loadavg() },
  versions,
  targets: TARGETS,
  configurations: configs.map(({ id, impl, backend, summary, runs: rs }) => ({ id, impl, backend, summary, runs: rs })),
  checks,
  skipped: skippedCli ? { 'mnist-kit': skippedCli } : undefined,
};
mkdirSync(dirname(jsonOut), { recursive: true });
writeFileSync(jsonOut, `${JSON.stringify(report, null, 2)}\n`);
const shown = relative(process.cwd(), jsonOut);
console.log(`\nraw results: ${shown.startsWith('..') ? jsonOut : shown}`);

const missed = checks.some((c) => Object.values(c).some((v) => typeof v === 'object' && v.ok === false));
if (opts.check && (missed || checks.length === 0)) process.exitCode = 1;
