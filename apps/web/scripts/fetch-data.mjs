#!/usr/bin/env node
// Puts a dataset's four MNIST-format files where the web demo loads them by default:
// apps/web/public/data/<dataset>/ (gitignored).
//
//   pnpm --filter web fetch-data [--dataset mnist|fashion-mnist|kmnist] [--data-dir DIR] [--cache-dir DIR]
//
// --data-dir DIR  copy from a local folder (e.g. /usr/share/datasets/fashion-mnist); files may be .gz or
//                 raw IDX (raw ones are gzipped), and are validated before anything is copied.
// otherwise       download (or reuse the verified cache of) @mnist-kit/datasets' Node downloader, then copy.
import { copyFile, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';

const HERE = dirname(fileURLToPath(import.meta.url));
const USAGE =
  'usage: pnpm --filter web fetch-data [--dataset mnist|fashion-mnist|kmnist] [--data-dir DIR] [--cache-dir DIR] [--out DIR]';

function fail(message, code = 1) {
  console.error(`fetch-data: ${message}`);
  process.exit(code);
}

let args;
try {
  args = parseArgs({
    options: {
      dataset: { type: 'string', default: 'mnist' },
      'data-dir': { type: 'string' },
      'cache-dir': { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  }).values;
} catch (error) {
  fail(`${error.message}\n${USAGE}`, 2);
}
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}

let datasets;
try {
  datasets = await import('@mnist-kit/datasets');
} catch (error) {
  fail(`cannot load @mnist-kit/datasets (${error.message}); build it first: pnpm --filter @mnist-kit/datasets build`);
}
const { isDatasetName, getDatasetSpec, loadDataset, downloadDataset, isGzip, FILE_KEYS, DATASET_NAMES } = datasets;

const name = args.dataset;
if (!isDatasetName(name)) fail(`unknown dataset "${name}" (expected one of ${DATASET_NAMES.join(', ')})`, 2);
const spec = getDatasetSpec(name);
const outDir = resolve(args.out ?? join(HERE, '..', 'public', 'data', name));

try {
  await mkdir(outDir, { recursive: true });
  if (args['data-dir'] !== undefined) {
    const dataDir = resolve(args['data-dir']);
    // Validates all four files (magic numbers, sizes, counts, labels) and tells which path each came from.
    const dataset = await loadDataset({ name, dataDir });
    for (const key of FILE_KEYS) {
      const target = join(outDir, spec.files[key].name);
      const source = await findLocal(dataDir, spec.files[key].name);
      const bytes = await readFile(source);
      await writeFile(target, isGzip(bytes) ? bytes : gzipSync(bytes));
      console.log(`${source} → ${target}`);
    }
    console.log(`${name}: ${dataset.train.count} train / ${dataset.test.count} test images copied to ${outDir}`);
  } else {
    const result = await downloadDataset({
      name,
      cacheDir: args['cache-dir'],
      onProgress: (p) => {
        if (process.stderr.isTTY) {
          const total = p.bytesTotal ? ` / ${(p.bytesTotal / 1e6).toFixed(1)}` : '';
          process.stderr.write(`\r${p.file}: ${(p.bytesDone / 1e6).toFixed(1)}${total} MB   `);
        }
      },
    });
    if (process.stderr.isTTY) process.stderr.write('\n');
    for (const key of FILE_KEYS) {
      const file = result.files[key];
      const target = join(outDir, file.name);
      await copyFile(file.path, target);
      console.log(`${file.path} (${file.source}) → ${target}`);
    }
    console.log(`${name}: copied to ${outDir}`);
  }
  console.log(`The web demo loads it from /data/${name}/ (pnpm --filter web dev, then open ?dataset=${name}).`);
} catch (error) {
  fail(error?.message ?? String(error));
}

/** The file of `fileName` in `dir`, with or without `.gz`. */
async function findLocal(dir, fileName) {
  const bare = fileName.replace(/\.gz$/, '');
  for (const candidate of [fileName, bare]) {
    const path = join(dir, candidate);
    if (
      await stat(path).then(
        (s) => s.isFile(),
        () => false,
      )
    )
      return path;
  }
  throw new Error(`${fileName} not found in ${dir}`);
}
