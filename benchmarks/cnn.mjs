#!/usr/bin/env node
// `node benchmarks/cnn.mjs`: mnist-kit's CNN (`train --model cnn`) on Fashion-MNIST — the documented recipe's
// test accuracy, then the epoch time of the same network with mnist-kit, tfjs-layers `model.fit` and PyTorch
// (the performance-minded loop, OpenBLAS, one thread), one child process at a time, in one sitting.
// The recipe and the numbers are in the top-level README's Recipes section.
import { resolve } from 'node:path';
import { DRIVER_FLAGS, readFlags, usageError } from './lib/args.mjs';
import { announceMachine, CLI_MISSING, outputPaths, prepareCli, shownPath, writeOutput } from './lib/driver.mjs';
import { findIdxFiles, readIdx } from './lib/idx.mjs';
import { fmt, machineLines, mark, markdownTable, median, pct, table } from './lib/report.mjs';
import { packageVersion, REPO_ROOT } from './lib/resolve.mjs';
import { childOutcome, runChild, runCliTrain } from './lib/run.mjs';

/**
 * The documented recipe (README, Recipes): `train` flags, and the accuracy it must reach on Fashion-MNIST.
 * `network` is the part that defines the model: the speed rows train that network with each implementation.
 */
export const RECIPE = {
  network: { filters: '32,64', 'kernel-size': 5, dense: 128, dropout: 0.3 },
  training: { 'batch-size': 64, lr: 0.001, schedule: 'cosine', epochs: 15 },
  minAccuracy: 0.915,
};

const PYTHON = process.env.MNIST_KIT_BENCH_PYTHON || '/usr/bin/python3';

const HELP = `usage: node benchmarks/cnn.mjs [options]

Trains the documented CNN recipe with the CLI on Fashion-MNIST (test accuracy, training time), then times
the same network (${Object.entries(RECIPE.network)
  .map(([k, v]) => `--${k} ${v}`)
  .join(' ')}, Adam, batch ${RECIPE.training['batch-size']}) per epoch with
mnist-kit, tfjs-layers model.fit and PyTorch, one child process at a time.

  --data-dir DIR        MNIST-format folder                                    [/usr/share/datasets/fashion-mnist]
  --backend NAME        tfjs backend of mnist-kit's rows                       [wasm]
  --speed-epochs N      epochs per timing run of mnist-kit and PyTorch         [2]
  --runs N              timing runs per configuration (median)                 [1]
  --layers-limit N      images layers-fit cpu trains (its epoch is extrapolated) [320]
  --torch-threads LIST  torch.set_num_threads per PyTorch row                  [1]
  --skip-recipe         don't train the recipe (timings only)
  --skip-layers         don't run tfjs-layers model.fit
  --skip-torch          don't run PyTorch
  --no-build            don't (re)build the CLI first
  --json-out PATH       raw results                                            [benchmarks/results/cnn-<timestamp>.json]
  --markdown PATH       the README table                                       [benchmarks/results/cnn-<timestamp>.md]
  --check               exit with status 1 when the recipe misses its accuracy
  -h, --help`;

const opts = readFlags(
  {
    ...DRIVER_FLAGS,
    backend: 'wasm',
    'speed-epochs': '2',
    runs: '1',
    'layers-limit': '320',
    'torch-threads': '1',
    'skip-recipe': false,
    'skip-layers': false,
    'skip-torch': false,
    markdown: undefined,
  },
  HELP,
);
const positive = (name) => {
  const n = Number(opts[name]);
  if (!Number.isInteger(n) || n < 1) usageError(`--${name} must be a positive integer, got ${opts[name]}`);
  return n;
};
const speedEpochs = positive('speed-epochs');
const runs = positive('runs');
const layersLimit = positive('layers-limit');
const torchThreads = opts['torch-threads']
  .split(',')
  .filter(Boolean)
  .map((t) => {
    const n = Number(t);
    if (!Number.isInteger(n) || n < 1) usageError(`--torch-threads: positive integers, got ${t}`);
    return n;
  });
