#!/usr/bin/env node
// `pnpm bench`: mnist-kit (per backend and thread count) vs. tfjs-layers `model.fit`, the PyTorch tutorial
// code, a performance-minded PyTorch loop and jax-js, on the same data and epochs, in one sitting, one child
// process at a time. See benchmarks/README.md.
import os from 'node:os';
import { join, relative, resolve } from 'node:path';
import { DRIVER_FLAGS, readFlags, usageError } from './lib/args.mjs';
import { announceMachine, CLI_MISSING, outputPaths, prepareCli, shownPath, writeOutput } from './lib/driver.mjs';
import { findIdxFiles } from './lib/idx.mjs';
import { fmt, machineLines, mark, markdownTable, mean, median, pct, table } from './lib/report.mjs';
import { BENCH_DIR, jaxjsVersion, packageVersion, REPO_ROOT } from './lib/resolve.mjs';
import { childOutcome, runChild, runCliTrain } from './lib/run.mjs';

/**
 * What mnist-kit is measured against (issue #11). Ratios are mnist-kit's s/epoch (its best thread setting
 * on that backend) ÷ the peer's s/epoch at the peer's BEST (fastest) configuration.
 */
const TARGETS = {
  must: {
    epochVsTorchFast: 1.5, // ≤ 1.5 × the performance-minded PyTorch loop
    epochVsJax: 0.8, // ≤ 0.8 × jax-js (wasm, whole step under jit)
    epochVsTorch: 0.35, // ≤ 0.35 × the PyTorch tutorial code
    epochVsLayers: 0.35, // ≤ 0.35 × tfjs-layers model.fit, same backend
    accuracyPp: 0.5, // test accuracy ≥ the PyTorch tutorial's − 0.5 percentage points
    peakRssMB: 350, // the CLI's peak RSS
    firstStepSeconds: 1.5, // first training step, seconds after the CLI process started
  },
  goal: {
    epochVsTorchFast: 1.0, // as fast as the performance-minded PyTorch loop
  },
};

/** The training recipe every implementation runs. */
const RECIPE = { batchSize: 64, lr: 0.001 };

/** Debian's python3 (python3-torch, python3-torchvision); $MNIST_KIT_BENCH_PYTHON picks another (a venv). */
const PYTHON = process.env.MNIST_KIT_BENCH_PYTHON || '/usr/bin/python3';
const TORCH_SKIPPED_EXIT = 3; // the PyTorch scripts' "import torch failed"
const REFERENCE_BLAS_WARNING = "PyTorch is using Debian's reference BLAS: apt-get install libopenblas0-pthread";
const NODE_MAJOR = Number(process.versions.node.split('.')[0]);
// jax-js uses relaxed SIMD (f32x4.relaxed_madd, i.e. FMA) when the engine has it; V8 ships it from Node 22.
const JAX_NODE_FLAGS = NODE_MAJOR < 22 ? ['--experimental-wasm-relaxed-simd'] : [];
const DEFAULT_THREADS = `1..${os.availableParallelism?.() ?? os.cpus().length}`;

const HELP = `usage: pnpm bench [options]    (or: node benchmarks/bench.mjs [options])

Trains the same MLP (784-128-128-10, ReLU, Adam 1e-3, batch 64) with mnist-kit's CLI (per backend and
thread count), tfjs-layers model.fit, the PyTorch tutorial code, a performance-minded PyTorch loop and
jax-js, sequentially, in interleaved rounds, and prints medians over --runs runs and the targets.

  --data-dir DIR             MNIST-format folder (four IDX files, .gz or not)  [/usr/share/datasets/fashion-mnist]
  --epochs N                 epochs per training run                          [10]
  --runs N                   runs per configuration; the median is reported   [3]
  --backends LIST            tfjs backends, comma-separated                   [wasm,cpu]
  --threads LIST             mnist-kit's --threads, e.g. 1,2 or 1..4          [${DEFAULT_THREADS}]
                             ('' runs the CLI once per backend without --threads)
  --torch-threads LIST       torch threads, PyTorch tutorial code ('' skips)  [1]
  --torch-fast-threads LIST  torch threads, performance-minded loop ('' skips) [1,2]
  --skip-mnist-kit           don't run mnist-kit (peers only)
  --skip-layers              don't run tfjs-layers model.fit
  --skip-torch               don't run either PyTorch script
  --skip-jax                 don't run jax-js
  --no-build                 don't (re)build the CLI first (turbo; cached when unchanged)
  --timeout S                kill a child that runs longer than S seconds     [no limit]
  --json-out PATH            raw results                                      [benchmarks/results/bench-<timestamp>.json]
  --markdown PATH            the README performance table                     [benchmarks/results/bench-<timestamp>.md]
  --check                    exit with status 1 when a must-target is missed (goals don't count)
  -h, --help`;

