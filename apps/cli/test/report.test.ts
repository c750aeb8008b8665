import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, writeSyntheticDataset } from '@mnist-kit/test-utils';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// report.html: one offline file with the curves over whole epochs, the confusion matrix, the per-class
// table, the misclassified test images, a grid of training images and the first layer's weight images.

const work = mkdtempSync(join(tmpdir(), 'mnist-kit-report-'));
const data = join(work, 'data');
const out = join(work, 'run');
let html: string;
let metrics: { perClass: { precision: number; recall: number; f1: number; support: number }[]; testCount: number };

beforeAll(async () => {
  writeSyntheticDataset(data);
  const r = await runCli([
    'train',
    '--data-dir',
    data,
    '--backend',
    'cpu',
    '--epochs',
    '2',
    '--hidden',
    '24',
    '--out',
    out,
    '--json',
  ]);
  expect(r.code, r.stderr).toBe(0);
  html = readFileSync(join(out, 'report.html'), 'utf8');
  metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'));
}, 120_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The markup of the element carrying `data-section="name"` up to the next heading. */
function section(name: string): string {
  const start = html.indexOf(`data-section="${name}"`);
  expect(start, `no ${name} section`).toBeGreaterThan(0);
  const end = html.indexOf('<h2>', start);
  return html.slice(start, end < 0 ? undefined : end);
}

function decodePng(dataUrl: string): PNG {
  expect(dataUrl).toMatch(/^data:image\/png;base64,/);
  return PNG.sync.read(Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64'));
}

describe('report.html', () => {
  it('stays one offline file: no external script, stylesheet or image', () => {
    expect(html).not.toMatch(/<script[^>]+src=/);
    expect(html).not.toMatch(/<link[^>]+stylesheet/);
    expect(html).not.toMatch(/src="(?!data:)/);
    expect(html).not.toMatch(/url\(\s*['"]?https?:/);
  });

  it('a grid of 32 training images with their labels, as 28×28 PNGs', () => {
    const grid = section('sample-grid');
    const images = [...grid.matchAll(/<img src="([^"]+)" alt="training image (\d+): (\w+)"/g)];
    expect(images).toHaveLength(32);
    expect(new Set(images.map((m) => m[2])).size).toBe(32);
    const png = decodePng(images[0]![1]!);
    expect([png.width, png.height]).toEqual([28, 28]);
    expect(grid.match(/<figcaption>\d<\/figcaption>/g)).toHaveLength(32);
  });

  it('the first layer’s weights: one 28×28 tile per hidden unit, on a diverging colour map', () => {
    const weights = section('weights-grid');
    const src = /src="([^"]+)"/.exec(weights)![1]!;
    const png = decodePng(src);
    // 24 units, 16 tiles a row with a 1 px gap: 16·29 − 1 wide, 2·29 − 1 high.
    expect([png.width, png.height]).toEqual([463, 57]);
    // Red (positive) and blue (negative) pixels both occur.
    let red = 0;
    let blue = 0;
    for (let i = 0; i < png.data.length; i += 4) {
      if (png.data[i]! > png.data[i + 2]! + 60) red++;
      if (png.data[i + 2]! > png.data[i]! + 60) blue++;
    }
    expect(red).toBeGreaterThan(100);
    expect(blue).toBeGreaterThan(100);
    expect(html).toContain('Each of the 24 hidden units');
  });

  it('the per-class precision / recall / F1 table, one row per class, matching metrics.json', () => {
    const table = section('per-class');
    const rows = [
      ...table.matchAll(
        /<tr><th scope="row">(\d)<\/th><td>([\d.]+)<\/td><td>([\d.]+)<\/td><td>([\d.]+)<\/td><td>(\d+)<\/td><\/tr>/g,
      ),
    ];
    expect(rows).toHaveLength(10);
    for (const [i, row] of rows.entries()) {
      const c = metrics.perClass[i]!;
      expect(row.slice(2).map(Number)).toEqual([
        Number(c.precision.toFixed(4)),
        Number(c.recall.toFixed(4)),
        Number(c.f1.toFixed(4)),
        c.support,
      ]);
    }
    expect(table).toMatch(/macro-F1 \d\.\d{4}/);
  });

  it('a gallery of misclassified test images (or says there are none)', () => {
    const gallery = section('misclassified');
    const misses = [...gallery.matchAll(/alt="test image (\d+): true (\w+), predicted (\w+)"/g)];
    if (misses.length === 0) {
      expect(gallery).toContain('No misclassified test images.');
      return;
    }
    for (const m of misses) {
      expect(Number(m[1])).toBeLessThan(metrics.testCount);
      expect(m[2]).not.toBe(m[3]);
    }
    expect(gallery).toMatch(/<figcaption>\d → \d \(\d+ %\)<\/figcaption>/);
  });

  it('the curves’ x axis is in whole epochs', () => {
    expect(html).toContain("label: 'epoch', incrs: [1, 2, 5, 10");
    expect(html).toContain('Number.isInteger(t)');
  });
});
