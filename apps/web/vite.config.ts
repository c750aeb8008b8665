import { defaultClientConditions, defineConfig } from 'vite';
import { BENCH_OUT_DIR, ISOLATION_HEADERS } from './scripts/serve.mjs';
import { wasmFiles, wasmThreadsFix } from './vite/plugins.ts';

// `vite build` builds the demo (index.html) and the backend self-test (selftest.html, which the e2e tests
// open) into dist/. `vite build --mode bench` adds the browser benchmark's page (bench.html, for
// scripts/bench-browser.mjs) and builds into BENCH_OUT_DIR instead, so dist/, what gets deployed, never holds it.
export default defineConfig(({ mode }) => ({
  // Relative asset URLs: dist/ works from any folder of any static host (GitHub Pages, S3, `file`-less
  // preview servers) without rebuilding for its path. Dev serves at `/` regardless.
  base: './',
  // Inside the repo, build the workspace packages from their sources (`@mnist-kit/source`, whose
  // `browser` branch is the browser entry), elsewhere from their `browser` builds; and one tfjs-core
  // for the app and every package.
  resolve: {
    conditions: ['@mnist-kit/source', ...defaultClientConditions],
    dedupe: ['@tensorflow/tfjs-core'],
  },
  plugins: [wasmFiles(), wasmThreadsFix()],
  // tfjs-backend-wasm is pre-bundled in dev (its emscripten glue is CommonJS); same fix there.
  optimizeDeps: { rolldownOptions: { plugins: [wasmThreadsFix()] } },
  // Cross-origin isolation, so the wasm backend gets SharedArrayBuffer and runs multi-threaded.
  server: { headers: ISOLATION_HEADERS },
  preview: { headers: ISOLATION_HEADERS },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
    ...(mode === 'bench' ? { outDir: BENCH_OUT_DIR } : {}),
    rolldownOptions: {
      input: { main: 'index.html', selftest: 'selftest.html', ...(mode === 'bench' ? { bench: 'bench.html' } : {}) },
    },
  },
}));