const opts = readFlags(
  {
    ...DRIVER_FLAGS,
    epochs: '10',
    runs: '3',
    backends: 'wasm,cpu',
    threads: DEFAULT_THREADS,
    'torch-threads': '1',
    'torch-fast-threads': '1,2',
    'skip-mnist-kit': false,
    'skip-layers': false,
    'skip-torch': false,
    'skip-jax': false,
    timeout: '0',
    markdown: undefined,
  },
  HELP,
);

function positiveInt(name, text, { allowZero = false } = {}) {
  const n = Number(text);
  if (!Number.isInteger(n) || n < (allowZero ? 0 : 1)) {
    usageError(`--${name} must be a ${allowZero ? 'non-negative' : 'positive'} integer, got ${text}`);
  }
  return n;
}

/** "1,2", "1..4", "1,3..4", "" → sorted distinct positive integers ([] for ""). */
function threadList(name, text) {
  const out = new Set();
  for (const part of text.split(',').map((p) => p.trim())) {
    if (!part) continue;
    const range = part.match(/^(\d+)\.\.(\d+)$/);
    const [lo, hi] = range ? [Number(range[1]), Number(range[2])] : [Number(part), Number(part)];
    if (!Number.isInteger(lo) || !Number.isInteger(hi) || lo < 1 || hi < lo) {
      usageError(`--${name}: expected positive integers or ranges like 1..4, got '${part}'`);
    }
    for (let t = lo; t <= hi; t++) out.add(t);
  }
  return [...out].sort((a, b) => a - b);
}

const dataDir = resolve(opts['data-dir']);
const epochs = positiveInt('epochs', opts.epochs);
const runs = positiveInt('runs', opts.runs);
const timeoutSeconds = positiveInt('timeout', opts.timeout, { allowZero: true });
const backends = opts.backends
  .split(',')
  .map((b) => b.trim())
  .filter(Boolean);
const cliThreads = threadList('threads', opts.threads);
const torchThreads = threadList('torch-threads', opts['torch-threads']);
const torchFastThreads = threadList('torch-fast-threads', opts['torch-fast-threads']);
const { startedAt, jsonOut, markdownOut } = outputPaths('bench', opts);
/** The command line, for the report (how to reproduce these numbers). */
const shellQuote = (a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replaceAll("'", "'\\''")}'`);
const commandLine = ['node', 'benchmarks/bench.mjs', ...process.argv.slice(2).map(shellQuote)].join(' ');

try {
  findIdxFiles(dataDir);
} catch (error) {
  usageError(`--data-dir: ${error.message}`);
}

const log = (...a) => console.error(...a);

// ---------------------------------------------------------------------------------------------
// Configurations, in table order.