const dataDir = resolve(opts['data-dir']);
let splitSize;
try {
  splitSize = readIdx(findIdxFiles(dataDir).trainLabels).dims[0];
} catch (error) {
  usageError(`--data-dir: ${error.message}`);
}
const { startedAt, jsonOut, markdownOut } = outputPaths('cnn', opts);
const command = `node benchmarks/cnn.mjs ${process.argv.slice(2).join(' ')}`.trim();

if (!prepareCli(opts['no-build'])) {
  console.error(CLI_MISSING);
  process.exit(1);
}

const versions = { tfjs: packageVersion('@tensorflow/tfjs-core') };
const machine = announceMachine(versions);

const common = { dataset: 'fashion-mnist', 'data-dir': dataDir, backend: opts.backend, model: 'cnn' };
const results = { recipe: undefined, rows: [] };

// 1. The recipe, once, seeded: what the README documents.
if (!opts['skip-recipe']) {
  const flags = { ...common, ...RECIPE.network, ...RECIPE.training, seed: 0 };
  console.error(`\n[recipe] ${RECIPE.training.epochs} epochs …`);
  const outcome = await runCliTrain(flags);
  results.recipe = { flags, ...outcome };
  if (outcome.ok) {
    const r = outcome.result;
    console.error(`    ${pct(r.testAccuracy)} test accuracy, ${fmt(r.trainSeconds, 1)} s training`);
  } else console.error(`    FAILED: ${outcome.error}`);
}

// 2. The same network, per epoch, each implementation in turn (rounds interleaved when --runs > 1).
const network = RECIPE.network;
const netArgs = Object.entries(network).flatMap(([k, v]) => [`--${k}`, String(v)]);
const configurations = [
  {
    id: `mnist-kit ${opts.backend}`,
    run: async () => {
      const o = await runCliTrain({ ...common, ...network, 'batch-size': 64, lr: 0.001, epochs: speedEpochs, seed: 1 });
      if (!o.ok) return o;
      const scale = splitSize / o.result.trainCount;
      return { ok: true, result: { ...o.result, epochSecondsFull: o.result.epochSeconds.map((s) => s * scale) } };
    },
  },
];
if (!opts['skip-layers']) {
  for (const [backend, limit] of [
    ['wasm', undefined],
    ['cpu', layersLimit],
  ]) {
    configurations.push({
      id: `layers-fit ${backend}`,
      run: async () => {
        const args = ['benchmarks/cnnLayersFit.mjs', '--backend', backend, '--epochs', '1', '--data-dir', dataDir];
        if (limit !== undefined) args.push('--limit', String(limit));
        return childOutcome(await runChild(process.execPath, [...args, ...netArgs], { cwd: REPO_ROOT }), 'layers-fit');
      },
    });
  }
}
if (!opts['skip-torch']) {
  for (const threads of torchThreads) {
    configurations.push({
      id: `pytorch ×${threads}`,
      run: async () => {
        const args = ['benchmarks/cnn_pytorch.py', '--epochs', String(speedEpochs), '--threads', String(threads)];
        args.push('--data-dir', dataDir, '--seed', '1', ...netArgs);
        const child = await runChild(PYTHON, args, { cwd: REPO_ROOT, env: { OPENBLAS_NUM_THREADS: '1' } });
        return childOutcome(child, 'pytorch');
      },
    });
  }
}
const outcomes = new Map(configurations.map((c) => [c.id, []]));
for (let round = 0; round < runs; round++) {
  for (const c of configurations) {
    const previous = outcomes.get(c.id);
    if (previous.length > 0 && !previous[0].ok) continue; // a configuration whose first run failed
    console.error(`[${round + 1}/${runs}] ${c.id} …`);
    const o = await c.run();
    previous.push(o);
    if (o.ok) {
      const s = median(o.result.epochSecondsFull);
      const partial = o.result.trainCount < splitSize ? ` (${o.result.trainCount} images, extrapolated)` : '';
      console.error(`    ${fmt(s, 1)} s/epoch${partial}`);
    } else console.error(`    failed: ${o.errorLine ?? o.error}`);
  }
}
for (const c of configurations) {
  const list = outcomes.get(c.id);
  const ok = list.filter((o) => o.ok).map((o) => o.result);
  results.rows.push({
    id: c.id,
    ok: ok.length > 0,
    error: list.find((o) => !o.ok)?.errorLine,
    secondsPerEpoch: median(ok.map((r) => median(r.epochSecondsFull))),
    measuredImages: ok[0]?.trainCount,
    params: ok[0]?.params ?? ok[0]?.network?.params,
    runs: `${ok.length}/${list.length}`,
    results: ok,
  });
}

