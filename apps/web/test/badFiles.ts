// Files for the "nothing a user does or suffers loses work" e2e cases: a small good model (as the page's
// Download writes it), broken model files, and dataset folders that are wrong in one way each.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import '@tensorflow/tfjs-backend-cpu';
import { createMlp, toArtifacts } from '@mnist-kit/models';
import * as tf from '@tensorflow/tfjs-core';
import { downloadHandler } from '../src/modelIo';
import { DATA_FILES, prng } from './fixtureData';

/** An HTML page such as a dev server's SPA fallback or a host's "not found" page served with status 200. */
export const HTML_PAGE = '<!doctype html>\n<html><head><title>Not found</title></head><body>Oops</body></html>\n';

/**
 * Writes `model/model.json` + `model/weights.bin` (784 → 16 → 10, 12,730 parameters = 50,920 bytes) into
 * `dir` through the page's own download handler, so they are exactly what "Download" gives.
 */
export async function writeModelFiles(dir: string): Promise<{ json: string; weights: string; bytes: number }> {
  await tf.setBackend('cpu');
  const model = createMlp({ hiddenSizes: [16], seed: 7 });
  const blobs: [string, Blob][] = [];
  await downloadHandler((name, blob) => blobs.push([name, blob])).save!(await toArtifacts(model));
  model.dispose();
  const out = join(dir, 'model');
  mkdirSync(out, { recursive: true });
  for (const [name, blob] of blobs) writeFileSync(join(out, name), new Uint8Array(await blob.arrayBuffer()));
  const weights = join(out, 'weights.bin');
  return { json: join(out, 'model.json'), weights, bytes: readFileSync(weights).length };
}

/**
 * Broken model files under `dir`, each folder wrong in one way (file names as a user would have them):
 * `not-json/model.json`, `not-a-model/model.json`, `short/weights.bin` (first 1,000 bytes),
 * `json-as-weights/weights.bin` (model.json's text), `bin-as-json/model.json` (the weights' bytes),
 * `json-only/model.json` (served without its weights.bin).
 */
export function writeBadModelFiles(dir: string, good: { json: string; weights: string }): Record<string, string> {
  const files: Record<string, [string, Uint8Array | string]> = {
    notJson: ['not-json/model.json', 'this is not JSON {'],
    notAModel: ['not-a-model/model.json', '{"hello": "world"}'],
    short: ['short/weights.bin', readFileSync(good.weights).subarray(0, 1000)],
    jsonAsWeights: ['json-as-weights/weights.bin', readFileSync(good.json)],
    binAsJson: ['bin-as-json/model.json', readFileSync(good.weights)],
    jsonOnly: ['json-only/model.json', readFileSync(good.json)],
  };
  const paths: Record<string, string> = {};
  for (const [key, [path, body]] of Object.entries(files)) {
    const full = join(dir, path);
    mkdirSync(join(full, '..'), { recursive: true });
    writeFileSync(full, body);
    paths[key] = full;
  }
  return paths;
}

/**
 * Dataset folders under `dir`, copies of the good fixture in `fixtureDir` with one thing wrong:
 * `data-html/` (every file is an HTML page, served as application/gzip), `data-truncated/` (train images
 * gzip cut in half), `data-garbage/` (train images are random bytes), `data-swapped/` (train images and
 * labels files exchanged).
 */
export function writeBadDataFolders(dir: string, fixtureDir: string): void {
  const copy = (folder: string) => {
    mkdirSync(join(dir, folder), { recursive: true });
    for (const name of DATA_FILES) copyFileSync(join(fixtureDir, name), join(dir, folder, name));
    return join(dir, folder);
  };
  const html = copy('data-html');
  for (const name of DATA_FILES) writeFileSync(join(html, name), HTML_PAGE);
  const truncated = copy('data-truncated');
  const images = readFileSync(join(fixtureDir, DATA_FILES[0]));
  writeFileSync(join(truncated, DATA_FILES[0]), images.subarray(0, Math.floor(images.length / 2)));
  const garbage = copy('data-garbage');
  const rand = prng(5);
  writeFileSync(
    join(garbage, DATA_FILES[0]),
    Uint8Array.from({ length: 4096 }, () => Math.floor(rand() * 256)),
  );
  const swapped = copy('data-swapped');
  copyFileSync(join(fixtureDir, DATA_FILES[1]), join(swapped, DATA_FILES[0]));
  copyFileSync(join(fixtureDir, DATA_FILES[0]), join(swapped, DATA_FILES[1]));
}
