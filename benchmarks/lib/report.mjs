// Statistics, table rendering and machine description for the benchmark reports.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { REPO_ROOT } from './resolve.mjs';

const finite = (xs) => xs.filter((x) => typeof x === 'number' && Number.isFinite(x));

export function median(values) {
  const xs = finite(values).sort((a, b) => a - b);
  if (xs.length === 0) return undefined;
  const mid = Math.floor(xs.length / 2);
  return xs.length % 2 ? xs[mid] : (xs[mid - 1] + xs[mid]) / 2;
}

export function mean(values) {
  const xs = finite(values);
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : undefined;
}

export function fmt(value, digits = 2, suffix = '') {
  return typeof value === 'number' && Number.isFinite(value) ? `${value.toFixed(digits)}${suffix}` : 'n/a';
}

export const pct = (value, digits = 2) => fmt(value === undefined ? undefined : value * 100, digits, ' %');

/** ✓ / ✗ for a boolean, – when it could not be checked. */
export const mark = (ok) => (ok === undefined ? '–' : ok ? '✓' : '✗');

/**
 * Renders rows under a header as a plain-text table; numeric-looking cells right-aligned. A row may be
 * `{ span: [first, text] }`: `first` in the first column, then `text` unaligned across the others (a
 * failed configuration's one-line error, a warning), not widening any column.
 */
export function table(header, rows) {
  const cells = rows.filter(Array.isArray);
  const spans = rows.filter((r) => !Array.isArray(r)).map((r) => r.span[0]);
  const widths = header.map((_, i) =>
    Math.max(
      ...[header, ...cells].map((r) => [...String(r[i] ?? '')].length),
      ...(i === 0 ? spans.map((s) => [...s].length) : [0]),
    ),
  );
  const numeric = /^[-+]?[\d.,]+( ?(%|s|MB|×|x))?$|^n\/a$/;
  const line = (r) => {
    if (!Array.isArray(r))
      return `${r.span[0]}${' '.repeat(widths[0] - [...r.span[0]].length)}  ${r.span[1]}`.trimEnd();
    return r
      .map((cell, i) => {
        const s = String(cell ?? '');
        const pad = ' '.repeat(widths[i] - [...s].length);
        return i > 0 && numeric.test(s) ? pad + s : s + pad;
      })
      .join('  ')
      .trimEnd();
  };
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** A GitHub-flavoured Markdown table; `align` holds 'l' or 'r' per column. */
export function markdownTable(header, rows, align = []) {
  const esc = (cell) => String(cell ?? '').replaceAll('|', '\\|');
  const sep = header.map((_, i) => (align[i] === 'r' ? '---:' : ':---'));
  return [header, sep, ...rows].map((r) => `| ${r.map((c) => (r === sep ? c : esc(c))).join(' | ')} |`).join('\n');
}

function tryExec(file, args) {
  try {
    return execFileSync(file, args, { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

/** What the numbers were measured on. */
export function describeMachine() {
  let cpuModel = os.cpus()[0]?.model;
  try {
    const info = readFileSync('/proc/cpuinfo', 'utf8');
    cpuModel = info.match(/^model name\s*:\s*(.+)$/m)?.[1] ?? cpuModel;
  } catch {
    // not Linux
  }
  const head = tryExec('git', ['rev-parse', '--short', 'HEAD']);
  const dirty = tryExec('git', ['status', '--porcelain']);
  return {
    cpuModel,
    logicalCores: os.cpus().length,
    availableParallelism: os.availableParallelism?.(),
    totalMemoryGB: os.totalmem() / 2 ** 30,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    gitCommit: head ? `${head}${dirty ? ' (uncommitted changes)' : ''}` : undefined,
    loadAverageAtStart: os.loadavg(),
  };
}

export function machineLines(machine, extra = {}) {
  const lines = [
    `CPU      ${machine.cpuModel} — ${machine.logicalCores} logical cores${machine.availableParallelism !== machine.logicalCores ? ` (${machine.availableParallelism} available)` : ''}, ${fmt(machine.totalMemoryGB, 1)} GB RAM`,
    `OS       ${machine.platform}`,
    `Node     ${machine.node}${extra.tfjs ? `, tfjs ${extra.tfjs}` : ''}`,
  ];
  if (extra.torch) lines.push(`PyTorch  ${extra.torch}`);
  if (extra.jaxjs) lines.push(`jax-js   ${extra.jaxjs}`);
  if (machine.gitCommit) lines.push(`commit   ${machine.gitCommit}`);
  lines.push(
    `load avg ${machine.loadAverageAtStart.map((x) => x.toFixed(2)).join(' ')} at start, ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')} now`,
  );
  if (machine.loadAverageAtStart[0] >= 0.5) {
    lines.push(
      `warning: the machine was busy at start (1-min load ${machine.loadAverageAtStart[0].toFixed(2)} on ${machine.logicalCores} cores): timings are noisy`,
    );
  }
  return lines;
}

/** A filesystem-safe local timestamp: 2024-05-01T12-34-56. */
export function timestamp(date = new Date()) {
  const p = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${p(date.getMonth() + 1)}-${p(date.getDate())}T${p(date.getHours())}-${p(date.getMinutes())}-${p(date.getSeconds())}`;
}
