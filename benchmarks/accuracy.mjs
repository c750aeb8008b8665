#!/usr/bin/env node
// `pnpm bench:accuracy`: how accurate mnist-kit gets on Fashion-MNIST — the tutorial recipe with both
// gradient implementations, and "better" recipes — each a single seeded run of the CLI. See README.md.
import { resolve } from 'node:path';
import { DRIVER_FLAGS, readFlags, usageError } from './lib/args.mjs';
import { announceMachine, CLI_MISSING, outputPaths, prepareCli, shownPath, writeOutput } from './lib/driver.mjs';
import { findIdxFiles } from './lib/idx.mjs';
import { fmt, machineLines, mark, pct, table } from './lib/report.mjs';
import { packageVersion } from './lib/resolve.mjs';
import { runCliTrain } from './lib/run.mjs';

/**
 * The recipes, in run order. `flags` are `mnist-kit train` flags merged over DEFAULT_FLAGS;
 * `minAccuracy` / `maxTrainSeconds` are the targets (omit for none). Tune freely.
 */
const RECIPES = [
  {
    name: 'recipe, explicit gradients',
    flags: { gradients: 'explicit' },
    minAccuracy: 0.875,
  },
  {
    name: 'recipe, autograd',
    flags: { gradients: 'autograd' },
    minAccuracy: 0.875,
  },
  {
    // Wider first layer, batch 256 (fewer, larger steps: less per-step overhead), a 3e-3 peak rate
    // annealed by a per-step cosine, label smoothing 0.1. Fits 60 s of training on the 2-core dev
    // machine (53.9 s, 89.77 %; 12 epochs without smoothing gave 89.36 %).
    name: 'better (≤ 60 s)',
    flags: {
      hidden: '256,128',
      'batch-size': 256,
      lr: 0.003,
      schedule: 'cosine',
      epochs: 14,
      'label-smoothing': 0.1,
    },
    minAccuracy: 0.895,
    maxTrainSeconds: 60,
  },
  {
    // No time limit: wider, dropout against over-fitting, label smoothing, a long cosine schedule, and
    // the tutorial's small batch (twice the steps of batch 128: the extra gradient noise generalises
    // better). 90.68 % on the dev machine. Not better (batch 128, lr 0.002, otherwise the same, all
    // seed 0): 40 epochs 90.25 %, 60 epochs 90.12 %, gelu 90.34 %, 512,512,256 89.85 %, SGD+momentum
    // 90.05 %, dropout 0.3 + weight decay 0.1 89.80 %, --input-dropout 0.1 90.09 % / 0.2 89.94 %,
    // --flip 89.87 %, --shift 2 88.80 %; 1024,512 (batch 256, dropout 0.3, 30 epochs) 90.09 %.
    name: 'better, long',
    flags: {
      hidden: '512,256',
      'batch-size': 64,
      lr: 0.001,
      dropout: 0.2,
      schedule: 'cosine',
      epochs: 40,
      'label-smoothing': 0.1,
    },
    minAccuracy: 0.905,
  },
];

/** The tutorial recipe every row starts from. */
const DEFAULT_FLAGS = {
  dataset: 'fashion-mnist',
  epochs: 10,
  'batch-size': 64,
  lr: 0.001,
  hidden: '128,128',
};

/** |explicit − autograd| on the tutorial recipe, in percentage points. */
const MAX_GRADIENTS_GAP_PP = 0.3;

const HELP = `usage: pnpm bench:accuracy [options]    (or: node benchmarks/accuracy.mjs [options])

Trains each recipe in the RECIPES table at the top of benchmarks/accuracy.mjs once with the CLI
and reports test accuracy and training time against the targets.

  --data-dir DIR     MNIST-format folder                           [/usr/share/datasets/fashion-mnist]
  --backend NAME     tfjs backend                                  [wasm]
  --seed N           seed for every recipe                         [0]
  --only LIST        run only these recipes (1-based indices or name substrings, comma-separated)
  --list             print the recipes and their command lines, run nothing
  --no-build         don't (re)build the CLI first
  --json-out PATH    raw results                                   [benchmarks/results/accuracy-<timestamp>.json]
  --check            exit with status 1 when a target is missed
  -h, --help`;

const opts = readFlags({ ...DRIVER_FLAGS, backend: 'wasm', seed: '0', only: undefined, list: false }, HELP);

const dataDir = resolve(opts['data-dir']);
const seed = Number(opts.seed);
if (!Number.isInteger(seed) || seed < 0) usageError(`--seed must be a non-negative integer, got ${opts.seed}`);
const { startedAt, jsonOut } = outputPaths('accuracy', opts);

const flagsFor = (recipe) => ({ ...DEFAULT_FLAGS, 'data-dir': dataDir, backend: opts.backend, seed, ...recipe.flags });

let selected = RECIPES.map((recipe, i) => ({ ...recipe, index: i + 1 }));
if (opts.only) {
  const wanted = opts.only
    .split(',')
    .map((w) => w.trim().toLowerCase())
    .filter(Boolean);
  selected = selected.filter((r) => wanted.some((w) => String(r.index) === w || r.name.toLowerCase().includes(w)));
  if (selected.length === 0) {
    usageError(`--only ${opts.only}: no recipe matches (${RECIPES.map((r, i) => `${i + 1} ${r.name}`).join('; ')})`);
  }
}