const threadSuffix = (t) => (t === undefined ? '' : ` ×${t}`);
const threadWords = (t) => (t === undefined ? '' : `, ${t} thread${t === 1 ? '' : 's'}`);
const configs = [];
let skippedCli;
if (!opts['skip-mnist-kit']) {
  if (prepareCli(opts['no-build'])) {
    for (const backend of backends) {
      for (const threads of cliThreads.length ? cliThreads : [undefined]) {
        configs.push({
          id: `mnist-kit ${backend}${threadSuffix(threads)}`,
          label: `mnist-kit, ${backend}${threadWords(threads)}`,
          impl: 'mnist-kit',
          backend,
          threads,
        });
      }
    }
  } else {
    skippedCli = CLI_MISSING;
    log(`skipping mnist-kit: ${skippedCli}`);
  }
}
if (!opts['skip-layers']) {
  for (const backend of backends) {
    configs.push({
      id: `layers-fit ${backend}`,
      label: `tfjs-layers \`model.fit\`, ${backend}`,
      impl: 'layers-fit',
      backend,
    });
  }
}
if (!opts['skip-torch']) {
  for (const threads of torchThreads) {
    configs.push({
      id: `pytorch-tutorial${threadSuffix(threads)}`,
      label: `PyTorch tutorial code${threadWords(threads)}`,
      impl: 'pytorch',
      backend: 'pytorch',
      threads,
    });
  }
  for (const threads of torchFastThreads) {
    configs.push({
      id: `pytorch-fast${threadSuffix(threads)}`,
      label: `PyTorch, performance-minded loop${threadWords(threads)}`,
      impl: 'pytorch-fast',
      backend: 'pytorch',
      threads,
    });
  }
}
if (!opts['skip-jax']) {
  configs.push({ id: 'jax-js wasm', label: 'jax-js, wasm (whole step under `jit`)', impl: 'jax-js', backend: 'wasm' });
}

if (configs.length === 0) usageError('nothing to run');

// ---------------------------------------------------------------------------------------------
// One run of one configuration → { ok, result, peakRssMB, wallSeconds, error?, errorLine?, skipped? }.

const JAX_MISSING = jaxjsVersion()
  ? undefined
  : '@jax-js/jax is not installed for benchmarks/ (run pnpm install at the repository root)';

