import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CLI, runCli, writeSyntheticDataset } from '@mnist-kit/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// End-to-end downloads: the built CLI fetches a generated dataset from a local HTTP server (two mirror
// paths on it) that serves the files whole, cuts one off on every mirror, or stalls; test/registryOverride.mjs
// swaps the published checksums of mnist for those of the generated files.

const FILES = {
  trainImages: 'train-images-idx3-ubyte.gz',
  trainLabels: 'train-labels-idx1-ubyte.gz',
  testImages: 't10k-images-idx3-ubyte.gz',
  testLabels: 't10k-labels-idx1-ubyte.gz',
} as const;
const CUT = FILES.trainImages;

const work = mkdtempSync(join(tmpdir(), 'mnist-kit-download-'));
const data = join(work, 'data');
const bytes = new Map<string, Buffer>();
let env: Record<string, string>;

type Mode = 'good' | 'cut' | 'stall';
let mode: Mode = 'good';
let requests: { file: string; range: string | undefined }[] = [];
let server: Server;
let base: string;
let mirrors: string[];

/** Serves `/m1/<file>` and `/m2/<file>`: in 4 KB chunks 5 ms apart; `Range` gets a 206. */
function serve(req: IncomingMessage, res: ServerResponse) {
  const file = (req.url ?? '').split('/').at(-1) ?? '';
  const body = bytes.get(file);
  requests.push({ file, range: req.headers.range });
  if (body === undefined) {
    res.writeHead(404).end();
    return;
  }
  const from = Number(/^bytes=(\d+)-$/.exec(req.headers.range ?? '')?.[1] ?? 0);
  const headers = { 'content-type': 'application/octet-stream', 'content-length': String(body.length - from) };
  if (from > 0 && mode === 'good') {
    res.writeHead(206, { ...headers, 'content-range': `bytes ${from}-${body.length - 1}/${body.length}` });
  } else {
    res.writeHead(200, { ...headers, 'content-length': String(body.length) });
  }
  const rest = mode === 'good' && from > 0 ? body.subarray(from) : body;
  // cut: half the file, then the connection drops; stall: half the file, then nothing more.
  const stop = mode === 'stall' || (mode === 'cut' && file === CUT) ? Math.floor(rest.length / 2) : rest.length;
  let at = 0;
  const next = () => {
    if (res.destroyed) return;
    if (at >= stop) {
      if (stop === rest.length) res.end();
      else if (mode === 'cut') res.destroy();
      return;
    }
    res.write(rest.subarray(at, Math.min(at + 4096, stop)));
    at += 4096;
    setTimeout(next, 5);
  };
  next();
}

beforeAll(async () => {
  writeSyntheticDataset(data, 3000, 500);
  const registry: Record<string, { name: string; size: number; md5: string }> = {};
  for (const [key, name] of Object.entries(FILES)) {
    const b = readFileSync(join(data, name));
    bytes.set(name, b);
    registry[key] = { name, size: b.length, md5: createHash('md5').update(b).digest('hex') };
  }
  const preload = pathToFileURL(join(dirname(fileURLToPath(import.meta.url)), 'registryOverride.mjs')).href;
  env = { NODE_OPTIONS: `--import=${preload}`, MNIST_KIT_TEST_REGISTRY: JSON.stringify({ mnist: registry }) };
  server = createServer(serve);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  mirrors = [`${base}/m1/`, `${base}/m2/`];
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
  rmSync(work, { recursive: true, force: true });
});

const mirrorFlags = () => mirrors.flatMap((m) => ['--mirror', m]);
const gzIn = (dir: string) =>
  existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.gz'))
        .sort()
    : [];
const leftoversIn = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((f) => !f.endsWith('.gz')) : []);