if (opts.list) {
  for (const r of selected) {
    const args = Object.entries(flagsFor(r)).flatMap(([k, v]) => (v === true ? [`--${k}`] : [`--${k}`, String(v)]));
    console.log(`${r.index}. ${r.name}\n   node apps/cli/dist/cli.js train ${args.join(' ')}`);
  }
  process.exit(0);
}

try {
  findIdxFiles(dataDir);
} catch (error) {
  console.error(`--data-dir: ${error.message}`);
  process.exit(2);
}
if (!prepareCli(opts['no-build'])) {
  console.error(CLI_MISSING);
  process.exit(1);
}

const machine = announceMachine({ tfjs: packageVersion('@tensorflow/tfjs-core') });
console.error(`data     ${dataDir}, backend ${opts.backend}, seed ${seed}\n`);

const results = [];
for (const recipe of selected) {
  const flags = flagsFor(recipe);
  console.error(`[${recipe.index}/${RECIPES.length}] ${recipe.name}: ${flags.epochs} epochs …`);
  const outcome = await runCliTrain(flags);
  const r = outcome.result;
  const accOk = outcome.ok && recipe.minAccuracy !== undefined ? r.testAccuracy >= recipe.minAccuracy : undefined;
  const timeOk =
    outcome.ok && recipe.maxTrainSeconds !== undefined ? r.trainSeconds <= recipe.maxTrainSeconds : undefined;
  results.push({ recipe, flags, outcome, accOk, timeOk });
  if (outcome.ok) {
    console.error(
      `    ${pct(r.testAccuracy)} test accuracy, ${fmt(r.trainSeconds, 1)} s training, ${fmt(outcome.wallSeconds, 1)} s wall`,
    );
  } else {
    console.error(`    FAILED: ${outcome.error}`);
  }
}

const targetText = (recipe) =>
  [
    recipe.minAccuracy !== undefined ? `≥ ${fmt(recipe.minAccuracy * 100, 1)} %` : undefined,
    recipe.maxTrainSeconds !== undefined ? `≤ ${recipe.maxTrainSeconds} s` : undefined,
  ]
    .filter(Boolean)
    .join(', ') || '–';

const rows = results.map(({ recipe, flags, outcome, accOk, timeOk }) => {
  if (!outcome.ok)
    return [`${recipe.index}. ${recipe.name}`, String(flags.epochs), 'failed', '', targetText(recipe), mark(false)];
  const r = outcome.result;
  const ok = accOk === false || timeOk === false ? false : (accOk ?? timeOk);
  return [
    `${recipe.index}. ${recipe.name}`,
    String(flags.epochs),
    fmt(r.trainSeconds, 1, ' s'),
    pct(r.testAccuracy),
    targetText(recipe),
    mark(ok),
  ];
});

// explicit vs. autograd: the two tutorial-recipe rows that differ only in --gradients.
const byGradients = (how) =>
  results.find(
    (x) =>
      x.outcome.ok &&
      x.flags.gradients === how &&
      x.recipe.flags &&
      Object.keys(x.recipe.flags).every((k) => k === 'gradients'),
  );
const explicit = byGradients('explicit');
const autograd = byGradients('autograd');
let gradientsGap;
if (explicit && autograd) {
  const gapPp = Math.abs(explicit.outcome.result.testAccuracy - autograd.outcome.result.testAccuracy) * 100;
  gradientsGap = { gapPp, target: MAX_GRADIENTS_GAP_PP, ok: gapPp <= MAX_GRADIENTS_GAP_PP };
}

const out = ['', `mnist-kit accuracy — ${dataDir}, backend ${opts.backend}, seed ${seed}`, ''];
out.push(...machineLines(machine, { tfjs: packageVersion('@tensorflow/tfjs') }));
out.push('', table(['recipe', 'epochs', 'train time', 'test acc', 'target', ''], rows));
if (gradientsGap) {
  out.push(
    '',
    `explicit vs autograd: ${fmt(gradientsGap.gapPp, 2)} pp apart (target ≤ ${MAX_GRADIENTS_GAP_PP} pp) ${mark(gradientsGap.ok)}`,
  );
}
for (const { recipe, outcome } of results)
  if (!outcome.ok) out.push('', `${recipe.index}. ${recipe.name}: ${outcome.error}`);
console.log(out.join('\n'));

const report = {
  kind: 'mnist-kit-accuracy',
  startedAt: startedAt.toISOString(),
  finishedAt: new Date().toISOString(),
  options: { dataDir, backend: opts.backend, seed },
  machine,
  versions: { node: process.version, tfjs: packageVersion('@tensorflow/tfjs') },
  recipes: results.map(({ recipe, flags, outcome, accOk, timeOk }) => ({
    name: recipe.name,
    flags,
    minAccuracy: recipe.minAccuracy,
    maxTrainSeconds: recipe.maxTrainSeconds,
    accuracyOk: accOk,
    timeOk,
    ok: outcome.ok,
    error: outcome.error,
    peakRssMB: outcome.peakRssMB,
    wallSeconds: outcome.wallSeconds,
    result: outcome.result,
  })),
  gradientsGap,
};
writeOutput(jsonOut, `${JSON.stringify(report, null, 2)}\n`);
console.log(`\nraw results: ${shownPath(jsonOut)}`);

const missed =
  results.some((x) => !x.outcome.ok || x.accOk === false || x.timeOk === false) || gradientsGap?.ok === false;
if (opts.check && missed) process.exitCode = 1;