async function runOnce(config, run) {
  const common = ['--epochs', String(epochs), '--batch-size', String(RECIPE.batchSize), '--lr', String(RECIPE.lr)];
  if (config.impl === 'mnist-kit') {
    const outcome = await runCliTrain(
      {
        dataset: 'fashion-mnist',
        'data-dir': dataDir,
        backend: config.backend,
        threads: config.threads,
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
    const args = [join(BENCH_DIR, 'layersFit.mjs'), '--data-dir', dataDir, '--backend', config.backend, ...common];
    const child = await runChild(process.execPath, args, { timeoutSeconds });
    const outcome = childOutcome(child, 'layersFit.mjs');
    return { ...outcome, peakRssMB: outcome.result?.peakRssMB, wallSeconds: child.wallSeconds };
  }
  if (config.impl === 'jax-js') {
    if (JAX_MISSING) return { ok: false, skipped: true, error: JAX_MISSING, errorLine: JAX_MISSING };
    const script = join(BENCH_DIR, 'jaxjs.mjs');
    const args = [...JAX_NODE_FLAGS, script, '--data-dir', dataDir, ...common, '--seed', String(run)];
    const child = await runChild(process.execPath, args, { timeoutSeconds });
    const outcome = childOutcome(child, 'jaxjs.mjs');
    return { ...outcome, peakRssMB: outcome.result?.peakRssMB, wallSeconds: child.wallSeconds };
  }
  // The two PyTorch scripts. OPENBLAS_NUM_THREADS=1: torch's own (OpenMP) threads do the parallel work;
  // OpenBLAS's pthreads on top of them would oversubscribe the cores.
  const script = config.impl === 'pytorch' ? 'pytorch_mnist.py' : 'pytorch_fast.py';
  const args = [join(BENCH_DIR, script), '--data-dir', dataDir, ...common, '--seed', String(run)];
  args.push('--threads', String(config.threads));
  const child = await runChild(PYTHON, args, { timeoutSeconds, env: { OPENBLAS_NUM_THREADS: '1' } });
  if (child.code === TORCH_SKIPPED_EXIT || child.error?.code === 'ENOENT') {
    const why = child.error ? `${PYTHON} not found` : child.stderr.trim().split('\n').at(-1);
    return { ok: false, skipped: true, error: why, errorLine: why, wallSeconds: child.wallSeconds };
  }
  const outcome = childOutcome(child, script);
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

const machine = announceMachine({ tfjs: packageVersion('@tensorflow/tfjs-core') });
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
      log(`${head}  ${record.skipped ? 'skipped' : 'FAILED'}: ${record.errorLine ?? record.error}`);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Summaries.

/** What a configuration ran on, from its first successful run: threads, BLAS, engine, SIMD. */
function runtimeDetails(config, result) {
  if (!result) return {};
  const details = {};
  if (result.threads !== undefined) details.threads = result.threads;
  if (result.engine !== undefined) details.engine = result.engine;
  if (result.blas) {
    details.blas = {
      kind: result.blas.kind,
      library: result.blas.library,
      libblasRealpath: result.blas.libblasRealpath,
      torchBuiltWith: result.blas.torchBuiltWith,
      openblasThreads: result.blas.openblas?.threads,
      warning: result.blas.warning ?? undefined,
    };
  }
  if (result.relaxedSimd !== undefined) details.relaxedSimd = result.relaxedSimd;
  if (config.impl === 'layers-fit' && result.wasmSimd !== undefined) details.wasmSimd = result.wasmSimd;
  return details;
}

for (const config of configs) {
  const ok = config.runs.filter((r) => r.ok);
  const per = ok.map(runMetrics);
  const pick = (key) => median(per.map((m) => m[key]));
  const firstFailure = config.runs.find((r) => !r.ok);
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
    ...runtimeDetails(config, ok[0]?.result),
    error: ok.length === 0 ? (firstFailure?.errorLine ?? firstFailure?.error) : undefined,
    skipped: ok.length === 0 && config.runs[0]?.skipped ? true : undefined,
  };
}

const succeeded = (c) => c.summary.okRuns > 0 && c.summary.epochSeconds !== undefined;
/** The fastest successful configuration among `list` (a peer's best thread setting), or undefined. */
const fastest = (list) => list.filter(succeeded).sort((a, b) => a.summary.epochSeconds - b.summary.epochSeconds)[0];
const ofImpl = (impl, backend) => configs.filter((c) => c.impl === impl && (!backend || c.backend === backend));

const torchResult = [...ofImpl('pytorch'), ...ofImpl('pytorch-fast')].flatMap((c) => c.runs).find((r) => r.ok)?.result;
const jaxResult = ofImpl('jax-js')
  .flatMap((c) => c.runs)
  .find((r) => r.ok)?.result;
const versions = {
  node: process.version,
  tfjs: packageVersion('@tensorflow/tfjs'),
  tfjsCore: packageVersion('@tensorflow/tfjs-core'),
  tfjsBackendWasm: packageVersion('@tensorflow/tfjs-backend-wasm'),
  torch: torchResult?.torchVersion,
  torchvision: torchResult?.torchvisionVersion,
  python: torchResult?.pythonVersion,
  blas: torchResult?.blas?.library,
  jaxjs: jaxResult?.jaxjsVersion ?? jaxjsVersion(),
  jaxjsRelaxedSimd: jaxResult?.relaxedSimd,
};

// ---------------------------------------------------------------------------------------------
// Target checks: per backend, mnist-kit's fastest thread setting against each peer's fastest configuration.

const ratio = (a, b) => (a !== undefined && b !== undefined && b > 0 ? a / b : undefined);
const le = (v, limit) => (v === undefined ? undefined : v <= limit);

function epochCheck(mk, peer, limit) {
  const check = { value: ratio(mk?.summary.epochSeconds, peer?.summary.epochSeconds), target: limit, peer: peer?.id };
  if (peer?.summary.blas?.kind === 'reference') return { ...check, value: undefined, warning: REFERENCE_BLAS_WARNING };
  return { ...check, ok: le(check.value, limit) };
}

const peers = {
  torchFast: fastest(ofImpl('pytorch-fast')),
  jax: fastest(ofImpl('jax-js')),
  torch: fastest(ofImpl('pytorch')),
};
const checks = [];
for (const backend of backends) {
  const candidates = ofImpl('mnist-kit', backend);
  if (candidates.length === 0) continue;
  const mk = fastest(candidates);
  const layers = fastest(ofImpl('layers-fit', backend));
  const s = mk?.summary;
  const accDiffPp =
    s?.testAccuracy !== undefined && peers.torch?.summary.testAccuracy !== undefined
      ? (s.testAccuracy - peers.torch.summary.testAccuracy) * 100
      : undefined;
  const { must, goal } = TARGETS;
  checks.push({
    backend,
    mnistKit: mk?.id,
    must: {
      epochVsTorchFast: epochCheck(mk, peers.torchFast, must.epochVsTorchFast),
      epochVsJax: epochCheck(mk, peers.jax, must.epochVsJax),
      epochVsTorch: epochCheck(mk, peers.torch, must.epochVsTorch),
      epochVsLayers: epochCheck(mk, layers, must.epochVsLayers),
      accuracyVsTorchPp: {
        value: accDiffPp,
        target: -must.accuracyPp,
        peer: peers.torch?.id,
        ok: accDiffPp === undefined ? undefined : accDiffPp >= -must.accuracyPp,
      },
      peakRssMB: { value: s?.peakRssMB, target: must.peakRssMB, ok: le(s?.peakRssMB, must.peakRssMB) },
      firstStepSeconds: {
        value: s?.firstStepSeconds,
        target: must.firstStepSeconds,
        ok: le(s?.firstStepSeconds, must.firstStepSeconds),
      },
    },
    goal: { epochVsTorchFast: epochCheck(mk, peers.torchFast, goal.epochVsTorchFast) },
  });
}

// ---------------------------------------------------------------------------------------------
// The report.

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
  if (s.okRuns === 0) return { span: [id, `${s.skipped ? 'skipped' : 'failed'}: ${s.error}`] };
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

/** One line per configuration on what it actually ran with (threads, BLAS, engine, SIMD). */
function detailText(c) {
  const s = c.summary;
  const parts = [];
  if (c.impl === 'mnist-kit') {
    parts.push(c.threads === undefined ? 'no --threads' : `--threads ${c.threads}`);
    if (s.threads !== undefined) parts.push(`reports ${s.threads} thread(s)`);
    if (s.engine !== undefined)
      parts.push(`engine ${typeof s.engine === 'string' ? s.engine : JSON.stringify(s.engine)}`);
  } else if (c.impl === 'pytorch' || c.impl === 'pytorch-fast') {
    if (s.threads !== undefined) parts.push(`torch ${s.threads} thread(s)`);
    if (s.blas) {
      const blasThreads = s.blas.openblasThreads === undefined ? '' : `, ${s.blas.openblasThreads} BLAS thread(s)`;
      parts.push(`${s.blas.library}${blasThreads} (${s.blas.libblasRealpath ?? 'libblas.so.3 not mapped'})`);
      if (s.blas.torchBuiltWith) parts.push(`torch built with ${s.blas.torchBuiltWith}`);
    }
  } else if (c.impl === 'jax-js') {
    parts.push(
      `relaxed SIMD (FMA) ${s.relaxedSimd ? 'on' : 'off'}${JAX_NODE_FLAGS.length ? `, node ${JAX_NODE_FLAGS.join(' ')}` : ''}`,
    );
  } else if (c.impl === 'layers-fit' && s.wasmSimd !== undefined) {
    parts.push(`wasm SIMD ${s.wasmSimd ? 'on' : 'off'}`);
  }
  return parts.join('; ');
}

/** Things a reader must know before trusting the numbers. */
const warnings = [];
for (const c of configs) {
  const s = c.summary;
  if (s.blas?.kind === 'reference') warnings.push(`${c.id}: ${REFERENCE_BLAS_WARNING}`);
  if (s.blas?.openblasThreads !== undefined && s.blas.openblasThreads !== 1)
    warnings.push(
      `${c.id}: OpenBLAS runs ${s.blas.openblasThreads} threads of its own (OPENBLAS_NUM_THREADS ignored?)`,
    );
  if (c.threads !== undefined && s.threads !== undefined && s.threads !== c.threads)
    warnings.push(`${c.id}: asked for ${c.threads} thread(s), it reports ${s.threads}`);
  if (s.okRuns > 0 && s.okRuns < c.runs.length) {
    const failed = c.runs.find((r) => !r.ok);
    warnings.push(
      `${c.id}: ${c.runs.length - s.okRuns} of ${c.runs.length} runs failed; first: ${failed.errorLine ?? failed.error}`,
    );
  }
}

const torchLine = versions.torch
  ? `${versions.torch} (torchvision ${versions.torchvision ?? 'n/a'}, python ${versions.python}), BLAS: ${versions.blas ?? 'n/a'}`
  : undefined;
const jaxLine =
  versions.jaxjs && ofImpl('jax-js').length
    ? `${versions.jaxjs} (wasm; relaxed SIMD ${versions.jaxjsRelaxedSimd === undefined ? 'n/a' : versions.jaxjsRelaxedSimd ? 'on' : 'off'})`
    : undefined;

const out = [];
const shownData = relative(REPO_ROOT, dataDir).startsWith('..') ? dataDir : relative(REPO_ROOT, dataDir);
out.push('', `mnist-kit benchmark — ${shownData}, ${epochs} epoch(s), median of ${runs} run(s)`, '');
out.push(...machineLines(machine, { tfjs: versions.tfjs, torch: torchLine, jaxjs: jaxLine }));
out.push(`command  ${commandLine}`);
out.push('', table(header, rows));
if (skippedCli) out.push('', `mnist-kit: skipped — ${skippedCli}`);
const details = configs
  .filter(succeeded)
  .map((c) => [c.id, detailText(c)])
  .filter(([, d]) => d);
if (details.length) out.push('', ...details.map(([id, d]) => `${id.padEnd(idWidth)}  ${d}`));
if (warnings.length) out.push('', ...warnings.map((w) => `warning: ${w}`));

const ratioText = (v) => fmt(v, 2, '×');
/** A target factor as the issue writes it: 1 → "1.0". */
const factor = (t) => (Number.isInteger(t) ? t.toFixed(1) : String(t));
const CHECK_ROWS = [
  [
    'epochVsTorchFast',
    (t) => `s/epoch ≤ ${factor(t)} × PyTorch performance-minded (${peers.torchFast?.id ?? 'n/a'})`,
    ratioText,
  ],
  ['epochVsJax', (t) => `s/epoch ≤ ${factor(t)} × jax-js (${peers.jax?.id ?? 'n/a'})`, ratioText],
  ['epochVsTorch', (t) => `s/epoch ≤ ${factor(t)} × PyTorch tutorial (${peers.torch?.id ?? 'n/a'})`, ratioText],
  ['epochVsLayers', (t) => `s/epoch ≤ ${factor(t)} × layers-fit (same backend)`, ratioText],
  [
    'accuracyVsTorchPp',
    () => `test accuracy ≥ PyTorch tutorial − ${TARGETS.must.accuracyPp} pp`,
    (v) => fmt(v, 2, ' pp'),
  ],
  ['peakRssMB', (t) => `peak RSS ≤ ${t} MB`, (v) => fmt(v, 0, ' MB')],
  ['firstStepSeconds', (t) => `first step ≤ ${t} s`, (v) => fmt(v, 2, ' s')],
];
function checkTable(kind, title) {
  const rowsOut = [['mnist-kit config (fastest)', ...checks.map((c) => c.mnistKit ?? 'failed')]];
  for (const [key, label, render] of CHECK_ROWS) {
    if (!(key in checks[0][kind])) continue;
    const target = key === 'accuracyVsTorchPp' ? TARGETS.must.accuracyPp : TARGETS[kind][key];
    const cells = checks.map((c) => c[kind][key]);
    const warning = cells.find((x) => x.warning)?.warning;
    if (warning) rowsOut.push({ span: [label(target), `⚠ ${warning}`] });
    else rowsOut.push([label(target), ...cells.map((x) => `${render(x.value)} ${mark(x.ok)}`)]);
  }
  return table([title, ...checks.map((c) => c.backend)], rowsOut);
}
if (checks.length > 0) {
  out.push('', checkTable('must', 'target (must)'), '', checkTable('goal', 'goal (not required)'));
  out.push(
    '(✓ met, ✗ missed, – not measured; ratios: mnist-kit ÷ peer of the median s/epoch, each at its fastest thread setting)',
  );
}
console.log(out.join('\n'));

// ---------------------------------------------------------------------------------------------
// The README performance table (Markdown).

function markdownReport() {
  const mkBest = fastest(ofImpl('mnist-kit'));
  const ref = mkBest?.summary.epochSeconds;
  const mdRows = configs.map((c) => {
    const s = c.summary;
    if (!succeeded(c)) return [c.label, s.skipped ? 'skipped' : 'failed', '–'];
    const vs = ratio(s.epochSeconds, ref);
    const bold = (text) => (c === mkBest ? `**${text}**` : text);
    const blas = s.blas?.kind === 'reference' ? ' ⚠ reference BLAS' : '';
    return [bold(c.label) + blas, bold(fmt(s.epochSeconds)), bold(fmt(vs, 2, '×'))];
  });
  const cores = `${machine.logicalCores} logical core${machine.logicalCores === 1 ? '' : 's'}`;
  const stack = [
    `Node ${versions.node}`,
    versions.tfjs && `tfjs ${versions.tfjs}`,
    versions.torch && `PyTorch ${versions.torch} + ${versions.blas ?? 'unknown BLAS'}`,
    versions.jaxjs && ofImpl('jax-js').length && `jax-js ${versions.jaxjs}`,
  ].filter(Boolean);
  const lines = [
    `<!-- benchmarks/bench.mjs, ${startedAt.toISOString()}, commit ${machine.gitCommit ?? 'n/a'} -->`,
    `${machine.cpuModel} (${cores}, ${fmt(machine.totalMemoryGB, 1)} GB), ${stack.join(', ')}; ` +
      `${epochs} epoch(s), median of ${runs} run(s), ${startedAt.toISOString().slice(0, 10)}, \`${commandLine}\`:`,
    '',
    markdownTable(['system', 's/epoch', 'vs mnist-kit'], mdRows, ['l', 'r', 'r']),
    '',
    `"vs mnist-kit" is s/epoch ÷ the fastest mnist-kit configuration's (${mkBest?.id ?? 'n/a'}); above 1× is slower than mnist-kit.`,
  ];
  for (const c of checks) {
    const m = c.must;
    const part = (label, x) => (x.warning ? `${label} n/a (reference BLAS)` : `${label} **${fmt(x.value, 2, '×')}**`);
    lines.push(
      '',
      `${c.mnistKit ?? `mnist-kit ${c.backend}`}: ` +
        [
          part('÷ PyTorch performance-minded =', m.epochVsTorchFast) +
            ` (must ≤ ${factor(TARGETS.must.epochVsTorchFast)}×, goal ≤ ${factor(TARGETS.goal.epochVsTorchFast)}×)`,
          part('÷ jax-js =', m.epochVsJax),
          part('÷ PyTorch tutorial =', m.epochVsTorch),
          part('÷ layers-fit =', m.epochVsLayers),
          `accuracy ${fmt(m.accuracyVsTorchPp.value, 2, ' pp')} vs the PyTorch tutorial`,
        ].join(', ') +
        '.',
    );
  }
  for (const c of configs.filter((x) => !succeeded(x))) {
    lines.push('', `> ${c.label}: ${c.summary.skipped ? 'skipped' : 'failed'} — ${c.summary.error}`);
  }
  for (const w of warnings) lines.push('', `> ⚠ ${w}`);
  return `${lines.join('\n')}\n`;
}

const finishedAt = new Date();
const report = {
  kind: 'mnist-kit-bench',
  startedAt: startedAt.toISOString(),
  finishedAt: finishedAt.toISOString(),
  command: commandLine,
  options: {
    dataDir,
    epochs,
    runs,
    backends,
    threads: cliThreads,
    torchThreads,
    torchFastThreads,
    timeoutSeconds,
    jaxNodeFlags: JAX_NODE_FLAGS,
    ...RECIPE,
  },
  machine: { ...machine, loadAverageAtEnd: os.loadavg() },
  versions,
  targets: TARGETS,
  configurations: configs.map(({ id, label, impl, backend, threads, summary, runs: rs }) => ({
    id,
    label,
    impl,
    backend,
    threads,
    summary,
    runs: rs,
  })),
  checks,
  warnings,
  skipped: skippedCli ? { 'mnist-kit': skippedCli } : undefined,
};
writeOutput(jsonOut, `${JSON.stringify(report, null, 2)}\n`);
writeOutput(markdownOut, markdownReport());
console.log(`\nraw results: ${shownPath(jsonOut)}\nREADME table: ${shownPath(markdownOut)}`);

const missed = checks.some((c) => Object.values(c.must).some((v) => v.ok === false));
if (opts.check && (missed || checks.length === 0)) process.exitCode = 1;
