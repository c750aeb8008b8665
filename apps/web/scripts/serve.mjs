// Serving helpers shared by the e2e test (test/e2e.test.ts), the browser benchmark
// (scripts/bench-browser.mjs) and vite.config.ts. Plain JS so Node scripts can import it.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { dirname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The app's root folder (apps/web). */
export const APP_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Headers that make the page cross-origin isolated (`crossOriginIsolated === true`), which
 * `SharedArrayBuffer`, and so the threaded build of tfjs-backend-wasm, needs.
 * @type {Readonly<Record<string, string>>}
 */
export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/**
 * Where `vite build --mode bench` puts the app with its benchmark page (bench.html), relative to APP_ROOT:
 * outside dist/ (the demo as deployed) and, like dist/, ignored by git and biome.
 */
export const BENCH_OUT_DIR = 'node_modules/.bench';

/** @type {Record<string, string>} */
const CONTENT_TYPES = {
  '.wasm': 'application/wasm',
  '.gz': 'application/gzip',
  '.json': 'application/json',
  '.bin': 'application/octet-stream',
};

/**
 * A connect middleware serving the files of `dir` under the URL prefix `prefix` (e.g. `/wasm/`),
 * with the isolation headers; anything else goes to `next`.
 * @param {string} prefix
 * @param {string} dir
 * @returns {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse, next: () => void) => void}
 */
export function serveFolder(prefix, dir) {
  const root = normalize(dir);
  return (req, res, next) => {
    const path = (req.url ?? '').split('?')[0] ?? '';
    if (!path.startsWith(prefix) || (req.method !== 'GET' && req.method !== 'HEAD')) return next();
    const file = normalize(join(root, decodeURIComponent(path.slice(prefix.length))));
    if (!file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) return next();
    res.setHeader('Content-Type', CONTENT_TYPES[file.slice(file.lastIndexOf('.'))] ?? 'application/octet-stream');
    res.setHeader('Content-Length', statSync(file).size);
    for (const [name, value] of Object.entries(ISOLATION_HEADERS)) res.setHeader(name, value);
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    createReadStream(file).pipe(res);
  };
}

/**
 * A Vite plugin serving local folders under URL prefixes in dev and preview, e.g.
 * `{ '/data/fixture/': '/tmp/fixture' }`.
 * @param {Readonly<Record<string, string>>} folders
 * @returns {import('vite').Plugin}
 */
export function serveFolders(folders) {
  const handlers = Object.entries(folders).map(([prefix, dir]) => serveFolder(prefix, dir));
  /** @param {import('vite').Connect.Server} middlewares */
  const use = (middlewares) => {
    for (const handler of handlers) middlewares.use(handler);
  };
  return {
    name: 'mnist-kit:serve-folders',
    configureServer: (server) => use(server.middlewares),
    configurePreviewServer: (server) => use(server.middlewares),
  };
}

/**
 * Serves the built app with `vite preview` on a free port, plus `folders`: the demo's build (dist/), or the
 * bench build (`outDir: BENCH_OUT_DIR`).
 * @param {{ folders?: Readonly<Record<string, string>>; outDir?: string }} [options]
 * @returns {Promise<{ url: string; close: () => Promise<void> }>}
 */
export async function startPreview(options = {}) {
  const outDir = options.outDir ?? 'dist';
  if (!existsSync(join(APP_ROOT, outDir, 'index.html'))) {
    const build =
      outDir === BENCH_OUT_DIR ? 'vite build --mode bench' : 'pnpm --filter web build; turbo does it for `test`';
    throw new Error(`apps/web/${outDir} is missing: build the app first (${build})`);
  }
  const { preview } = await import('vite');
  const server = await preview({
    root: APP_ROOT,
    logLevel: 'warn',
    build: { outDir },
    preview: { port: 0, strictPort: true, host: '127.0.0.1', open: false },
    plugins: [serveFolders(options.folders ?? {})],
  });
  const address = server.httpServer.address();
  if (address === null || typeof address === 'string') throw new Error('vite preview did not report its port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () => server.close(),
  };
}

/** Flags for headless Debian Chromium: quiet, sandbox-free, WebGL and WebGPU on SwiftShader. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--enable-unsafe-swiftshader',
  '--enable-unsafe-webgpu',
  '--use-webgpu-adapter=swiftshader',
  '--enable-features=Vulkan',
];

/** Debian's Chromium (never a downloaded browser); `MNIST_KIT_CHROMIUM` overrides the path. */
export const CHROMIUM_PATH = process.env.MNIST_KIT_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Launches headless Chromium with a fresh temporary profile (playwright-core creates and removes it).
 * @returns {Promise<import('playwright-core').Browser>}
 */
export async function launchChromium() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}