describe('download: files fetched concurrently, failures kept apart', () => {
  const cache = join(work, 'cache');
  const dir = join(cache, 'mnist');

  it('one file cut off on every mirror: one error line naming it and each mirror; the others are cached', async () => {
    mode = 'cut';
    requests = [];
    const r = await runCli(['download', '--cache-dir', cache, ...mirrorFlags(), '--json'], { env });
    expect(r.code, r.stderr).toBe(1);
    const lines = r.stderr.trim().split('\n');
    const last = lines.at(-1) ?? '';
    // Without a TTY: one line when a file starts on a mirror, then the one error line.
    for (const line of lines.slice(0, -1)) expect(line).toMatch(/^downloading \S+\.gz from http:\/\/127\.0\.0\.1/);
    expect(last).toMatch(/^error: could not download 1 of 4 files of mnist \(the 3 others are cached in /);
    expect(last).toContain(dir);
    expect(last).toContain(`${CUT} — ${mirrors[0]}: truncated`);
    expect(last).toContain(`; ${mirrors[1]}: truncated`);
    expect(last).toMatch(/— use --data-dir DIR to train from local files$/);
    for (const other of Object.values(FILES).filter((f) => f !== CUT)) expect(last).not.toContain(other);
    expect(r.stderr).not.toMatch(/\n\s+at /);

    const out = JSON.parse(r.stdout);
    expect(out.error.code).toBe('DOWNLOAD_FAILED');
    expect(out.error.failures).toHaveLength(1);
    expect(out.error.failures[0]).toMatchObject({ key: 'trainImages', file: CUT });
    expect(out.error.failures[0].attempts.map((a: { mirror: string }) => a.mirror)).toEqual(mirrors);

    expect(gzIn(dir)).toEqual(
      Object.values(FILES)
        .filter((f) => f !== CUT)
        .sort(),
    );
    expect(leftoversIn(dir)).toEqual([]);
  });

  it('the next run with a good server fetches only the missing file', async () => {
    mode = 'good';
    requests = [];
    const r = await runCli(['download', '--cache-dir', cache, ...mirrorFlags()], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(requests.map((q) => q.file)).toEqual([CUT]);
    expect(r.stderr.trim().split('\n')).toEqual([`downloading ${CUT} from ${mirrors[0]}`]);
    expect(r.stdout).toMatch(/^mnist: 4 files verified in /);
    expect(gzIn(dir)).toEqual(Object.values(FILES).sort());
  });
});

describe('download: Ctrl-C', () => {
  it('parks the bytes received, exits 130 with one line; the next run resumes them with Range', async () => {
    const cache = join(work, 'cache-int');
    const dir = join(cache, 'mnist');
    mode = 'stall';
    requests = [];
    let sent = false;
    const r = await runCli(['download', '--cache-dir', cache, ...mirrorFlags()], {
      env,
      onStderr: (chunk, child) => {
        if (!sent && /downloading/.test(chunk)) {
          sent = true;
          // Let the three concurrent transfers get their first half in.
          setTimeout(() => child.kill('SIGINT'), 800);
        }
      },
    });
    expect(r.code, r.stderr).toBe(130);
    const lines = r.stderr.trim().split('\n');
    expect(lines.filter((l) => !l.startsWith('downloading '))).toEqual([lines.at(-1)]);
    expect(lines.at(-1)).toMatch(/^interrupted: the download of mnist stopped; .* kept in .*mnist/);
    const parked = leftoversIn(dir).filter((f) => f.endsWith('.partial'));
    expect(parked.length).toBeGreaterThan(0);
    expect(leftoversIn(dir).filter((f) => f.endsWith('.part'))).toEqual([]);

    mode = 'good';
    requests = [];
    const again = await runCli(['download', '--cache-dir', cache, ...mirrorFlags()], { env });
    expect(again.code, again.stderr).toBe(0);
    const resumed = requests.filter((q) => q.range !== undefined).map((q) => `${q.file}.partial`);
    expect(resumed.sort()).toEqual(parked.sort());
    expect(gzIn(dir)).toEqual(Object.values(FILES).sort());
    expect(leftoversIn(dir)).toEqual([]);
  });
});

/** Runs the CLI under `script` (a pseudo-terminal) and returns what the terminal shows at the end. */
function runOnTty(
  args: string[],
  extraEnv: Record<string, string>,
): Promise<{ code: number | null; screen: string[] }> {
  const quote = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;
  const command = [process.execPath, CLI, ...args].map(quote).join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', `stty cols 120; ${command}`, '/dev/null'], {
      env: { ...process.env, NO_COLOR: '1', ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let raw = '';
    child.stdout.on('data', (d) => {
      raw += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, screen: renderTerminal(raw) }));
  });
}

/** A minimal terminal: the lines left on screen after the cursor moves and erases cli-progress uses. */
function renderTerminal(raw: string): string[] {
  const rows: string[][] = [[]];
  let row = 0;
  let col = 0;
  const line = () => {
    while (rows.length <= row) rows.push([]);
    return rows[row]!;
  };
  const esc = '\u001b';
  const re = new RegExp(`${esc}\\[([?\\d;]*)([A-Za-z])|${esc}[78]|\\r|\\n|[^${esc}\\r\\n]`, 'gu');
  for (const m of raw.matchAll(re)) {
    const [token, params = '', cmd] = m;
    const n = Number(params || 1);
    if (token === '\r') col = 0;
    else if (token === '\n') {
      row += 1;
      col = 0;
    } else if (cmd === 'A') row = Math.max(0, row - n);
    else if (cmd === 'B') row += n;
    else if (cmd === 'C') col += n;
    else if (cmd === 'D') col = Math.max(0, col - n);
    else if (cmd === 'G') col = n - 1;
    else if (cmd === 'K') {
      const l = line();
      if (params === '2') l.length = 0;
      else if (params === '1') l.fill(' ', 0, col);
      else l.length = Math.min(l.length, col);
    } else if (cmd === 'J') rows.length = row + 1;
    else if (cmd === undefined && !token.startsWith(esc)) {
      const l = line();
      while (l.length < col) l.push(' ');
      l[col] = token;
      col += 1;
    }
  }
  return rows.map((r) => r.join('').trimEnd()).filter(Boolean);
}

describe.skipIf(!existsSync('/usr/bin/script'))('download progress on a TTY', () => {
  it('draws one bar per file, each on its own line, while three files download at once', async () => {
    mode = 'good';
    requests = [];
    const cache = join(work, 'cache-tty');
    const r = await runOnTty(['download', '--cache-dir', cache, ...mirrorFlags()], env);
    expect(r.code, r.screen.join('\n')).toBe(0);
    const barRows = r.screen.filter((l) => l.includes('|'));
    expect(barRows).toHaveLength(4);
    for (const name of Object.values(FILES)) {
      const rows = barRows.filter((l) => l.startsWith(`${name} `));
      expect(rows, r.screen.join('\n')).toHaveLength(1);
      expect(rows[0]).toMatch(/\| 100% [\d.]+\/[\d.]+ [kM]B · 127\.0\.0\.1:\d+$/);
    }
    expect(r.screen.at(-1)).toMatch(/^mnist: 4 files verified in /);
  });
});