const kit = results.rows[0];
const rowCells = (r) =>
  r.ok
    ? [
        r.id,
        fmt(r.secondsPerEpoch, 1, ' s'),
        kit.ok && r !== kit ? `${fmt(r.secondsPerEpoch / kit.secondsPerEpoch, 2)}×` : r === kit ? '1×' : 'n/a',
        r.measuredImages < splitSize
          ? `${r.measuredImages} images, extrapolated`
          : `${speedEpochs} epoch${speedEpochs === 1 ? '' : 's'}`,
        r.runs,
      ]
    : [r.id, 'failed', '', r.error ?? '', r.runs];
const out = ['', `mnist-kit CNN — Fashion-MNIST, ${dataDir}`, ''];
out.push(...machineLines(machine, versions));
if (results.recipe) {
  const r = results.recipe;
  out.push(
    '',
    `recipe: train ${Object.entries(r.flags)
      .map(([k, v]) => `--${k} ${v}`)
      .join(' ')}`,
  );
  out.push(
    r.ok
      ? `  ${pct(r.result.testAccuracy)} test accuracy (target ≥ ${pct(RECIPE.minAccuracy, 1)}) ${mark(r.result.testAccuracy >= RECIPE.minAccuracy)}, ${fmt(r.result.trainSeconds, 1)} s training (${fmt(median(r.result.epochSeconds), 1)} s/epoch median)`
      : `  failed: ${r.error}`,
  );
}
out.push(
  '',
  `the same network (${netArgs.join(' ')}), Adam 1e-3, batch 64 — seconds per epoch of the ${splitSize.toLocaleString('en-US')} training images:`,
  '',
  table(['implementation', 's/epoch', 'vs mnist-kit', 'measured over', 'runs'], results.rows.map(rowCells)),
);
console.log(out.join('\n'));

const md = [
  `${machine.cpuModel}, ${machine.logicalCores} cores, Node ${machine.node}, tfjs ${versions.tfjs}; ${startedAt.toISOString().slice(0, 10)}, \`${command}\``,
  '',
  markdownTable(
    ['implementation', 's/epoch', 'vs mnist-kit', 'measured over'],
    results.rows.map((r) => rowCells(r).slice(0, 4)),
    ['l', 'r', 'r', 'l'],
  ),
];
if (results.recipe?.ok) {
  const r = results.recipe.result;
  md.unshift(`recipe: ${pct(r.testAccuracy)} test accuracy in ${fmt(r.trainSeconds, 1)} s of training`, '');
}
writeOutput(markdownOut, `${md.join('\n')}\n`);
writeOutput(
  jsonOut,
  `${JSON.stringify({ kind: 'mnist-kit-cnn-bench', command, startedAt, finishedAt: new Date(), machine, versions, RECIPE, ...results }, null, 2)}\n`,
);
console.log(`\nraw results: ${shownPath(jsonOut)}\nmarkdown: ${shownPath(markdownOut)}`);
if (opts.check && !(results.recipe?.ok && results.recipe.result.testAccuracy >= RECIPE.minAccuracy))
  process.exitCode = 1;
